/**
 * How a `secure:` value reaches the program where nothing can decrypt it: the offline plan, the
 * local run and the tests read stack files without the CLI and its secrets provider.
 */

/**
 * Stands in for a `secure:` value where nothing can decrypt it (the offline tools): only the CLI,
 * with the stack's secrets provider, can. It is a secret of unknown value; format checks skip it.
 * The offline stack-file loader (src/stack-files/) puts it where each `secure:` leaf was.
 */
export const UNKNOWN_SECRET = "[secret: decrypted by the Pulumi CLI at deploy time]";

/** Whether a value stands in for a `secure:` value. */
export function isUnknownSecret(value: unknown): boolean {
  return typeof value === "string" && value.startsWith(UNKNOWN_SECRET);
}
