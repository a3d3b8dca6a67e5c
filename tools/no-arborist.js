/**
 * What the offline tools and jest load instead of @npmcli/arborist. @pulumi/pulumi requires it when
 * it starts (runtime/closure/codePaths.js), and with it about 450 modules (pacote, sigstore, tuf,
 * …): measured here, more than a third of the SDK's load. It is only used to find a package's
 * dependencies when a JavaScript function is serialized into a resource (dynamic providers,
 * `serializeFunction`), which this program never does. `pulumi` starts the program with the SDK as
 * Pulumi ships it; the tools that run it under mocks (tools/plan.ts) and jest don't load arborist,
 * and anything that did use it gets this error rather than a wrong answer.
 */
"use strict";

/** The one thing @pulumi/pulumi takes from it (runtime/closure/codePaths.js): fails when made. */
class Arborist {
  constructor() {
    throw new Error(
      "@npmcli/arborist is not loaded here (tools/no-arborist.js): the offline tools and tests never serialize a function into a resource",
    );
  }
}

module.exports = { Arborist };
