import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import type { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { PROJECT_DIR } from "../../program/paths";

/**
 * The Heroku Platform API's JSON hyper-schema (reference/heroku-platform-api/schema.json, the one
 * heroku-go v5.4.1 carries) as the sandbox's router and referee: every request is matched to one
 * of its links (method + href), its body checked against the link's `schema`, and every JSON
 * answer against the link's `targetSchema`. A route the schema doesn't have is not served.
 *
 * The schema is draft-04 in Heroku's dialect; Ajv (draft-07) reads it once two things are
 * translated: `id` is a schema id there (dropped: every `$ref` is a JSON pointer from the root),
 * and `strictProperties: true` means "exactly these properties" (required, nothing else) in an
 * answer, which holds the sandbox's answers to every field a client may read. In a request it
 * says nothing (the `required` lists do): the provider's build of a directory sends a
 * `source_blob` without `checksum`, which the API accepts.
 */

export interface Link {
  /** `<definition> <title>`, e.g. `app Info`: what handlers are keyed by. */
  name: string;
  method: string;
  /** The href with each placeholder as `{name}` (the identity it stands for), e.g. `/apps/{app}`. */
  href: string;
  pattern: RegExp;
  params: string[];
  /** The link's request body schema, compiled on first use (compiling all takes seconds). */
  validateRequest(): ValidateFunction | undefined;
  validateAnswer(): ValidateFunction | undefined;
}

export interface MatchedLink {
  link: Link;
  /** Placeholder values in href order, percent-decoded. */
  params: string[];
}

const SCHEMA_FILE = path.join(PROJECT_DIR, "reference", "heroku-platform-api", "schema.json");

/** Keywords of Heroku's dialect that carry documentation only. */
const DOCUMENTATION_KEYWORDS = ["example", "stability", "links", "ranges", "strictProperties"];

export class HyperSchema {
  readonly links: Link[];

  constructor(schemaFile = SCHEMA_FILE) {
    const raw = withDeviations(JSON.parse(fs.readFileSync(schemaFile, "utf8")) as SchemaNode);
    const answers = translate(raw, true);
    const requests = translate(raw, false);
    const ajv = new Ajv({
      strict: true,
      strictTypes: false,
      strictRequired: false,
      // The schema's patterns escape characters (`\:`) that a unicode RegExp refuses.
      unicodeRegExp: false,
    });
    addFormats(ajv);
    ajv.addVocabulary(DOCUMENTATION_KEYWORDS.filter((word) => word !== "strictProperties"));
    ajv.addSchema(answers as object, "answers");
    ajv.addSchema(requests as object, "requests");
    const lazily = (schema: unknown, strict: boolean) => {
      let compiled: ValidateFunction | undefined;
      const root = strict ? "answers" : "requests";
      return () => {
        if (schema !== undefined) {
          compiled ??= ajv.compile(rebase(translate(schema, strict), root) as object);
        }
        return compiled;
      };
    };
    this.links = [];
    for (const [definition, node] of Object.entries(raw.definitions ?? {})) {
      for (const link of (node.links ?? []) as RawLink[]) {
        const { href, params } = readHref(link.href);
        this.links.push({
          name: `${definition} ${link.title}`,
          method: link.method.toUpperCase(),
          href,
          pattern: hrefPattern(href),
          params,
          validateRequest: lazily(link.schema, false),
          validateAnswer: lazily(link.targetSchema, true),
        });
      }
    }
  }

  /**
   * The links a request matches, most specific first (a literal segment beats a placeholder:
   * `/users/~/apps` before `/users/{account}/apps`). Several links may share a method and href
   * (a release's Create and Rollback): the caller tells them apart by the body.
   */
  match(method: string, pathname: string): MatchedLink[] {
    const found: MatchedLink[] = [];
    for (const link of this.links) {
      if (link.method !== method) continue;
      const hit = link.pattern.exec(pathname);
      if (hit) found.push({ link, params: hit.slice(1).map(decodeURIComponent) });
    }
    return found.sort((a, b) => a.link.params.length - b.link.params.length);
  }
}

/** The problems Ajv found, one line. */
export function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .map((error) => `${error.instancePath || "(body)"} ${error.message ?? "is invalid"}`)
    .join("; ");
}

interface SchemaNode {
  definitions?: Record<string, SchemaNode & { links?: unknown[] }>;
  links?: unknown[];
  [keyword: string]: unknown;
}

interface RawLink {
  href: string;
  method: string;
  title: string;
  schema?: unknown;
  targetSchema?: unknown;
}

