import type { FakeApp } from "./heroku-api-server";

/**
 * Apps as the Heroku Platform API describes them, for the adoption tests that need a hand-written
 * stand-in (test/adopt/fake-api.test.ts: what the sandbox's API can't seed): a personal production
 * app with an add-on attached from another app and that add-on's drain, a team staging app with
 * more domains than a page of two holds, and an app on an end-of-life stack with a var name
 * Heroku now refuses. The other adoption tests seed apps through the sandbox's API.
 */

/** Values that must never reach a stack file, a plan or the tool's output. */
export const CREDENTIALS = {
  STRIPE_API_KEY: "sk_live_51Hadopttestnotarealkey000000",
  SENTRY_DSN: "https://3f2a9c0d1e:b7c4e5f6a8@o12345.ingest.sentry.io/678",
  DATABASE_URL: "postgres://u8adopt:p4ssw0rdadopt@ec2-1-2-3-4.compute-1.amazonaws.com:5432/d1",
  DRAIN_URL: "syslog+tls://logs7.papertrailapp.com:40123",
};

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

export const WEB = {
  id: uuid(1),
  slug: uuid(2),
  release: uuid(3),
  addon: uuid(4),
  domains: [uuid(5), uuid(6)],
  drain: uuid(7),
  coupling: uuid(8),
  pipeline: uuid(9),
};

const feature = (n: number, name: string, enabled: boolean) => ({
  id: uuid(n),
  name,
  enabled,
  state: "general",
  description: `${name} feature`,
});

/** A personal app on Standard dynos, in production: every part, and credentials. */
export const acmeWeb: FakeApp = {
  app: {
    id: WEB.id,
    name: "acme-web",
    acm: true,
    region: { id: uuid(100), name: "us" },
    build_stack: { id: uuid(101), name: "heroku-24" },
    stack: { id: uuid(101), name: "heroku-24" },
    team: null,
    organization: null,
    space: null,
    owner: { id: uuid(102), email: "owner@acme.test" },
    web_url: "https://acme-web-0123456789ab.herokuapp.com/",
  },
  paths: {
    "config-vars": {
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      WEB_CONCURRENCY: "2",
      FEATURE_FLAG: "yes",
      API_VERSION: "1.10",
      STRIPE_API_KEY: CREDENTIALS.STRIPE_API_KEY,
      SENTRY_DSN: CREDENTIALS.SENTRY_DSN,
      DATABASE_URL: CREDENTIALS.DATABASE_URL,
      PAPERTRAIL_API_TOKEN: "addon-token-not-copied",
    },
    formation: [
      { id: uuid(20), type: "web", quantity: 2, size: "Standard-1X", command: "npm start" },
      { id: uuid(21), type: "worker", quantity: 1, size: "Standard-1X", command: "node w.js" },
    ],
    addons: [
      {
        id: WEB.addon,
        name: "postgresql-rigid-12345",
        plan: { id: uuid(30), name: "heroku-postgresql:essential-1" },
        addon_service: { id: uuid(31), name: "heroku-postgresql" },
        app: { id: WEB.id, name: "acme-web" },
        config_vars: ["DATABASE_URL"],
        state: "provisioned",
      },
      {
        id: uuid(32),
        name: "papertrail-shared-777",
        plan: { id: uuid(33), name: "papertrail:choklad" },
        addon_service: { id: uuid(34), name: "papertrail" },
        app: { id: uuid(35), name: "acme-logging" },
        config_vars: ["PAPERTRAIL_API_TOKEN"],
        state: "provisioned",
      },
    ],
    domains: [
      { id: uuid(40), hostname: "acme-web-0123456789ab.herokuapp.com", kind: "heroku" },
      { id: WEB.domains[0], hostname: "www.acme.test", kind: "custom", cname: "x.herokudns.com" },
      { id: WEB.domains[1], hostname: "api.acme.test", kind: "custom", cname: "y.herokudns.com" },
    ],
    features: [
      feature(50, "preboot", true),
      feature(51, "runtime-dyno-metadata", true),
      feature(52, "http-session-affinity", false),
      feature(53, "log-runtime-metrics", false),
    ],
    "log-drains": [
      { id: WEB.drain, token: "d.0a1b2c3d", url: CREDENTIALS.DRAIN_URL, addon: null },
      {
        id: uuid(61),
        token: "d.9f8e7d6c",
        url: "https://addon-drain.example.test/logs",
        addon: { id: uuid(32), name: "papertrail-shared-777" },
      },
    ],
    "pipeline-couplings": {
      id: WEB.coupling,
      stage: "production",
      pipeline: { id: WEB.pipeline, name: "acme" },
      app: { id: WEB.id },
    },
    releases: [
      {
        id: uuid(70),
        version: 41,
        current: false,
        status: "succeeded",
        description: "Set LOG_LEVEL config vars",
        slug: { id: WEB.slug },
      },
      {
        id: WEB.release,
        version: 42,
        current: true,
        status: "succeeded",
        description: "Deploy 1a2b3c4",
        slug: { id: WEB.slug },
      },
    ],
    "buildpack-installations": [
      {
        ordinal: 0,
        buildpack: {
          url: "https://buildpack-registry.s3.amazonaws.com/buildpacks/heroku/nodejs.tgz",
          name: "heroku/nodejs",
        },
      },
    ],
  },
};

