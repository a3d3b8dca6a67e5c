/**
 * Is this plain config var really a credential? By its name (`STRIPE_API_KEY`, `DB_PASSWD`) or by
 * the shape of its value (`sk_live_…`, `ghp_…`, a URL with a password). A credential belongs in
 * `sensitiveVars` (encrypted in the stack file, a secret in state and plans), never in
 * `configVars`. The config parser, the offline plan (which masks what this flags), the policies
 * and the adoption tool all ask this one module.
 *
 * Dependency-free: the policy pack compiles it from its own directory (src/guardrails/README.md).
 */

/** Name parts that say "credential" wherever they stand: `ADMIN_PASSWORD_HASH`, `PRIVATE_KEY_PEM`. */
const CREDENTIAL_WORDS = /PASSWORD|PASSWD|PASSPHRASE|PRIVATE|CREDENTIAL|SECRET|APIKEY/i;
/** Name endings that do: `GITHUB_TOKEN`, `AWS_KEYS`, `SMTP_PASS`, `GITLAB_PAT`, `DB_PWD`, `BASIC_AUTH`. */
const CREDENTIAL_ENDINGS = /((^|_)(TOKENS?|KEYS?)|_(PASS|PWD|PAT|AUTH))$/i;

/** Names that say "I am a credential"; such a var belongs in sensitiveVars. */
export function looksSecret(name: string): boolean {
  return CREDENTIAL_WORDS.test(name) || CREDENTIAL_ENDINGS.test(name);
}

/**
 * A URL with a password or token in it is a secret whatever its name: `scheme://user:secret@host`,
 * or a token as the whole user part (`https://<token>@github.com/org/repo.git`, as Git hosts take
 * it): 16 or more token characters with a digit and a letter, where a user name is a short word.
 */
export function urlHasCredentials(value: string): boolean {
  if (/[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:[^/@\s]+@/i.test(value)) return true;
  const user = /[a-z][a-z0-9+.-]*:\/\/([^/@\s:]+)@/i.exec(value)?.[1];
  return (
    user !== undefined && /^[\w.~-]{16,}$/.test(user) && /\d/.test(user) && /[a-z]/i.test(user)
  );
}

/**
 * Values that are credentials by their shape, each with what it is in words. Prefixes are the
 * issuers' published token formats (Stripe `sk_live_`/`rk_live_`/`whsec_`, GitHub `ghp_`…
 * and `github_pat_`, AWS `AKIA`/`ASIA` key ids, Slack `xox?-` tokens and hooks.slack.com
 * webhooks, Google `AIza`, SendGrid `SG.`, npm `npm_`, GitLab `glpat-`, OpenAI `sk-`); the others
 * are generic (a bearer token or Basic credentials, a PEM private key, a JWT, a secret in a
 * query string).
 */
const VALUE_SHAPES: readonly { what: string; matches: (value: string) => boolean }[] = [
  shape("a Stripe secret key", /\b[sr]k_(live|test)_[0-9A-Za-z]{8,}/),
  shape("a Stripe webhook signing secret", /\bwhsec_[0-9A-Za-z]{16,}/),
  shape("a GitHub token", /\bgh[pousr]_[0-9A-Za-z]{30,}/),
  shape("a GitHub fine-grained token", /\bgithub_pat_[0-9A-Za-z_]{20,}/),
  shape("an AWS access key id", /\b(AKIA|ASIA)[0-9A-Z]{16}\b/),
  shape("a Slack token", /\bxox[abposr]-[0-9A-Za-z-]{10,}/),
  shape("a Slack webhook URL", /\bhooks\.slack\.com\/(services|workflows|triggers)\/\S+/i),
  shape("a Google API key", /\bAIza[0-9A-Za-z_-]{35}/),
  shape("a SendGrid API key", /\bSG\.[0-9A-Za-z_-]{16,}\.[0-9A-Za-z_-]{16,}/),
  shape("an npm token", /\bnpm_[0-9A-Za-z]{36}\b/),
  shape("a GitLab token", /\bglpat-[0-9A-Za-z_-]{20,}/),
  shape("an OpenAI API key", /\bsk-(proj-)?[0-9A-Za-z_-]{32,}/),
  shape("a bearer token", /(^|[\s:"'])Bearer\s+[0-9A-Za-z._~+/=-]{8,}/),
  shape("HTTP Basic credentials", /(^|Authorization:\s*)Basic\s+[0-9A-Za-z+/]{8,}={0,2}\s*$/i),
  shape("a private key", /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/),
  shape("a JSON Web Token", /\beyJ[0-9A-Za-z_-]{8,}\.eyJ[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]{8,}/),
  { what: "a URL with credentials in it", matches: urlHasCredentials },
  shape(
    "a URL with a secret in its query string",
    /[?&](access_token|api_key|apikey|key|password|secret|sig|signature|token)=[^&#\s]{6,}/i,
  ),
];

function shape(what: string, pattern: RegExp) {
  return { what, matches: (value: string) => pattern.test(value) };
}

/**
 * What every shape above needs somewhere in the value: one scan rules out most values (a stack
 * file can hold tens of thousands) before the shapes are tried one by one.
 */
const MAY_BE_A_CREDENTIAL =
  /[sr]k_|whsec_|gh[pousr]_|github_pat_|AKIA|ASIA|xox|hooks\.slack|AIza|SG\.|npm_|glpat-|sk-|Bearer|Basic|PRIVATE KEY|eyJ|:\/\/|[?&]/i;

/** What a value is, when its shape says it is a credential; undefined otherwise. */
export function credentialShape(value: string): string | undefined {
  if (!MAY_BE_A_CREDENTIAL.test(value)) return undefined;
  return VALUE_SHAPES.find(({ matches }) => matches(value))?.what;
}

/**
 * Why a plain config var is a credential, in words ("its name says it is a credential",
 * "its value looks like a Stripe secret key"), or undefined when nothing says so.
 * The words never include the value.
 */
export function credentialReason(name: string, value: string): string | undefined {
  const what = credentialShape(value);
  if (what !== undefined) return `its value looks like ${what}`;
  if (looksSecret(name)) return "its name says it is a credential";
  return undefined;
}
