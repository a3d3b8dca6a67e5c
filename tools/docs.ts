/**
 * `npm run docs`: writes the generated parts of docs/ (the config reference's key table, from the
 * config schema); `npm run docs -- --check` exits 1 when they are stale (what npm test checks).
 */
import * as fs from "fs";
import { fatalLine } from "./fatal";
import { CONFIG_PAGE, readConfigPage, withConfigTable } from "../src/docs/config-reference";
import { prettierFormat } from "../src/docs/format";

function main(argv: string[]): number {
  const check = argv.includes("--check");
  if (argv.some((arg) => arg !== "--check")) {
    process.stderr.write("usage: npm run docs [-- --check]\n");
    return 2;
  }
  const page = readConfigPage();
  const generated = prettierFormat(withConfigTable(page), CONFIG_PAGE);
  if (generated === page) {
    process.stderr.write("docs: docs/config.md is up to date\n");
    return 0;
  }
  if (check) {
    process.stderr.write("docs: docs/config.md is stale: run `npm run docs` and commit it\n");
    return 1;
  }
  fs.writeFileSync(CONFIG_PAGE, generated);
  process.stderr.write("docs: wrote docs/config.md\n");
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(fatalLine("docs", error));
  process.exitCode = 1;
}
