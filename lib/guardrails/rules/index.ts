/** The built-in rule pack, in the order findings are reported. */
import type { Rule } from '../rule';
import { iamScopedResources } from './iam-scoped-resources';
import { keyRotation } from './key-rotation';
import { logGroupCmk } from './log-group-cmk';
import { logGroupRetention } from './log-group-retention';
import { noSecretLiteral } from './no-secret-literal';
import { parameterCmk } from './parameter-cmk';
import { policyPublicPrincipal } from './policy-public-principal';
import { protectedLifecycle } from './protected-lifecycle';
import { secretCmk } from './secret-cmk';
import { secretRotation } from './secret-rotation';
import { trailMultiRegion } from './trail-multi-region';

export const BUILTIN_RULES: readonly Rule[] = [
  secretCmk,
  parameterCmk,
  secretRotation,
  keyRotation,
  iamScopedResources,
  policyPublicPrincipal,
  noSecretLiteral,
  protectedLifecycle,
  trailMultiRegion,
  logGroupCmk,
  logGroupRetention,
];
