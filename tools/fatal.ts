/**
 * The last word of a tool on an error nothing expected: one line with its message; the stack
 * trace only on request (HEROKU_APP_DEBUG=1), since a trace is no message for a user and may
 * quote more than it should.
 */
export function fatalLine(tool: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const trace =
    process.env.HEROKU_APP_DEBUG === "1" && error instanceof Error ? `\n${error.stack}` : "";
  return `${tool}: unexpected error: ${message.split("\n")[0]} (HEROKU_APP_DEBUG=1 shows where)${trace}\n`;
}
