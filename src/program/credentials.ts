import { looksSecret, urlHasCredentials } from "./heroku-rules";

/**
 * Why a config var is a credential (its name, or its value's shape), or undefined when nothing
 * says so. The reason never quotes the value. Used where a value must be kept out of plaintext:
 * `npm run adopt` routes such a var to `sensitiveVars` instead of writing it into a stack file.
 */
export function credentialReason(name: string, value: string): string | undefined {
  if (looksSecret(name)) return `its name says it is a credential`;
  if (urlHasCredentials(value)) return "its value is a URL with a password or token in it";
  return undefined;
}
