import { addonRoutes } from "./addons";
import { appRoutes } from "./apps";
import { buildRoutes } from "./builds";
import { domainRoutes } from "./domains";
import { drainRoutes } from "./drains";
import { dynoRoutes } from "./dynos";
import { featureRoutes } from "./features";
import { formationRoutes } from "./formation";
import { pipelineRoutes } from "./pipelines";
import { releaseRoutes } from "./releases";
import type { Routes } from "./route";

/** Every route the sandbox's Platform API serves, by hyper-schema link (`<definition> <title>`). */
export const ROUTES: Routes = {
  ...appRoutes,
  ...releaseRoutes,
  ...buildRoutes,
  ...formationRoutes,
  ...pipelineRoutes,
  ...addonRoutes,
  ...domainRoutes,
  ...drainRoutes,
  ...featureRoutes,
  ...dynoRoutes,
};
