import { randomInt } from "crypto";
import { spawnDyno } from "../../local/supervisor";
import type { DynoProcess } from "../../local/supervisor";
import type { Watchdog } from "../../local/watchdog";
import type { AppRecord, ReleaseRecord, SlugRecord } from "../api/records";
import { dynoEnvironment } from "./environment";

/**
 * A release's release phase, as Heroku runs it: a one-off dyno (`release.4821`) from the release's
 * slug with its config vars, its output both in the release's log (its `output_stream_url`) and
 * in the app's (`app[release.4821]`). It succeeds when the command exits 0; anything else fails
 * the release, which then never runs.
 */
export function runReleasePhase(input: {
  app: AppRecord;
  release: ReleaseRecord;
  slug: SlugRecord;
  slugDir: string;
  metadata: boolean;
  watchdog: Watchdog;
  log: (line: string) => void;
  appLog: (source: "app" | "heroku", dyno: string, text: string) => void;
}): { process: DynoProcess; ok: Promise<boolean> } {
  const { app, release, slug, slugDir, log, appLog } = input;
  const name = `release.${randomInt(1000, 10000)}`;
  const command = slug.processTypes.release;
  const heroku = (text: string) => appLog("heroku", name, text);
  heroku(`Starting process with command \`${command}\``);
  const env = dynoEnvironment(
    { app, release, slug, slugDir, metadata: input.metadata },
    { name, id: release.id, port: 0 },
  );
  delete env.PORT; // it serves nothing
  const process = spawnDyno(
    { name, type: "release", command, env },
    {
      cwd: slugDir,
      watchdog: input.watchdog,
      line: (line) => {
        log(line);
        appLog("app", name, line);
      },
    },
  );
  const ok = process.exited.then((exit) => {
    const status = exit.code ?? exit.signal;
    heroku(
      exit.error !== undefined
        ? `Process could not start: ${(exit.error as Error).message}`
        : `Process exited with status ${status}`,
    );
    const succeeded = exit.code === 0;
    heroku(`State changed from up to ${succeeded ? "complete" : "crashed"}`);
    if (!succeeded) {
      log(
        `release phase failed (${exit.error !== undefined ? "could not start" : `exit status ${status}`}): release v${release.version} is not deployed; the previous release keeps running`,
      );
    }
    return succeeded;
  });
  return { process, ok };
}
