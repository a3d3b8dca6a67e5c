import * as fs from "fs";
import * as path from "path";
import { APP_DIR } from "./paths";

/** A Procfile line: `<process type>: <command>` (Heroku's format; `#` starts a comment line). */
const PROCFILE_LINE = /^([A-Za-z0-9_-]+):\s*(.+)$/;

export interface ProcessType {
  type: string;
  command: string;
}

export function parseProcfile(text: string): ProcessType[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith("#"))
    .flatMap((line) => {
      const match = PROCFILE_LINE.exec(line);
      return match ? [{ type: match[1], command: match[2] }] : [];
    });
}

export function readProcfile(appDir: string = APP_DIR): ProcessType[] {
  return parseProcfile(fs.readFileSync(path.join(appDir, "Procfile"), "utf8"));
}

/** The process types app/Procfile declares, in file order. */
export function readProcessTypes(appDir: string = APP_DIR): string[] {
  return readProcfile(appDir).map(({ type }) => type);
}
