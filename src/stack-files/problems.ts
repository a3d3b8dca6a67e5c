/** A stack file that can't be read as the Pulumi CLI would read it: every problem, one per line. */
export class StackFileError extends Error {
  override name = "StackFileError";
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
  }
}
