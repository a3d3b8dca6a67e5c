import * as net from "net";
import { freeLoopbackPort } from "../../local/preflight";
import { describeExit, signalGroup, spawnDyno } from "../../local/supervisor";
import type { DynoProcess } from "../../local/supervisor";
import type { Watchdog } from "../../local/watchdog";
import { newId, now } from "../api/store";
import type { DynoView } from "../api/runtime";

/**
 * One dyno's life, as Heroku's dyno manager runs it: started from its slug (a process group,
 * src/local/supervisor.ts) on a port of its own, `starting` until it is `up` (a web dyno once it
 * accepts connections on $PORT, R10 if it doesn't within the boot timeout; any other at once),
 * stopped with SIGTERM and SIGKILL after the grace period (R12). An exit nobody asked for makes
 * it `crashed`; what follows (a restart) is the formation's (formation.ts). Its lines go to the
 * app's log: the manager's as `heroku[web.1]`, the process's output as `app[web.1]`.
 */

export interface DynoSpec {
  name: string;
  type: string;
  command: string;
  size: string;
  release: { id: string; version: number };
  cwd: string;
  /** The environment but PORT, DYNO and the dyno's id (dynoEnvironment adds them). */
  env: (dyno: { name: string; id: string; port: number }) => Record<string, string>;
}

export interface DynoTimings {
  /** Heroku's R10: 60 s for a web dyno to bind $PORT. */
  bootTimeoutMs: number;
  /** Heroku's SIGTERM-to-SIGKILL grace: 30 s. */
  graceMs: number;
}

export interface DynoHooks {
  log(source: "app" | "heroku", dyno: string, text: string): void;
  /** It ended while nobody had asked it to: crashed. */
  crashed(dyno: Dyno): void;
  /** It came up (a web dyno: the router may send it requests). */
  up(dyno: Dyno): void;
  watchdog?: Watchdog;
}

const BOOT_POLL_MS = 100;

export class Dyno {
  readonly id = newId();
  readonly createdAt = now();
  state: DynoView["state"] = "starting";
  updatedAt = this.createdAt;
  port = 0;
  private process: DynoProcess | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    readonly spec: DynoSpec,
    private readonly timings: DynoTimings,
    private readonly hooks: DynoHooks,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  view(): DynoView {
    const { name, type, command, size, release } = this.spec;
    return {
      id: this.id,
      name,
      type,
      command,
      size,
      state: this.state,
      releaseId: release.id,
      releaseVersion: release.version,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
      pid: this.process?.pid,
    };
  }

  async start(): Promise<void> {
    this.port = await freeLoopbackPort();
    if (this.stopping !== undefined) return; // stopped before it could start
    const { name, command, cwd } = this.spec;
    const heroku = (text: string) => this.hooks.log("heroku", name, text);
    heroku(`Starting process with command \`${command}\``);
    const env = this.spec.env({ name, id: this.id, port: this.port });
    this.process = spawnDyno(
      { name, type: this.spec.type, command, env },
      { cwd, watchdog: this.hooks.watchdog, line: (line) => this.hooks.log("app", name, line) },
    );
    void this.process.exited.then((exit) => {
      if (exit.error !== undefined)
        heroku(`Process could not start: ${(exit.error as Error).message}`);
      else heroku(`Process exited ${describeExit(exit)}`);
      if (this.stopping !== undefined) return this.setState("down");
      this.setState("crashed");
      this.hooks.crashed(this);
    });
    if (this.spec.type === "web") void this.awaitBoot();
    else this.setState("up");
  }

  /** SIGTERM to the dyno's processes, SIGKILL to what is left after the grace (R12). */
  stop(): Promise<void> {
    this.stopping ??= this.terminate();
    return this.stopping;
  }

  private async terminate(): Promise<void> {
    const running = this.process;
    if (running?.child === undefined || this.state === "crashed") {
      if (this.state !== "crashed") this.setState("down");
      return;
    }
    const heroku = (text: string) => this.hooks.log("heroku", this.name, text);
    heroku("Stopping all processes with SIGTERM");
    signalGroup(running.child, "SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        heroku(
          `Error R12 (Exit timeout) -> At least one process failed to exit within ${this.timings.graceMs / 1000} seconds of SIGTERM`,
        );
        heroku("Stopping all processes with SIGKILL");
        signalGroup(running.child, "SIGKILL");
        resolve();
      }, this.timings.graceMs);
    });
    await Promise.race([running.exited, killed]);
    clearTimeout(timer);
    await running.exited;
  }

  /** A web dyno is up once something accepts connections on its port (Heroku's boot check). */
  private async awaitBoot(): Promise<void> {
    const deadline = Date.now() + this.timings.bootTimeoutMs;
    while (this.state === "starting" && this.stopping === undefined) {
      if (await accepts(this.port)) return this.setState("up");
      if (Date.now() > deadline) {
        const seconds = this.timings.bootTimeoutMs / 1000;
        this.hooks.log(
          "heroku",
          this.name,
          `Error R10 (Boot timeout) -> Web process failed to bind to $PORT within ${seconds} seconds of launch`,
        );
        this.hooks.log("heroku", this.name, "Stopping process with SIGKILL");
        signalGroup(this.process?.child, "SIGKILL");
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, BOOT_POLL_MS));
    }
  }

  private setState(state: DynoView["state"]): void {
    if (state === this.state) return;
    this.hooks.log("heroku", this.name, `State changed from ${this.state} to ${state}`);
    this.state = state;
    this.updatedAt = now();
    if (state === "up") this.hooks.up(this);
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
