import type { IncomingHttpHeaders } from "http";
import type { Platform } from "../platform";

/**
 * A route of the sandbox's Platform API: the handler of one link of the hyper-schema, keyed by
 * `<definition> <title>` (e.g. `app Info`). It gets the href's placeholders in order and the
 * body (already checked against the link's schema), and returns what to answer: a body
 * (status 200, or 201 for a link that creates) or an explicit status and body.
 */
export interface RouteRequest {
  params: string[];
  // The body has passed the link's request schema; each handler reads the fields it documents.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: IncomingHttpHeaders;
  /** The query string (`GET /pipelines?eq[name]=…`, as the Heroku CLI filters). */
  query: URLSearchParams;
}

/** An answer with its own status (a route that returns a plain body answers 200, or 201 on create). */
export class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

export type Route = (request: RouteRequest, platform: Platform) => unknown;
export type Routes = Record<string, Route>;
