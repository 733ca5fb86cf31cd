import { isSet } from '../../guardrails/config';
import { Statement, readPolicy } from './policy-reader';
import { ResourceView, Rule, nonCompliant, verdict } from '../../guardrails/rule';

/** Resource and trust policies, by resource type: the attribute that holds the document. */
const RESOURCE_POLICIES: Readonly<Record<string, string>> = {
  aws_kms_key: 'policy',
  aws_kms_replica_key: 'policy',
  aws_kms_key_policy: 'policy',
  aws_secretsmanager_secret: 'policy',
  aws_secretsmanager_secret_policy: 'policy',
  aws_s3_bucket_policy: 'policy',
  aws_sns_topic: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_iam_role: 'assume_role_policy',
};

/**
 * Condition keys that pin who the caller is (its account, organization or ARN) or on whose
 * behalf a service calls. Other conditions (`kms:ViaService` alone, `aws:SecureTransport`)
 * narrow how, not who.
 */
export const PRINCIPAL_CONDITION_KEYS: ReadonlySet<string> = new Set(
  [
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'kms:CallerAccount',
  ].map((k) => k.toLowerCase()),
);

export const policyPublicPrincipal: Rule = {
  id: 'KIT-POLICY-PUBLIC-PRINCIPAL',
  description:
    'No key, secret, bucket, topic or trust policy allows the wildcard principal `*` unless a condition pins the caller ' +
    '(account, organization, principal or source ARN).',
  why:
    'A `*` principal means any AWS account in the world; without a condition on who the caller is, the key, the ' +
    'secret or the role is open to everyone who can sign a request.',
  fix:
    'Name the principals (account root, role ARNs, service principals), or add a condition such as ' +
    '`aws:PrincipalAccount` or `kms:CallerAccount` to the statement.',
  checkov: ['CKV_AWS_33'],
  check(resource, context) {
    if (resource.kind !== 'resource') return 'not-applicable';
    if (resource.type === 'aws_lambda_permission') return checkLambdaPermission(resource);
    const attribute = RESOURCE_POLICIES[resource.type];
    if (!attribute) return 'not-applicable';
    const read = readPolicy(resource.config[attribute], context.stack);
    if (!read) return 'not-applicable';
    if ('unreadable' in read) return nonCompliant(`${attribute}: ${read.unreadable}`);
    const problems = read.statements
      .map((s, i) => (isOpenToEveryone(s) ? `${attribute} statement ${i + 1} allows ${s.actions.join(', ') || 'every action'} to principal *` : undefined))
      .filter((p): p is string => p !== undefined);
    return verdict(problems);
  },
};

function isOpenToEveryone(s: Statement): boolean {
  if (s.effect !== 'Allow' || !s.principals.includes('*')) return false;
  return !s.conditionKeys.some((k) => PRINCIPAL_CONDITION_KEYS.has(k));
}

/** A Lambda permission for `*` lets any account invoke the function unless the source is pinned. */
function checkLambdaPermission(resource: ResourceView) {
  const c = resource.config;
  if (c.principal !== '*') return 'compliant';
  const pinned = isSet(c.source_account) || isSet(c.source_arn) || isSet(c.principal_org_id);
  return pinned ? 'compliant' : nonCompliant('allows principal * to invoke the function without source_account, source_arn or principal_org_id');
}
