import type { Watchdog } from "../../local/watchdog";
import type { DynoView } from "../api/runtime";
import { Dyno } from "./dyno";
import type { DynoSpec, DynoTimings } from "./dyno";

/**
 * Every app's running dynos, kept to what its formation and current release say, as Heroku's
 * dyno manager keeps them: `apply` starts what is missing, stops what is no longer wanted and
 * replaces a dyno whose release, command or size changed (a deploy, a config change, a rollback
 * and a resize all restart); a crashed dyno is started again, at once the first time and then
 * after a cool-off that doubles up to a ceiling (Heroku's crash restart policy; tests shorten
 * it); `restart` and `stopOne` are `heroku ps:restart` and `ps:stop`.
 */

export interface FormationTimings extends DynoTimings {
  /** The cool-off before the second restart of a dyno that keeps crashing. */
  crashBackoffMs: number;
  /** The longest cool-off (Heroku's is 20 minutes). */
  maxCrashBackoffMs: number;
}

export interface FormationHooks {
  log(appId: string, source: "app" | "heroku", dyno: string, text: string): void;
  /** A web dyno came up or went: the router's choice changed. */
  changed(appId: string): void;
  watchdog?: Watchdog;
}

interface Slot {
  dyno: Dyno;
  crashes: number;
  restartTimer?: NodeJS.Timeout;
}

export class Formation {
  private readonly apps = new Map<string, Map<string, Slot>>();
  /** Dynos being stopped: a close waits for them too. */
  private readonly stopping = new Set<Promise<void>>();

  constructor(
    private readonly timings: FormationTimings,
    private readonly hooks: FormationHooks,
  ) {}

  /** Brings the app's dynos to `wanted` (one spec per dyno, by name). */
  apply(appId: string, wanted: readonly DynoSpec[]): void {
    const slots = this.slotsOf(appId);
    const names = new Set(wanted.map((spec) => spec.name));
    for (const [name, slot] of slots) {
      if (!names.has(name)) this.retire(appId, name, slot);
    }
    for (const spec of wanted) {
      const slot = slots.get(spec.name);
      if (slot !== undefined && same(slot.dyno.spec, spec)) continue;
      if (slot !== undefined) this.retire(appId, spec.name, slot);
      this.launch(appId, spec, 0);
    }
  }

  /** `ps:restart`: the matching dynos stopped and started again; whether any matched. */
  restart(appId: string, matches: (dyno: DynoView) => boolean): boolean {
    const chosen = [...this.slotsOf(appId)].filter(([, slot]) => matches(slot.dyno.view()));
    for (const [name, slot] of chosen) {
      this.hooks.log(appId, "heroku", name, "Restarting");
      this.retire(appId, name, slot);
      this.launch(appId, slot.dyno.spec, 0);
    }
    return chosen.length > 0;
  }

  /** `ps:stop`: the dyno stopped; the formation still wants it, so a new one starts. */
  stopOne(appId: string, name: string): boolean {
    return this.restart(appId, (dyno) => dyno.name === name);
  }

  dynos(appId: string): DynoView[] {
    return [...this.slotsOf(appId).values()].map((slot) => slot.dyno.view());
  }

  /** The app's web dynos: those up (the router's choice), and whether any is starting. */
  web(appId: string): { up: Dyno[]; starting: boolean; any: boolean } {
    const web = [...this.slotsOf(appId).values()]
      .map((slot) => slot.dyno)
      .filter((dyno) => dyno.spec.type === "web");
    return {
      up: web.filter((dyno) => dyno.state === "up"),
      starting: web.some((dyno) => dyno.state === "starting"),
      any: web.length > 0,
    };
  }

  /** Stops every dyno of the app (it was deleted, or the API is stopping). */
  async stopApp(appId: string): Promise<void> {
    const slots = this.slotsOf(appId);
    await Promise.all([...slots].map(([name, slot]) => this.retire(appId, name, slot)));
    this.apps.delete(appId);
  }

  async close(): Promise<void> {
    await Promise.all([...this.apps.keys()].map((appId) => this.stopApp(appId)));
    await Promise.all(this.stopping);
  }

  private slotsOf(appId: string): Map<string, Slot> {
    let slots = this.apps.get(appId);
    if (slots === undefined) this.apps.set(appId, (slots = new Map()));
    return slots;
  }

  private launch(appId: string, spec: DynoSpec, crashes: number): void {
    const slot: Slot = {
      crashes,
      dyno: new Dyno(spec, this.timings, {
        log: (source, dyno, text) => this.hooks.log(appId, source, dyno, text),
        up: () => this.hooks.changed(appId),
        crashed: (dyno) => this.crashed(appId, dyno),
        watchdog: this.hooks.watchdog,
      }),
    };
    this.slotsOf(appId).set(spec.name, slot);
    void slot.dyno.start();
  }

  /** Takes the dyno out of the formation and stops it. */
  private retire(appId: string, name: string, slot: Slot): Promise<void> {
    clearTimeout(slot.restartTimer);
    if (this.slotsOf(appId).get(name) === slot) this.slotsOf(appId).delete(name);
    const stopped = slot.dyno.stop();
    this.stopping.add(stopped);
    void stopped.then(() => {
      this.stopping.delete(stopped);
      this.hooks.changed(appId);
    });
    this.hooks.changed(appId);
    return stopped;
  }

  /** Heroku restarts a crashed dyno at once the first time, then after a doubling cool-off. */
  private crashed(appId: string, dyno: Dyno): void {
    this.hooks.changed(appId);
    const slot = this.slotsOf(appId).get(dyno.name);
    if (slot?.dyno !== dyno) return; // already replaced
    const { crashBackoffMs, maxCrashBackoffMs } = this.timings;
    // One that ran for longer than the longest cool-off starts its count afresh.
    if (Date.now() - Date.parse(dyno.createdAt) > maxCrashBackoffMs) slot.crashes = 0;
    slot.crashes += 1;
    const delay =
      slot.crashes === 1
        ? 0
        : Math.min(crashBackoffMs * 2 ** (slot.crashes - 2), maxCrashBackoffMs);
    if (delay > 0) {
      this.hooks.log(
        appId,
        "heroku",
        dyno.name,
        `Crashed ${slot.crashes} times in a row: starting it again in ${formatDelay(delay)}`,
      );
    }
    slot.restartTimer = setTimeout(() => {
      if (this.slotsOf(appId).get(dyno.name) !== slot) return;
      this.launch(appId, dyno.spec, slot.crashes);
    }, delay);
  }
}

function same(a: DynoSpec, b: DynoSpec): boolean {
  return (
    a.release.id === b.release.id && a.command === b.command && a.size === b.size && a.cwd === b.cwd
  );
}

function formatDelay(ms: number): string {
  return ms < 60_000
    ? `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`
    : `${Math.round(ms / 60_000)} min`;
}
