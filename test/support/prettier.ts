import * as path from "path";
import { prettierFormat } from "../../src/docs/format";
import { PROJECT_DIR } from "./paths";

/** Prettier's own formatting of a Markdown snapshot in plans/ (as `npm run lint` would see it). */
export function prettierFormatSnapshot(content: string, file: string): string {
  return prettierFormat(content, path.join(PROJECT_DIR, "plans", file));
}
