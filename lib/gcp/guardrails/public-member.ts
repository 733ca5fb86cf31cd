import { Rule, verdict } from '../../guardrails/rule';
import { membersOf } from './iam-scoped-resources';

const PUBLIC = ['allUsers', 'allAuthenticatedUsers'];

export const gcpPublicMember: Rule = {
  id: 'KIT-POLICY-PUBLIC-PRINCIPAL',
  description: 'No IAM grant names `allUsers` or `allAuthenticatedUsers`.',
  why: '`allAuthenticatedUsers` is anyone with a Google account, not anyone in your organization; either member makes a secret or key public.',
  fix: 'Grant to the service account, group or user that needs access.',
  checkov: ['CKV_GCP_112', 'CKV_GCP_99'],
  check(resource) {
    if (resource.kind !== 'resource' || !/_iam_(member|binding)$/.test(resource.type)) return 'not-applicable';
    return verdict(membersOf(resource.config).filter((m) => PUBLIC.includes(m)).map((m) => `grants ${String(resource.config.role)} to ${m}`));
  },
};
