import { spawnSync } from "child_process";
import * as path from "path";
import { startCluster } from "../../src/local/postgres";
import { PostgresMissingError, findPostgresBinDir } from "../../src/local/postgres-binaries";
import type { Cluster } from "../../src/local/postgres";
import { PROJECT_DIR } from "../../src/program/paths";

/**
 * A real PostgreSQL for the tests that need one, from the same module `npm run local` uses
 * (src/local/postgres.ts). Whatever needs the server installs it: as root, a missing server
 * is installed with tools/install-postgres.sh (what .ci/run does); otherwise the tests fail
 * with the one-line install instruction.
 */

export const INSTALL_SCRIPT = path.join(PROJECT_DIR, "tools", "install-postgres.sh");
/** An install with apt-get can take minutes on a fresh machine. */
export const CLUSTER_START_TIMEOUT = 300_000;

export function postgresBinDir(): string {
  const found = findPostgresBinDir();
  if (found !== undefined) return found;
  if (process.getuid?.() === 0) {
    spawnSync("bash", [INSTALL_SCRIPT], { stdio: ["ignore", "inherit", "inherit"] });
    const installed = findPostgresBinDir();
    if (installed !== undefined) return installed;
  }
  throw new PostgresMissingError();
}

/** One throwaway cluster for a test file: started before its tests, deleted after them. */
export function testCluster(): () => Cluster {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster({ binDir: postgresBinDir() });
  }, CLUSTER_START_TIMEOUT);
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (cluster === undefined) throw new Error("the test cluster did not start");
    return cluster;
  };
}
