import { asList, block, isLiteralString, isSet } from '../../guardrails/config';
import { Rule, verdict } from '../../guardrails/rule';

/** The one role GCP offers for parameters only at project level, and only under a condition. */
const CONDITIONAL_PROJECT_ROLES = ['roles/parametermanager.parameterAccessor'];

/** IAM resources that grant on a whole project, folder or organization. */
const WIDE_SCOPES = /^google_(project|folder|organization)_iam_(member|binding|policy)$/;
/** Authoritative IAM resources: they replace grants the kit does not know of. */
const AUTHORITATIVE = /^google_.*_iam_(binding|policy)$/;

export const gcpIamScopedResources: Rule = {
  id: 'KIT-IAM-SCOPED-RESOURCES',
  description:
    'Every grant is an IAM member on the one resource it concerns; nothing is granted on the project except the ' +
    'Parameter Manager reader role under a condition naming one parameter, and no IAM binding or policy is authoritative.',
  why:
    'A project-level Secret Manager role reaches every secret of the project, present and future, other ' +
    'environments\' included; an authoritative binding silently removes grants someone else made.',
  fix: 'Grant on the secret, key or topic (`grantAccess` on the construct); for parameters, keep the condition on `resource.name`.',
  check(resource) {
    if (resource.kind !== 'resource') return 'not-applicable';
    if (AUTHORITATIVE.test(resource.type)) return verdict([`${resource.type} is authoritative: use the matching _iam_member resource`]);
    if (!WIDE_SCOPES.test(resource.type)) return 'not-applicable';
    const role = resource.config.role;
    const problems: string[] = [];
    if (!isLiteralString(role) || !CONDITIONAL_PROJECT_ROLES.includes(role)) {
      problems.push(`grants ${isLiteralString(role) ? role : 'a computed role'} on the whole ${resource.type.split('_')[1]}`);
    } else {
      const expression = block(resource.config, 'condition').expression;
      if (!isSet(expression) || !/resource\.name\.endsWith\("\/locations\/[^/"]+\/parameters\/[^/"]+"\)/.test(String(expression))) {
        problems.push(`grants ${role} on the whole project without a condition naming one parameter`);
      }
    }
    return verdict(problems);
  },
};

/** Every member string an IAM resource names (`member`, or `members` of a binding). */
export function membersOf(config: Readonly<Record<string, unknown>>): string[] {
  return [...asList(config.member), ...asList(config.members)].filter((m): m is string => typeof m === 'string');
}
