/** The AWS backend: implements the cloud-neutral `SecretsBackend` with the constructs of this folder. */
import type { SecretsBackend } from '../core/backend';
import { AwsAccount } from './account';
import { AwsEnvironment } from './environment';
import { validateAwsLimits } from './limits';

export const awsBackend = {
  cloud: 'aws',
  capabilities: {
    replication: true,
    customerManagedKeys: true,
    rotation: true,
    audit: true,
    parameterHierarchies: true,
    valuesOutsideState: true,
    leastPrivilegeRoles: true,
    externalSync: true,
  },
  validate: validateAwsLimits,
  environment(scope, platform, env, options) {
    new AwsEnvironment(scope, 'aws', { platform, env, localEndpoint: options.localEndpoint });
  },
  account(scope, platform, account, options) {
    new AwsAccount(scope, 'aws', { platform, account, localEndpoint: options.localEndpoint });
  },
} as const satisfies SecretsBackend;