/**
 * Where the sandbox answers differently from the schema, on purpose, each said here:
 * - an app's `web_url` is its router on loopback (`http://127.0.0.1:<port>/`), since the sandbox
 *   runs the app there; the schema's pattern allows only `<name>.herokuapp.com`;
 * - a domain's `hostname` is a host name (`www.example.com`, as Heroku answers), which the
 *   schema's `format: uri` would refuse: its own example fails it;
 * - what the Heroku CLI 11.10 sends or reads that the schema lacks, as Heroku sends and answers
 *   it: a formation update's `quantity` may be a string, relative too (`ps:scale web=2`,
 *   `web+1`); a release has `eligible_for_rollback` (`releases:rollback` picks by it); an
 *   add-on's plan has its `price` (`heroku addons`); an add-on resolution's `app` may be null
 *   (`addons:info` without `-a`).
 */
function withDeviations(schema: SchemaNode): SchemaNode {
  const definitions = schema.definitions as Record<
    string,
    { definitions: Record<string, SchemaNode> }
  >;
  const webUrl = definitions.app.definitions.web_url;
  webUrl.pattern = "^http://127\\.0\\.0\\.1:[0-9]+/$";
  delete webUrl.format;
  const teamApp = definitions["team-app"] as unknown as { properties: Record<string, SchemaNode> };
  teamApp.properties.web_url = { $ref: "#/definitions/app/definitions/web_url" };
  definitions.domain.definitions.hostname.format = "hostname";
  // Requests only: an answer's quantity stays an integer.
  const formation = definitions.formation as unknown as {
    definitions: Record<string, SchemaNode & { properties?: Record<string, SchemaNode> }>;
    links: RawLink[];
  };
  formation.definitions.requested_quantity = {
    anyOf: [{ type: ["integer"] }, { type: ["string"], pattern: "^[-+]?[0-9]+$" }],
  };
  const requested = { $ref: "#/definitions/formation/definitions/requested_quantity" };
  (formation.definitions.update.properties as Record<string, SchemaNode>).quantity = requested;
  const update = formation.links.find((link) => link.title === "Update")?.schema as {
    properties: Record<string, SchemaNode>;
  };
  update.properties.quantity = requested;
  const release = definitions.release as unknown as { properties: Record<string, SchemaNode> };
  release.properties.eligible_for_rollback = { type: ["boolean"] };
  const addon = definitions["add-on"] as unknown as {
    properties: { plan: { properties: Record<string, SchemaNode> } };
    links: RawLink[];
  };
  addon.properties.plan.properties.price = {
    type: ["object"],
    properties: {
      cents: { type: ["integer"] },
      contract: { type: ["boolean"] },
      unit: { type: ["string"] },
    },
    required: ["cents", "unit"],
  };
  const resolution = addon.links.find((link) => link.title === "Resolution")?.schema as {
    properties: Record<string, SchemaNode>;
  };
  resolution.properties.app = { anyOf: [resolution.properties.app, { type: ["null"] }] };
  return schema;
}

/** `/apps/{(%23%2Fdefinitions%2Fapp%2Fdefinitions%2Fidentity)}/dynos` → `/apps/{app}/dynos`. */
function readHref(href: string): { href: string; params: string[] } {
  const params: string[] = [];
  const readable = href.replace(/\{\(([^)]+)\)\}/g, (_, pointer: string) => {
    const parts = decodeURIComponent(pointer).split("/");
    const name = parts[parts.length - 3] ?? parts[parts.length - 1];
    params.push(name);
    return `{${name}}`;
  });
  return { href: readable, params };
}

function hrefPattern(href: string): RegExp {
  const escaped = href
    .split(/\{[^}]+\}/)
    .map((literal) => literal.replace(/[.*+?^$()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join("([^/]+)")}$`);
}

/** Heroku's dialect as Ajv reads it: no schema ids; `strictProperties` spelled out for answers. */
function translate(node: unknown, strict: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => translate(item, strict));
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if ((key === "id" || key === "$schema") && typeof value === "string") continue;
    if (key === "example") continue; // free-form text, not a schema: left out of the walk
    out[key] = key === "links" ? value : translate(value, strict);
  }
  const properties = out.properties as Record<string, unknown> | undefined;
  if (strict && out.strictProperties === true && properties !== undefined) {
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  delete out.strictProperties;
  return out;
}

/** A link's schema compiled on its own: its `#/definitions/…` refs point into a whole schema. */
function rebase(schema: unknown, root: string): unknown {
  return JSON.parse(JSON.stringify(schema), (key, value) =>
    key === "$ref" && typeof value === "string" && value.startsWith("#")
      ? `${root}${value}`
      : value,
  );
}
