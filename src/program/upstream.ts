import * as pulumi from "@pulumi/pulumi";

/**
 * The outputs a stack reads from its upstream (the pipeline owner, the promoted stack), and from
 * its own previous deploy (where the app was: see HerokuEnvironment's ACM).
 */
export const UPSTREAM_OUTPUTS = ["slugId", "pipelineId", "appPlacement", "appId"] as const;
export type UpstreamOutput = (typeof UPSTREAM_OUTPUTS)[number];

/**
 * Stack references to the stacks this one builds on (the pipeline owner, the stack promoted
 * from), one StackReference per distinct stack however many uses it has.
 */
export class UpstreamStacks {
  private readonly references = new Map<string, pulumi.StackReference>();
  private self?: pulumi.StackReference;

  constructor(
    private readonly name: string,
    private readonly parent: pulumi.Resource,
  ) {}

  /**
   * One output of an upstream stack; the program has checked that it is there before it declared
   * anything (upstream-check.ts).
   */
  output(reference: string, name: UpstreamOutput): pulumi.Output<string> {
    return this.get(reference).requireOutput(name).apply(String);
  }

  /**
   * One output of this stack's own previous deploy (undefined before the first one): a stack
   * reference to itself, created on first use.
   */
  previous(name: UpstreamOutput): pulumi.Output<string | undefined> {
    this.self ??= new pulumi.StackReference(
      `${this.name}-previous-deploy`,
      { name: qualifiedStackName(pulumi.getStack()) },
      { parent: this.parent },
    );
    return this.self
      .getOutput(name)
      .apply((value) => (value === undefined ? undefined : String(value)));
  }

  private get(reference: string): pulumi.StackReference {
    const qualified = qualifiedStackName(reference);
    let stackReference = this.references.get(qualified);
    if (stackReference === undefined) {
      const suffix = upstreamSuffix(qualified, currentOrganization(), pulumi.getProject());
      stackReference = new pulumi.StackReference(
        `${this.name}-upstream-${suffix}`,
        { name: qualified },
        { parent: this.parent },
      );
      this.references.set(qualified, stackReference);
    }
    return stackReference;
  }
}

/** A stack reference as the CLI resolves it in this organization and project. */
export function qualifiedStackName(reference: string): string {
  const organization = currentOrganization();
  return organization === undefined
    ? reference
    : qualifyStackName(reference, organization, pulumi.getProject());
}

/** The stack's own name when it is a stack of this organization and project, else undefined. */
export function localStackName(qualified: string): string | undefined {
  const suffix = upstreamSuffix(qualified, currentOrganization(), pulumi.getProject());
  return suffix.includes("/") ? undefined : suffix;
}

/**
 * The CLI tells the program its organization (older CLIs don't: then a short name is left for
 * the CLI to resolve in the current organization and project, as it does for any reference).
 */
function currentOrganization(): string | undefined {
  try {
    return pulumi.getOrganization();
  } catch {
    return undefined;
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
export function upstreamSuffix(
  qualified: string,
  organization: string | undefined,
  project: string,
): string {
  const [org, proj, stack] = qualified.split("/");
  return org === organization && proj === project ? stack : qualified;
}
