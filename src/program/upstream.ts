import * as pulumi from "@pulumi/pulumi";

/** The outputs a downstream stack reads from its upstream (the pipeline owner, the promoted stack). */
export const UPSTREAM_OUTPUTS = ["slugId", "pipelineId"] as const;
export type UpstreamOutput = (typeof UPSTREAM_OUTPUTS)[number];

/**
 * Stack references to the stacks this one builds on (the pipeline owner, the stack promoted
 * from), one StackReference per distinct stack however many uses it has.
 */
export class UpstreamStacks {
  private readonly references = new Map<string, pulumi.StackReference>();

  constructor(
    private readonly name: string,
    private readonly parent: pulumi.Resource,
  ) {}

  /** One output of an upstream stack; a missing one fails the deployment with its name. */
  output(reference: string, name: UpstreamOutput): pulumi.Output<string> {
    return this.get(reference).requireOutput(name).apply(String);
  }

  private get(reference: string): pulumi.StackReference {
    const organization = pulumi.getOrganization();
    const project = pulumi.getProject();
    const qualified = qualifyStackName(reference, organization, project);
    let stackReference = this.references.get(qualified);
    if (stackReference === undefined) {
      stackReference = new pulumi.StackReference(
        `${this.name}-upstream-${upstreamSuffix(qualified, organization, project)}`,
        { name: qualified },
        { parent: this.parent },
      );
      this.references.set(qualified, stackReference);
    }
    return stackReference;
  }
}

/** `staging` and `org/staging` are short for `org/<this project>/staging`, as the CLI reads them. */
export function qualifyStackName(reference: string, organization: string, project: string): string {
  const parts = reference.split("/");
  if (parts.length === 3) return reference;
  if (parts.length === 2) return `${parts[0]}/${project}/${parts[1]}`;
  return `${organization}/${project}/${reference}`;
}

/**
 * What names an upstream reference among this stack's resources: the stack's own name for a
 * stack of this organization and project (`staging`), the whole `org/project/stack` otherwise.
 * Two different upstream stacks of the same name (`staging` here and `other-org/shop/staging`)
 * so never get the same resource name, which Pulumi would refuse as a duplicate URN.
 */
export function upstreamSuffix(qualified: string, organization: string, project: string): string {
  const [org, proj, stack] = qualified.split("/");
  return org === organization && proj === project ? stack : qualified;
}
