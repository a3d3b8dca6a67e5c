import { spawn } from "child_process";
import type { ChildProcess } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";

/**
 * What `npm run local` checks before it starts a dyno: the app's dependencies are installed
 * from its lockfile, and every port it is about to hand out is free.
 */

/** Why app/node_modules needs `npm ci`, or undefined when it is up to date with the lockfile. */
export function staleAppDependencies(appDir: string): string | undefined {
  const lockfile = path.join(appDir, "package-lock.json");
  const modules = path.join(appDir, "node_modules");
  const shown = path.basename(appDir);
  if (!fs.existsSync(lockfile)) return undefined; // nothing to install from; npm ci would fail
  if (!fs.existsSync(modules)) return `${shown}/node_modules is missing`;
  // npm writes node_modules/.package-lock.json on every install; the folder's own mtime only
  // moves when an entry is added or removed.
  const hidden = path.join(modules, ".package-lock.json");
  const installed = fs.statSync(fs.existsSync(hidden) ? hidden : modules).mtimeMs;
  if (installed < fs.statSync(lockfile).mtimeMs) {
    return `${shown}/node_modules is older than ${shown}/package-lock.json`;
  }
  return undefined;
}

/**
 * `npm ci --prefix <appDir>`, its output passed through. Asynchronous, so the runner still
 * answers a signal meanwhile (and can stop npm).
 */
export function installAppDependencies(appDir: string): {
  npm: ChildProcess;
  status: Promise<number>;
} {
  const npm = spawn("npm", ["ci", "--prefix", appDir, "--no-audit", "--no-fund"], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  const status = new Promise<number>((resolve) => {
    npm.once("error", () => resolve(127));
    npm.once("close", (code: number | null) => resolve(code ?? 1));
  });
  return { npm, status };
}

/** The ports something already listens on (checked the way the app listens: all interfaces). */
export async function busyPorts(ports: readonly number[]): Promise<number[]> {
  const busy = await Promise.all(ports.map((port) => isBusy(port)));
  return ports.filter((_, index) => busy[index]);
}

function isBusy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(true));
    server.listen(port, () => server.close(() => resolve(false)));
  });
}

/** A port free on 127.0.0.1 right now, picked by the kernel. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
