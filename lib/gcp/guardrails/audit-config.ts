import { asList, blocks, isLiteralString } from '../../guardrails/config';
import { Rule, verdict } from '../../guardrails/rule';

/** What an audit stack must log, per service. */
export const REQUIRED_AUDIT = {
  services: ['secretmanager.googleapis.com', 'cloudkms.googleapis.com'],
  logTypes: ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'],
} as const;

export const gcpAuditConfig: Rule = {
  id: 'KIT-AUDIT-CONFIG',
  description:
    'Each audited GCP project logs every Data Access type (ADMIN_READ, DATA_READ, DATA_WRITE) of Secret Manager and Cloud KMS, exempting no one.',
  why:
    'Data Access logs are off by default on GCP: without them no one can tell who read a secret or used a key, and ' +
    'the unexpected-reader alert has nothing to read.',
  fix: 'Keep the audit stack\'s `google_project_iam_audit_config` for both services with the three log types and no exempted members.',
  check(resource, context) {
    if (resource.kind !== 'resource') return 'not-applicable';
    if (resource.type === 'google_project_iam_audit_config') {
      const configs = blocks(resource.config, 'audit_log_config');
      const types = configs.map((c) => c.log_type).filter(isLiteralString);
      return verdict([
        ...REQUIRED_AUDIT.logTypes.filter((t) => !types.includes(t)).map((t) => `does not log ${t}`),
        ...configs.filter((c) => asList(c.exempted_members).length > 0).map((c) => `exempts members from ${String(c.log_type)}`),
      ]);
    }
    // The audit stack's log bucket stands for the stack: it must come with the audit configs.
    if (resource.type !== 'google_logging_project_bucket_config') return 'not-applicable';
    const audited = context.stack.ofType('google_project_iam_audit_config').map((c) => c.config.service);
    return verdict(REQUIRED_AUDIT.services.filter((s) => !audited.includes(s)).map((s) => `the stack turns no Data Access logs on for ${s}`));
  },
};
