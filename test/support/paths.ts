import * as path from "path";
import { PROJECT_DIR } from "../../src/program/paths";

/** Where the tests find the project and their fixtures, whatever folder a test lives in. */
export { APP_DIR, PROJECT_DIR } from "../../src/program/paths";
export const FIXTURES_DIR = path.join(PROJECT_DIR, "test", "fixtures");

/** A stack file under test/fixtures/: `fixture("staging")` is the project's first staging stack. */
export const fixture = (stack: string) => path.join(FIXTURES_DIR, `Pulumi.${stack}.yaml`);
