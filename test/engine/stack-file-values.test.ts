import * as fs from "fs";
import * as path from "path";
import { loadStackFile } from "../../src/stack-files/load";
import { PulumiWorkspace } from "../support/pulumi-cli";
import { SCALAR_CORPUS } from "../support/scalar-corpus";
import { SHAPE_CORPUS } from "../support/shape-corpus";

/**
 * The loader against the real Pulumi CLI: for every scalar of the corpus, at the top of a key,
 * inside a map and as a map key, what the program gets from the loader is what it gets from the
 * CLI (`pulumi config --json`'s value is the decrypted text the engine hands the program). The
 * loader may refuse a value whose text the CLI would change or can't pass on; it may never refuse
 * one the CLI passes on as written, nor accept one and hand over something else.
 */

type Place = "top" | "nested" | "key";
const PLACES: Place[] = ["top", "nested", "key"];
const STACK = "corpus";

/** The stack-file lines that put `text` at `place` under config key `name`. */
function entry(place: Place, name: string, text: string): string {
  if (place === "top") return `  heroku-app:${name}: ${text}\n`;
  if (place === "nested") return `  heroku-app:${name}:\n    v: ${text}\n`;
  return `  heroku-app:${name}:\n    ${text}: x\n`;
}

interface CliEntry {
  value?: string;
  objectValue?: unknown;
  secret?: boolean;
}
/** Per config key, what the CLI hands the program; undefined where the CLI refused the file. */
type CliView = Map<string, CliEntry> | undefined;

let workspace: PulumiWorkspace;
let salt: string;

beforeAll(() => {
  workspace = new PulumiWorkspace();
  workspace.ok(["stack", "init", STACK, "--secrets-provider", "passphrase"]);
  salt = fs.readFileSync(workspace.stackFile(STACK), "utf8");
});
afterAll(() => workspace?.dispose());

function cliView(lines: string): CliView {
  fs.writeFileSync(workspace.stackFile(STACK), `${salt}config:\n${lines}`);
  const result = workspace.run(["config", "--json", "--stack", STACK]);
  if (result.status !== 0) return undefined;
  return new Map(Object.entries(JSON.parse(result.stdout) as Record<string, CliEntry>));
}

/**
 * The CLI's view of each scalar at a place: one run for the whole corpus, and where the CLI
 * refuses a batch (one bad scalar fails the file), each half again, down to the scalar it refuses.
 */
function cliViews(place: Place): CliView[] {
  const names = SCALAR_CORPUS.map((_, index) => `c${index}`);
  const views = new Array<CliView>(names.length);
  const read = (from: number, to: number): void => {
    const lines = names
      .slice(from, to)
      .map((name, offset) => entry(place, name, SCALAR_CORPUS[from + offset]));
    const view = cliView(lines.join(""));
    if (view !== undefined || to - from === 1) {
      views.fill(view, from, to);
      return;
    }
    const middle = Math.floor((from + to) / 2);
    read(from, middle);
    read(middle, to);
  };
  read(0, names.length);
  return views;
}

function loaderView(place: Place, text: string): string | Error {
  const file = path.join(workspace.root, `Pulumi.loader.yaml`);
  fs.writeFileSync(file, `config:\n${entry(place, "c", text)}`);
  try {
    return loadStackFile(file, workspace.projectDir).config["heroku-app:c"];
  } catch (error) {
    return error as Error;
  }
}

/** What the program reads, and whether that is the text the file shows. */
function cliReading(
  place: Place,
  view: CliEntry,
  text: string,
): { got: unknown; asWritten: boolean } {
  if (place === "top") return { got: view.value, asWritten: view.value === text };
  const object = (view.objectValue ?? JSON.parse(view.value ?? "null")) as Record<string, unknown>;
  if (place === "key") {
    const [name] = Object.keys(object);
    return { got: name, asWritten: name === text };
  }
  // Inside a map a number or boolean stays one (JSON): its text survives if it prints back the same.
  return { got: object.v, asWritten: object.v !== undefined && String(object.v) === text };
}

function loaderReading(place: Place, loaded: string): unknown {
  if (place === "top") return loaded;
  const object = JSON.parse(loaded) as Record<string, unknown>;
  return place === "key" ? Object.keys(object)[0] : object.v;
}

describe.each(PLACES)("a scalar as %s: the loader hands over what the Pulumi CLI does", (place) => {
  let views: CliView[];
  beforeAll(() => {
    views = cliViews(place);
  });

  test.each(SCALAR_CORPUS.map((text, index) => [text, index] as const))("%j", (text, index) => {
    const cli = views[index]?.get(`heroku-app:c${index}`);
    const loaded = loaderView(place, text);
    if (cli === undefined) {
      // The CLI can't read it: the loader must say so before the CLI does.
      expect(loaded).toBeInstanceOf(Error);
      return;
    }
    const reading = cliReading(place, cli, text);
    if (loaded instanceof Error) {
      // Refusing is right only where the CLI would not pass the text on as written.
      expect({ text, refused: loaded.message, cliAsWritten: reading.asWritten }).toMatchObject({
        cliAsWritten: false,
      });
    } else {
      expect({ text, program: loaderReading(place, loaded) }).toEqual({
        text,
        program: reading.got,
      });
    }
  });
});

/** Each refused value's message names what the CLI would hand over instead. */
const CLAIMED_ARRIVAL =
  /(?:would arrive as|would name it|passes on the decoded text|passes on) "([^"]*)"/;

describe("a stack-file shape: the loader hands over what the Pulumi CLI does", () => {
  test.each(SHAPE_CORPUS)("%s", (_, lines) => {
    const cli = cliView(lines);
    const file = path.join(workspace.root, "Pulumi.loader.yaml");
    fs.writeFileSync(file, `config:\n${lines}`);
    let loaded: ReturnType<typeof loadStackFile> | Error;
    try {
      loaded = loadStackFile(file, workspace.projectDir);
    } catch (error) {
      loaded = error as Error;
    }
    if (cli === undefined) {
      expect(loaded).toBeInstanceOf(Error); // the CLI refuses the file: so must the loader
      return;
    }
    const plaintext = [...cli].map(([key, entry]) => [
      key,
      entry.secret ? "[secret]" : entry.value,
    ]);
    if (loaded instanceof Error) {
      // Refusing is right only where the CLI would hand over other text than the file shows.
      const shown = JSON.stringify(plaintext);
      for (const problem of loaded.message.split("\n").filter((line) => line.includes(": "))) {
        const claimed = CLAIMED_ARRIVAL.exec(problem)?.[1];
        expect({ problem, inCliOutput: claimed !== undefined && shown.includes(claimed) }).toEqual({
          problem,
          inCliOutput: true,
        });
      }
      return;
    }
    const secrets = new Set(loaded.secretKeys);
    expect(
      Object.entries(loaded.config)
        .map(([key, value]) => [key, secrets.has(key) ? "[secret]" : value])
        .sort(),
    ).toEqual(plaintext.sort());
  });
});