export const API = { id: uuid(200), slug: uuid(201), coupling: uuid(202), pipeline: uuid(203) };

/** Custom domains of the team app: more than a page's worth, to page through. */
export const API_DOMAINS = [
  "a.acme.test",
  "b.acme.test",
  "c.acme.test",
  "d.acme.test",
  "e.acme.test",
];

/** A team app on Basic dynos, staging in the team's pipeline. */
export const acmeApi: FakeApp = {
  app: {
    id: API.id,
    name: "acme-api",
    acm: true,
    region: { id: uuid(110), name: "eu" },
    build_stack: { id: uuid(111), name: "heroku-22" },
    stack: { id: uuid(111), name: "heroku-22" },
    team: { id: uuid(112), name: "acme-corp" },
    organization: { id: uuid(112), name: "acme-corp" },
    space: null,
  },
  paths: {
    "config-vars": { NODE_ENV: "staging" },
    formation: [
      { id: uuid(220), type: "web", quantity: 1, size: "Basic" },
      { id: uuid(221), type: "worker", quantity: 1, size: "Basic" },
    ],
    addons: [],
    domains: API_DOMAINS.map((hostname, index) => ({
      id: uuid(230 + index),
      hostname,
      kind: "custom",
    })),
    features: [feature(240, "runtime-dyno-metadata", false)],
    "log-drains": [],
    "pipeline-couplings": {
      id: API.coupling,
      stage: "staging",
      pipeline: { id: API.pipeline, name: "acme-pipeline" },
    },
    releases: [
      {
        id: uuid(250),
        version: 7,
        current: true,
        status: "succeeded",
        description: "Promote acme-dev v12",
        slug: { id: API.slug },
      },
    ],
    "buildpack-installations": [
      { ordinal: 0, buildpack: { url: "heroku/nodejs", name: "heroku/nodejs" } },
    ],
  },
};

/** An old app, never deployed: heroku-20, a var name Heroku refuses today, a var Heroku sets. */
export const acmeLegacy: FakeApp = {
  app: {
    id: uuid(300),
    name: "acme-legacy",
    acm: false,
    region: { id: uuid(100), name: "us" },
    build_stack: { id: uuid(301), name: "heroku-20" },
    team: null,
    space: null,
  },
  paths: {
    "config-vars": {
      SESSION_SECRET: "legacy-session-secret-value",
      "BAD-NAME": "x",
      HEROKU_APP_ID: uuid(300),
    },
    formation: [],
    addons: [],
    domains: [{ id: uuid(330), hostname: "acme-legacy.herokuapp.com", kind: "heroku" }],
    features: [],
    "log-drains": [],
    // `heroku create` leaves v1, with no slug.
    releases: [
      {
        id: uuid(340),
        version: 1,
        current: true,
        status: "succeeded",
        description: "Initial release",
        slug: null,
      },
    ],
    "buildpack-installations": [],
  },
};
