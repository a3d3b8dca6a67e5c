/**
 * Conformance of the in-repo @pulumiverse/heroku binding (sdk/heroku) with the provider schema
 * v1.0.4. Expectations come from the schema; observations come from the real classes: what they
 * put on the wire to the (mock) resource monitor, which Output properties they register, and what
 * they throw. The type-level block at the end ties each class's TypeScript surface to its table.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import * as heroku from "@pulumiverse/heroku";
import { describeWithReference, referenceFile } from "../support/reference-files";

const SCHEMA_PATH = referenceFile("HEROKU_PROVIDER_SCHEMA", "heroku-provider/schema.json");
const SDK_PACKAGE = path.resolve(__dirname, "../../sdk/heroku/package.json");

interface Prop {
  type?: string;
  $ref?: string;
  items?: Prop;
  additionalProperties?: Prop;
  secret?: boolean;
}
interface SchemaResource {
  inputProperties?: Record<string, Prop>;
  requiredInputs?: string[];
  properties?: Record<string, Prop>;
  stateInputs?: { properties?: Record<string, Prop> };
}
interface Schema {
  pluginDownloadURL: string;
  types: Record<string, { properties?: Record<string, Prop> }>;
  resources: Record<string, SchemaResource>;
  provider: SchemaResource;
}

/** One class constructor, loosely typed so every binding class fits. */
interface BoundClass {
  readonly __pulumiType: string;
  new (name: string, args: never, opts?: pulumi.CustomResourceOptions): pulumi.Resource;
  get(name: string, id: string, state?: never, opts?: pulumi.CustomResourceOptions): unknown;
  isInstance(obj: unknown): boolean;
}

/** The classes the program needs, keyed by the schema token each must carry. */
const CLASSES: Record<string, BoundClass> = {
  "heroku:app/app:App": heroku.app.App,
  "heroku:app/configAssociation:ConfigAssociation": heroku.app.ConfigAssociation,
  "heroku:app/feature:Feature": heroku.app.Feature,
  "heroku:app/release:Release": heroku.app.Release,
  "heroku:build/build:Build": heroku.build.Build,
  "heroku:formation/formation:Formation": heroku.formation.Formation,
  "heroku:pipeline/pipeline:Pipeline": heroku.pipeline.Pipeline,
  "heroku:pipeline/coupling:Coupling": heroku.pipeline.Coupling,
  "heroku:addon/addon:Addon": heroku.addon.Addon,
  "heroku:domain/domain:Domain": heroku.domain.Domain,
  "heroku:drain/drain:Drain": heroku.drain.Drain,
};

/** What reached the resource monitor for one registration or read. */
interface WireRequest {
  kind: "register" | "read";
  type: string;
  version: string;
  pluginDownloadURL: string;
  additionalSecretOutputs: string[];
  props: Record<string, unknown>;
}
interface MonitorRequest {
  getType(): string;
  getName(): string;
  getVersion(): string;
  getPlugindownloadurl(): string;
  getAdditionalsecretoutputsList(): string[];
  getObject?(): { toJavaScript(): Record<string, unknown> } | undefined;
  getProperties?(): { toJavaScript(): Record<string, unknown> } | undefined;
}
type MonitorMethod = (req: MonitorRequest, cb: unknown) => unknown;

const wire = new Map<string, WireRequest>();

function installMocks(): void {
  pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: (args) => {
        throw new Error(`unexpected invoke ${args.token}`);
      },
    },
    "heroku-app",
    "staging",
    false,
  );
  // MockResourceArgs hides version, download URL and secret outputs, so record the raw requests.
  const monitor = pulumi.runtime.getMonitor() as unknown as Record<string, MonitorMethod>;
  for (const [method, kind] of [
    ["registerResource", "register"],
    ["readResource", "read"],
  ] as const) {
    const original = monitor[method].bind(monitor);
    monitor[method] = (req, cb) => {
      const struct = kind === "register" ? req.getObject?.() : req.getProperties?.();
      wire.set(req.getName(), {
        kind,
        type: req.getType(),
        version: req.getVersion(),
        pluginDownloadURL: req.getPlugindownloadurl(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        props: struct?.toJavaScript() ?? {},
      });
      return original(req, cb);
    };
  }
}

