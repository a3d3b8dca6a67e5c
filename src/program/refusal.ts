import { RunError } from "@pulumi/pulumi/errors";

/**
 * The program's refusal to go on: a message written for the person who runs it (the file, the
 * key, how to fix it), not a crash. Pulumi's Node.js language host prints a RunError as its
 * message alone; any other error thrown by a program comes out as "failed with an unhandled
 * exception", its stack trace and every property of the error, in terminal colours. Every error
 * the program throws on purpose is one of these (eslint.config.js refuses a plain Error here),
 * so a stack trace under `pulumi up` always means a bug.
 *
 * RunError comes from the SDK's errors module alone: the offline tools that refuse through these
 * (`npm run bundle`) need not load the whole SDK.
 */
export class Refusal extends RunError {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    // Its stack is its message: a refusal is no bug, so there is no trace to show, nor to format.
    // The language host formats every error it reports (util.inspect, for its tracing), and on
    // Node 20 a trace through the SDK's source-mapped files (`node_modules/@pulumi/resource.ts`)
    // sends inspect's markNodeModules into a loop: 30 to 60 s of CPU, then a RangeError.
    this.stack = `${this.name}: ${message}`;
  }
}
