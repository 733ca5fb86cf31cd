/**
 * Where a stack keeps its Terraform state: a local file by default, an HCP Terraform /
 * Terraform Enterprise workspace per stack (on any cloud), or the cloud's own remote state with
 * locking, which its backend configures (`s3` on AWS).
 */
import * as path from 'path';
import { CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from 'cdktf';
import type { SecretsBackend } from '../lib/core/backend';
import { localStateFile } from '../lib/core/names';
import type { PlatformModel } from '../lib/core/model';
import type { RemoteBackendSpec } from '../lib/core/schema';

/**
 * The oldest Terraform that can apply the kit's stacks: write-only arguments
 * (`secret_string_wo`, `value_wo`) arrived in 1.11, ephemeral resources in 1.10.
 */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.11';

/**
 * Local state goes to `terraform.{stack}.tfstate` at the project root, written as a path
 * relative to the stack's working directory (`cdktf.out/stacks/{stack}`), so the synthesized
 * config is the same in every clone.
 */
export function configureState(stack: TerraformStack, platform: PlatformModel, backend: SecretsBackend, stackName: string, stateKey: string): void {
  stack.addOverride('terraform.required_version', TERRAFORM_REQUIRED_VERSION);
  const spec = platform.backend;
  if (spec === 'local' || spec.type === 'local') {
    new LocalBackend(stack, { path: path.posix.join('..', '..', '..', localStateFile(stackName)) });
    return;
  }
  if (spec.type === 'remote') {
    const remote = spec as RemoteBackendSpec;
    // One workspace per stack: each stack's state, runs and locks stay its own.
    new CloudBackend(stack, {
      organization: remote.organization,
      hostname: remote.hostname,
      workspaces: new NamedCloudWorkspace(`${remote.workspacePrefix}${stackName}`),
    });
    return;
  }
  backend.remoteState(stack, platform, stateKey);
}