/** Waits until the registration has been sent, then returns what was sent. */
async function sent(res: pulumi.Resource, name: string): Promise<WireRequest> {
  await new Promise((resolve) => res.urn.apply(resolve));
  const req = wire.get(name);
  if (!req) throw new Error(`no request recorded for ${name}`);
  return req;
}

const isWireSecret = (v: unknown): boolean =>
  typeof v === "object" &&
  v !== null &&
  (v as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;

/** Names of the Output properties a resource instance carries (= the props bag it registered). */
const registeredOutputs = (res: pulumi.Resource): string[] =>
  Object.keys(res)
    .filter((k) => k !== "urn" && k !== "id" && !k.startsWith("__"))
    .filter((k) => pulumi.Output.isInstance((res as unknown as Record<string, unknown>)[k]))
    .sort();

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();
const keys = (o: Record<string, unknown> | undefined): string[] => sorted(Object.keys(o ?? {}));
const secretKeys = (o: Record<string, Prop> | undefined): string[] =>
  sorted(Object.entries(o ?? {}).flatMap(([k, p]) => (p.secret ? [k] : [])));

/** A defined value of the schema type (objects get every property, so everything is sent). */
function sample(schema: Schema, p: Prop): unknown {
  if (p.$ref) {
    const t = schema.types[p.$ref.replace("#/types/", "")];
    if (!t) throw new Error(`schema has no type ${p.$ref}`);
    return Object.fromEntries(
      Object.entries(t.properties ?? {}).map(([k, q]) => [k, sample(schema, q)]),
    );
  }
  switch (p.type) {
    case "string":
      return "s";
    case "boolean":
      return true;
    case "integer":
    case "number":
      return 1;
    case "array":
      return [sample(schema, p.items ?? { type: "string" })];
    case "object":
      return { k: sample(schema, p.additionalProperties ?? { type: "string" }) };
    default:
      throw new Error(`unhandled schema type ${JSON.stringify(p)}`);
  }
}
const sampleAll = (schema: Schema, props: Record<string, Prop> | undefined) =>
  Object.fromEntries(Object.entries(props ?? {}).map(([k, p]) => [k, sample(schema, p)]));

describeWithReference(SCHEMA_PATH, "@pulumiverse/heroku binding vs provider schema 1.0.4", () => {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, "utf8")) as Schema;
  const pkg = JSON.parse(fs.readFileSync(SDK_PACKAGE, "utf8"));
  let n = 0;
  const fresh = (label: string) => `${label}-${++n}`;

  beforeAll(installMocks);

  it("pins the plugin the package.json and the schema name", () => {
    expect(pkg.pulumi).toEqual({
      resource: true,
      name: "heroku",
      version: "1.0.4",
      server: schema.pluginDownloadURL,
    });
  });

  describe.each(Object.entries(CLASSES))("%s", (token, Cls) => {
    const r = () => {
      const res = schema.resources[token];
      if (!res) throw new Error(`token ${token} is not in the schema`);
      return res;
    };
    const fullArgs = () => ({ ...sampleAll(schema, r().inputProperties), notInSchema: "x" });

    it("carries a schema token", () => {
      expect(Object.keys(schema.resources)).toContain(token);
      expect(Cls.__pulumiType).toBe(token);
    });

    it("sends exactly the schema inputs, secrets as secrets, with plugin defaults", async () => {
      const name = fresh("full");
      const req = await sent(new Cls(name, fullArgs() as never), name);
      expect(req.kind).toBe("register");
      expect(req.type).toBe(token);
      expect(keys(req.props)).toEqual(keys(r().inputProperties));
      const secretSent = Object.keys(req.props).filter((k) => isWireSecret(req.props[k]));
      expect(sorted(secretSent)).toEqual(secretKeys(r().inputProperties));
      expect(sorted(req.additionalSecretOutputs)).toEqual(secretKeys(r().properties));
      expect(req.version).toBe(pkg.pulumi.version);
      expect(req.pluginDownloadURL).toBe(pkg.pulumi.server);
    });

    it("registers every schema property as an output", () => {
      const res = new Cls(fresh("outputs"), fullArgs() as never);
      const expected = new Set([...keys(r().properties), ...keys(r().inputProperties)]);
      expect(registeredOutputs(res)).toEqual(sorted(expected));
    });

    it("requires exactly the schema's required inputs", async () => {
      const required = r().requiredInputs ?? [];
      for (const k of required) {
        const args: Record<string, unknown> = fullArgs();
        delete args[k];
        const name = fresh("missing");
        expect(() => new Cls(name, args as never)).toThrow(
          `Missing required property '${k}' for ${token} resource '${name}'`,
        );
      }
      // Only the required ones: nothing else is demanded, and nothing else is sent.
      const all = sampleAll(schema, r().inputProperties);
      const minimal = Object.fromEntries(required.map((k) => [k, all[k]]));
      const name = fresh("minimal");
      const req = await sent(new Cls(name, minimal as never), name);
      expect(keys(req.props)).toEqual(sorted(required));
    });

    it("reads existing resources with get() and recognises its instances", async () => {
      const state = sampleAll(schema, r().stateInputs?.properties);
      const name = fresh("get");
      const got = Cls.get(name, "existing-id", state as never) as pulumi.Resource;
      const req = await sent(got, name);
      expect(req.kind).toBe("read");
      expect(req.type).toBe(token);
      expect(keys(req.props)).toEqual(keys(r().stateInputs?.properties));
      expect(req.version).toBe(pkg.pulumi.version);
      expect(req.pluginDownloadURL).toBe(pkg.pulumi.server);
      expect(sorted(req.additionalSecretOutputs)).toEqual(secretKeys(r().properties));
      expect(Cls.isInstance(got)).toBe(true);
      const other: BoundClass = Cls === heroku.app.App ? heroku.drain.Drain : heroku.app.App;
      expect(Cls.isInstance(other.get(fresh("other"), "x"))).toBe(false);
      expect(Cls.isInstance({})).toBe(false);
    });
  });

  it("covers the program's classes and nothing the schema lacks", () => {
    expect(sorted(Object.keys(CLASSES)).filter((t) => !schema.resources[t])).toEqual([]);
    expect(Object.keys(CLASSES)).toHaveLength(11);
  });

  it("lets the caller's options win and merges secret outputs", async () => {
    const name = fresh("opts");
    const res = new heroku.app.App(
      name,
      { region: "us" },
      { version: "9.9.9", additionalSecretOutputs: ["gitUrl"] },
    );
    const req = await sent(res, name);
    expect(req.version).toBe("9.9.9");
    expect(req.pluginDownloadURL).toBe(pkg.pulumi.server);
    expect(sorted(req.additionalSecretOutputs)).toEqual(
      sorted(["gitUrl", ...secretKeys(schema.resources["heroku:app/app:App"]?.properties)]),
    );
  });

  it("does not check required inputs when reading by id", () => {
    expect(() => heroku.app.App.get(fresh("bare"), "id")).not.toThrow();
  });

  it("type-checks the binding and the type-level block below", () => {
    // ts-jest only transpiles here, so compile this file (and the binding it imports) for real.
    const configPath = path.resolve(__dirname, "../../tsconfig.json");
    const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configPath));
    const program = ts.createProgram([__filename], { ...options, noEmit: true });
    const sdkDir = path.resolve(__dirname, "../../sdk/heroku") + path.sep;
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter(
        (d) => d.file && (d.file.fileName === __filename || d.file.fileName.startsWith(sdkDir)),
      )
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(errors).toEqual([]);
    expect([...typeLevel, ...providerTypeLevel].every((x) => x === true)).toBe(true);
  });

  describe("Provider", () => {
    it("sends the schema's provider inputs, objects as JSON, apiKey as a secret", async () => {
      const args = sampleAll(schema, schema.provider.inputProperties);
      const name = fresh("provider");
      const req = await sent(new heroku.Provider(name, args), name);
      expect(req.type).toBe("pulumi:providers:heroku");
      expect(keys(req.props)).toEqual(keys(schema.provider.inputProperties));
      for (const [k, p] of Object.entries(schema.provider.inputProperties ?? {})) {
        const v = req.props[k];
        if (p.$ref || p.type === "array" || p.type === "object") {
          expect(v).toBe(JSON.stringify(args[k]));
        }
      }
      // Schema secrets plus the one deliberate extra (apiKey; see sdk/heroku/README.md).
      const secretSent = Object.keys(req.props).filter((k) => isWireSecret(req.props[k]));
      expect(sorted(secretSent)).toEqual(
        sorted(new Set([...secretKeys(schema.provider.inputProperties), "apiKey"])),
      );
      expect(req.version).toBe(pkg.pulumi.version);
      expect(req.pluginDownloadURL).toBe(pkg.pulumi.server);
    });

    it("is a provider resource the classes accept", async () => {
      const p = new heroku.Provider(fresh("p"), { apiKey: "k" });
      expect(heroku.Provider.isInstance(p)).toBe(true);
      expect(heroku.Provider.isInstance(heroku.app.App.get(fresh("x"), "x"))).toBe(false);
      const name = fresh("via-provider");
      const req = await sent(new heroku.app.App(name, { region: "eu" }, { provider: p }), name);
      expect(req.type).toBe("heroku:app/app:App");
    });
  });
});

