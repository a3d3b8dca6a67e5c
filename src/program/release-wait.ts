import * as pulumi from "@pulumi/pulumi";

/**
 * Heroku scales only a process type that the app's current release declares. A build's create
 * returns once its slug is built, while the release it cut may still be pending: its release
 * phase runs first (Dev Center, "Release Phase"), and until it succeeds the previous release is
 * current, so scaling a type the new slug adds fails with "Couldn't find that process type". That
 * is the very first deploy of every stack. The provider has no wait for it, so this error hook has
 * the engine retry the Formation while Heroku answers so, with a backoff like the provider's own
 * polling (doubling to 10 s), saying each time why it waits. The engine retries an operation at
 * most 100 times: about 16 minutes of release phase, close to the 20 the provider waits for a
 * release elsewhere. The engine still prints each failed attempt as an error, and counts the
 * resource as errored in its summary, though the `up` succeeds.
 */

const NOT_YET = /Couldn't find that process type/;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;
/** The engine's own limit on retries an error hook may ask for. */
export const ENGINE_MAX_RETRIES = 100;

/** The wait before retry `attempt` (1, 2, …): doubling from half a second, at most 10 s. */
export function retryDelay(attempt: number): number {
  return Math.min(FIRST_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS);
}

/** How long the retries wait in all, if every one is needed. */
export function totalPatienceMs(): number {
  let waited = 0;
  for (let attempt = 1; attempt <= ENGINE_MAX_RETRIES; attempt++) waited += retryDelay(attempt);
  return waited;
}

let hook: pulumi.ErrorHook | undefined;

/** The hook, registered once per program run (the engine names hooks, so one name, one hook). */
export function waitForReleasePhase(): pulumi.ErrorHook {
  hook ??= new pulumi.ErrorHook("heroku-wait-for-release-phase", async ({ name, errors }) => {
    const attempt = errors.length;
    if (!NOT_YET.test(errors[0] ?? "")) return false;
    const delay = retryDelay(attempt);
    const minutes = Math.round(totalPatienceMs() / 60_000);
    pulumi.log.info(
      `${name}: Heroku has no such process type yet: the build's release is still in its release phase; trying again in ${(delay / 1000).toFixed(1)} s (attempt ${attempt} of at most ${ENGINE_MAX_RETRIES}, about ${minutes} minutes in all; \`heroku releases\` shows the release)`,
    );
    await new Promise((resolve) => setTimeout(resolve, delay));
    return true;
  });
  return hook;
}
