import {
  credentialReason,
  credentialShape,
  looksSecret,
  urlHasCredentials,
} from "../../src/program/credentials";

/**
 * What makes a plain config var a credential: its value's shape (one test per issuer's format)
 * or its name — and what doesn't (ordinary values and URLs without credentials). Every token
 * below is made up, shaped like the real thing and never valid.
 */

const fake = (length: number, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789") =>
  Array.from({ length }, (_, index) => alphabet[(index * 7) % alphabet.length]).join("");

describe("values shaped like a credential, whatever their name", () => {
  const shapes: [string, string][] = [
    [`sk_live_${fake(24)}`, "a Stripe secret key"],
    [`sk_test_${fake(24)}`, "a Stripe secret key"],
    [`rk_live_${fake(24)}`, "a Stripe secret key"],
    [`whsec_${fake(32)}`, "a Stripe webhook signing secret"],
    [`ghp_${fake(36)}`, "a GitHub token"],
    [`gho_${fake(36)}`, "a GitHub token"],
    [`ghs_${fake(36)}`, "a GitHub token"],
    [`github_pat_11${fake(20)}_${fake(40)}`, "a GitHub fine-grained token"],
    [`AKIA${fake(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`, "an AWS access key id"],
    [`ASIA${fake(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`, "an AWS access key id"],
    [`xoxb-${fake(12, "0123456789")}-${fake(24)}`, "a Slack token"],
    [`xoxp-${fake(12, "0123456789")}-${fake(24)}`, "a Slack token"],
    [`xoxa-2-${fake(30)}`, "a Slack token"],
    [`https://hooks.slack.com/services/T0000/B0000/${fake(24)}`, "a Slack webhook URL"],
    [`AIza${fake(35)}`, "a Google API key"],
    [`SG.${fake(22)}.${fake(43)}`, "a SendGrid API key"],
    [`npm_${fake(36)}`, "an npm token"],
    [`glpat-${fake(20)}`, "a GitLab token"],
    [`sk-proj-${fake(48)}`, "an OpenAI API key"],
    [`Bearer ${fake(32)}`, "a bearer token"],
    [`{"Authorization": "Bearer ${fake(32)}"}`, "a bearer token"],
    [`Basic ${Buffer.from("user:pass-word").toString("base64")}`, "HTTP Basic credentials"],
    ["-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----", "a private key"],
    ["-----BEGIN OPENSSH PRIVATE KEY-----", "a private key"],
    [`eyJ${fake(20)}.eyJ${fake(30)}.${fake(43)}`, "a JSON Web Token"],
    ["postgres://user:hunter2@db.example.com:5432/app", "a URL with credentials in it"],
    ["redis://:hunter2@cache.example.com:6379", "a URL with credentials in it"],
    ["amqps://app:hunter2@mq.example.com/vhost", "a URL with credentials in it"],
    ["https://ghp_short1234567890@github.com/org/repo.git", "a URL with credentials in it"],
    ["https://0123456789abcdef0123456789abcdef@github.com/o/r.git", "a URL with credentials in it"],
    [
      "https://api.example.com/hook?token=hunter2hunter2",
      "a URL with a secret in its query string",
    ],
    [
      "https://maps.example.com/api?key=hunter2hunter2&q=x",
      "a URL with a secret in its query string",
    ],
  ];

  test.each(shapes)("%s is %s", (value, what) => {
    expect(credentialShape(value)).toBe(what);
    expect(credentialReason("PLAIN_NAME", value)).toBe(`its value looks like ${what}`);
    expect(credentialReason("PLAIN_NAME", value)).not.toContain(value);
  });
});

describe("names that say credential, whatever the value", () => {
  test.each([
    "SECRET_KEY_BASE",
    "WEBHOOK_SECRET",
    "CLIENT_SECRETS",
    "GITHUB_TOKEN",
    "API_TOKENS",
    "STRIPE_API_KEY",
    "SIGNING_KEYS",
    "MAILGUN_APIKEY",
    "DB_PASSWORD",
    "ADMIN_PASSWORD_HASH",
    "SMTP_PASSWD",
    "SMTP_PASS",
    "DB_PWD",
    "GITLAB_PAT",
    "BASIC_AUTH",
    "GPG_PASSPHRASE",
    "PRIVATE_KEY_PEM",
    "GOOGLE_CREDENTIALS",
  ])("%s", (name) => {
    expect(looksSecret(name)).toBe(true);
    expect(credentialReason(name, "anything")).toBe("its name says it is a credential");
  });
});

describe("ordinary config vars are not flagged", () => {
  test.each([
    ["NODE_ENV", "production"],
    ["LOG_LEVEL", "debug"],
    ["WEB_CONCURRENCY", "2"],
    ["PUBLIC_URL", "https://example.com/app"],
    ["API_URL", "https://user@api.example.com/v1"],
    ["REPO_URL", "https://git@github.com/org/repo.git"],
    ["MIRROR_URL", "https://deploy-user-for-mirrors@example.com/x"],
    ["DATABASE_HOST", "postgres://db.example.com:5432/app"],
    ["SEARCH_URL", "https://example.com/search?q=shoes&page=2"],
    ["FEATURE_FLAGS", "checkout,beta-banner"],
    ["KEYBOARD_LAYOUT", "us"],
    ["PATHNAME", "/tmp/app"],
    ["SKU_PREFIX", "sk-12"],
    ["BEARER_LABEL", "Bearer"],
    ["GREETING", "Basic instructions for everyone"],
    ["REQUEST_ID_HEADER", "X-Request-ID"],
  ])("%s=%s", (name, value) => {
    expect(credentialReason(name, value)).toBeUndefined();
    expect(urlHasCredentials(value)).toBe(false);
  });
});