// Type level: each class's Args, required Args and declared outputs match the table the runtime
// behaviour above is driven by. Compiled by the "type-checks" test above and by `tsc --noEmit`.
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type Outputs<R> = Exclude<
  { [K in keyof R]-?: R[K] extends pulumi.OutputInstance<unknown> ? K : never }[keyof R],
  "urn" | "id"
>;
interface Table {
  inputs: readonly string[];
  required: readonly string[];
  outputs: readonly string[];
}
type Conforms<
  C extends { __spec: Table; prototype: unknown } & (abstract new (...a: never) => unknown),
> = [
  Equal<keyof NonNullable<ConstructorParameters<C>[1]>, C["__spec"]["inputs"][number]>,
  Equal<RequiredKeys<NonNullable<ConstructorParameters<C>[1]>>, C["__spec"]["required"][number]>,
  Equal<Outputs<C["prototype"]>, C["__spec"]["outputs"][number]>,
] extends [true, true, true]
  ? true
  : false;
const typeLevel: true[] = [
  true as Conforms<typeof heroku.app.App>,
  true as Conforms<typeof heroku.app.ConfigAssociation>,
  true as Conforms<typeof heroku.app.Feature>,
  true as Conforms<typeof heroku.app.Release>,
  true as Conforms<typeof heroku.build.Build>,
  true as Conforms<typeof heroku.formation.Formation>,
  true as Conforms<typeof heroku.pipeline.Pipeline>,
  true as Conforms<typeof heroku.pipeline.Coupling>,
  true as Conforms<typeof heroku.addon.Addon>,
  true as Conforms<typeof heroku.domain.Domain>,
  true as Conforms<typeof heroku.drain.Drain>,
];
const providerTypeLevel: [true, true] = [
  true as Equal<keyof heroku.ProviderArgs, (typeof heroku.Provider.__spec.inputs)[number]>,
  true as Equal<RequiredKeys<heroku.ProviderArgs>, never>,
];
