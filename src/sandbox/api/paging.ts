import { ApiError } from "./store";

/**
 * A list answered as Heroku pages it: `Range: <field> [<first>]..; max=<n>[, order=desc]` (the
 * separators may be `;` or `,`: the provider sends `version ..; max=1,order=desc`), items sorted by
 * that field, at most `max` of them (200 by default, 1000 at most), and `206 Partial Content` with
 * `Next-Range: ]<last>..; max=<n>` while more remain. Without a Range header: sorted by id.
 */
export interface Page {
  status: number;
  items: Record<string, unknown>[];
  headers: Record<string, string>;
}

const DEFAULT_MAX = 200;
const LARGEST_MAX = 1000;

export function pageOf(items: Record<string, unknown>[], range: string | undefined): Page {
  const parsed = /^\s*(\w+)\s+(\]?)([^.;,]*)\.\.([^;,]*)(?:[;,]\s*(.*))?$/.exec(range ?? "id ..");
  if (!parsed) throw new ApiError(400, "bad_request", `Invalid Range header: ${range}`);
  const [, field, exclusive, first, , params = ""] = parsed;
  const settings = Object.fromEntries(
    params
      .split(/[,;]/)
      .map((param) =>
        param
          .trim()
          .split("=")
          .map((part) => part.trim()),
      )
      .filter(([key]) => key),
  );
  const max = Math.min(Number(settings.max ?? DEFAULT_MAX), LARGEST_MAX);
  if (!Number.isInteger(max) || max < 1) {
    throw new ApiError(400, "bad_request", `Invalid Range header: ${range}`);
  }
  const descending = settings.order === "desc";
  const sorted = [...items].sort((a, b) => {
    const order = compare(a[field], b[field]);
    return descending ? -order : order;
  });
  let start = 0;
  if (first !== "") {
    start = sorted.findIndex((item) => String(item[field]) === first);
    if (start < 0) start = sorted.length;
    else if (exclusive) start += 1;
  }
  const page = sorted.slice(start, start + max);
  const more = start + max < sorted.length;
  const order = descending ? ", order=desc" : "";
  return {
    status: more ? 206 : 200,
    items: page,
    headers: more
      ? { "Next-Range": `${field} ]${String(page[page.length - 1][field])}..; max=${max}${order}` }
      : {},
  };
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "en", { numeric: true });
}
