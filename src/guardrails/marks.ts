/**
 * How a plan shows what it can't or mustn't print: secrets, and values only a deployment knows.
 * Dependency-free, so the policy pack (policy/) uses the same marks without loading the runtime.
 */

export const SECRET_MARK = "[secret]";

/** An Output with no value yet: the engine learns it when the resource is created. */
export const KNOWN_AFTER_DEPLOY = "(known after deploy)";

/** `(known after deploy: heroku-app.webUrl)`: the placeholder naming where the value comes from. */
export function knownAfterDeploy(path: string): string {
  return `(known after deploy: ${path})`;
}

export function isKnownAfterDeploy(value: string): boolean {
  return value === KNOWN_AFTER_DEPLOY || value.startsWith("(known after deploy: ");
}

/** A secret map keeps its keys (config var names are not secret); everything else is hidden. */
export function maskSecret(value: unknown): unknown {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return Object.fromEntries(Object.keys(value).map((key) => [key, SECRET_MARK]));
  }
  return SECRET_MARK;
}

/**
 * A credential written in plaintext where plain values live (a config var named like one, or a
 * value shaped like a token): the plan hides it and says what it is, never what it says.
 */
const PLAINTEXT_CREDENTIAL = "[secret: plaintext, ";

export function plaintextCredentialMark(what: string): string {
  return `${PLAINTEXT_CREDENTIAL}${what}]`;
}

/** What a plaintext-credential mark says the value was ("a Stripe secret key"), if it is one. */
export function plaintextCredentialWhat(value: unknown): string | undefined {
  const marked = typeof value === "string" && value.startsWith(PLAINTEXT_CREDENTIAL);
  return marked ? value.slice(PLAINTEXT_CREDENTIAL.length, -1) : undefined;
}

/**
 * Masked secrets: the plan shows a secret as "[secret]" (a plaintext credential as
 * "[secret: plaintext, …]"), and the offline stack-file loader a `secure:` value as
 * "[secret: decrypted by the Pulumi CLI…]". Any of them in a plain var is a leak.
 */
export function isMaskedSecret(value: unknown): boolean {
  return typeof value === "string" && /^\[secret[\]:]/.test(value);
}
