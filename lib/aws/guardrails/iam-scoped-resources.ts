import { blocks } from '../../guardrails/config';
import { Statement, readPolicy } from './policy-reader';
import { ResourceView, Rule, verdict } from '../../guardrails/rule';
import { isScopableSecretAction } from './actions';

/** Identity policies, by resource type: the attribute that holds the document. */
const IDENTITY_POLICIES: Readonly<Record<string, string>> = {
  aws_iam_role_policy: 'policy',
  aws_iam_policy: 'policy',
  aws_iam_user_policy: 'policy',
  aws_iam_group_policy: 'policy',
};

const SCOPED_SERVICES = new Set(['secretsmanager', 'ssm', 'kms']);

export const iamScopedResources: Rule = {
  id: 'KIT-IAM-SCOPED-RESOURCES',
  description:
    'No identity policy allows a Secrets Manager, SSM parameter or KMS action on `*` (or on a whole service) ' +
    'when the action can be scoped to specific resources.',
  why:
    'A wildcard resource turns "read the payments secrets" into "read every secret and decrypt with every key ' +
    'in the account", now and for anything added later; least privilege is the reason the platform exists.',
  fix:
    'List the exact ARNs (secret ARNs, parameter paths, key ARNs) through the grant methods of the secret, ' +
    'parameter or key construct instead of writing statements by hand.',
  checkov: ['CKV_AWS_355', 'CKV_AWS_288', 'CKV_AWS_290'],
  check(resource, context) {
    const documents = identityDocuments(resource);
    if (documents.length === 0) return 'not-applicable';
    const problems: string[] = [];
    for (const [where, value] of documents) {
      const read = readPolicy(value, context.stack);
      if (!read) continue;
      if ('unreadable' in read) {
        problems.push(`${where}: ${read.unreadable}`);
        continue;
      }
      read.statements.forEach((s, i) => {
        const problem = wildcardGrant(s);
        if (problem) problems.push(`${where} statement ${i + 1}: ${problem}`);
      });
    }
    return verdict(problems);
  },
};

function identityDocuments(resource: ResourceView): Array<[string, unknown]> {
  if (resource.kind !== 'resource') return [];
  const attribute = IDENTITY_POLICIES[resource.type];
  if (attribute) return [[attribute, resource.config[attribute]]];
  if (resource.type === 'aws_iam_role') {
    return blocks(resource.config, 'inline_policy').map((p) => [`inline_policy ${String(p.name ?? '')}`.trim(), p.policy]);
  }
  return [];
}

function wildcardGrant(s: Statement): string | undefined {
  if (s.effect !== 'Allow') return undefined;
  const actions = s.notActions.length > 0 ? ['*'] : s.actions.filter(isScopableSecretAction);
  if (actions.length === 0) return undefined;
  if (s.notResources.length > 0) return `allows ${actions.join(', ')} on every resource except ${s.notResources.join(', ')}`;
  const wild = s.resources.filter(isWildcardResource);
  if (wild.length === 0) return undefined;
  return `allows ${actions.join(', ')} on ${wild.join(', ')}`;
}

/**
 * `*`, or an ARN of one of these services whose resource part names nothing (`secret:*`,
 * `key/*`, `parameter/*`). A prefix such as `secret:acme-payments/dev/*` is a scope, not a wildcard.
 */
export function isWildcardResource(resource: string): boolean {
  if (resource === '*') return true;
  const parts = resource.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return false;
  const service = parts[2];
  if (service !== '*' && !SCOPED_SERVICES.has(service)) return false;
  const name = parts.slice(5).join(':').replace(/^(secret:|key\/|alias\/|parameter)/, '');
  return /^[*?/]*$/.test(name);
}

