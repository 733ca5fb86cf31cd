/**
 * Where a stack keeps its Terraform state: a local file by default, S3 with locking, or an
 * HCP Terraform / Terraform Enterprise workspace per stack.
 */
import * as path from 'path';
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from 'cdktf';
import { localStateFile } from '../lib/core/names';
import type { PlatformModel } from '../lib/core/model';

/**
 * Local state goes to `terraform.{stack}.tfstate` at the project root, written as a path
 * relative to the stack's working directory (`cdktf.out/stacks/{stack}`), so the synthesized
 * config is the same in every clone.
 */
/**
 * The oldest Terraform that can apply the kit's stacks: write-only arguments
 * (`secret_string_wo`, `value_wo`) arrived in 1.11, ephemeral resources in 1.10.
 */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.11';

export function configureState(stack: TerraformStack, platform: PlatformModel, stackName: string, stateKey: string): void {
  stack.addOverride('terraform.required_version', TERRAFORM_REQUIRED_VERSION);
  const backend = platform.backend;
  if (backend === 'local' || backend.type === 'local') {
    new LocalBackend(stack, { path: path.posix.join('..', '..', '..', localStateFile(stackName)) });
    return;
  }
  if (backend.type === 'remote') {
    // One workspace per stack: each stack's state, runs and locks stay its own.
    new CloudBackend(stack, {
      organization: backend.organization,
      hostname: backend.hostname,
      workspaces: new NamedCloudWorkspace(`${backend.workspacePrefix}${stackName}`),
    });
    return;
  }
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key: `${backend.keyPrefix}${platform.project}/${stateKey}.tfstate`,
    region: backend.region,
    encrypt: true,
    kmsKeyId: backend.kmsKeyId,
    assumeRole: backend.roleArn ? { roleArn: backend.roleArn } : undefined,
  });
  // CDKTF 0.21's S3BackendConfig predates S3-native locking (Terraform 1.10+): set it directly.
  s3.addOverride('use_lockfile', true);
}
