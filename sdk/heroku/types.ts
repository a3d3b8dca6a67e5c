/* eslint-disable @typescript-eslint/no-namespace -- namespaces reproduce the published SDK's
   heroku.types.input.<module>.<Type> paths, so program code reads the same with either package */
import * as pulumi from "@pulumi/pulumi";

/**
 * Nested object types, only those the bound resources and the Provider use. Input shapes follow
 * the schema's `required`; output shapes follow its nodejs `requiredOutputs`.
 */
export namespace input {
  export interface ProviderCustomization {
    setAddonConfigVarsInState?: pulumi.Input<boolean>;
    setAppAllConfigVarsInState?: pulumi.Input<boolean>;
  }

  export interface ProviderDelays {
    postAppCreateDelay?: pulumi.Input<number>;
    postDomainCreateDelay?: pulumi.Input<number>;
    postSpaceCreateDelay?: pulumi.Input<number>;
  }

  export interface ProviderTimeouts {
    addonCreateTimeout?: pulumi.Input<number>;
  }

  export namespace app {
    export interface AppOrganization {
      locked?: pulumi.Input<boolean>;
      name: pulumi.Input<string>;
      personal?: pulumi.Input<boolean>;
    }
  }

  export namespace build {
    export interface BuildSource {
      checksum?: pulumi.Input<string>;
      path?: pulumi.Input<string>;
      url?: pulumi.Input<string>;
      version?: pulumi.Input<string>;
    }

    export interface BuildUser {
      email?: pulumi.Input<string>;
      id?: pulumi.Input<string>;
    }
  }

  export namespace pipeline {
    export interface PipelineOwner {
      id: pulumi.Input<string>;
      type: pulumi.Input<string>;
    }
  }
}

export namespace output {
  export namespace app {
    export interface AppOrganization {
      locked: boolean;
      name: string;
      personal: boolean;
    }
  }

  export namespace build {
    export interface BuildSource {
      checksum: string;
      path?: string;
      url?: string;
      version?: string;
    }

    export interface BuildUser {
      email: string;
      id: string;
    }
  }

  export namespace pipeline {
    export interface PipelineOwner {
      id: string;
      type: string;
    }
  }
}
