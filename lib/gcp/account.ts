/**
 * What the environments of one GCP project share: its audit. Data Access logs of Secret Manager
 * and Cloud KMS, a locked CMEK log bucket the audit entries are copied into, and alerts.
 */
import { Construct } from 'constructs';
import { AuditAlerts } from './audit/audit-alerts';
import { DataAccessLogs } from './audit/data-access-logs';
import { LockedLogBucket } from './audit/locked-log-bucket';
import { auditName } from './names';
import type { GcpAuditPlan } from './plan';
import { GoogleProviders } from './providers';

export interface GcpAccountProps {
  readonly plan: GcpAuditPlan;
}

export class GcpAccount extends Construct {
  readonly providers: GoogleProviders;
  readonly dataAccess: DataAccessLogs;
  readonly logBucket: LockedLogBucket;
  readonly alerts: AuditAlerts;

  constructor(scope: Construct, id: string, props: GcpAccountProps) {
    super(scope, id);
    const { plan } = props;
    this.providers = new GoogleProviders(this, 'providers', {
      project: plan.gcpProject,
      region: plan.location,
      impersonateServiceAccount: plan.impersonateServiceAccount,
      labels: plan.labels,
    });
    const provider = this.providers.google;
    this.dataAccess = new DataAccessLogs(this, 'data-access', { provider, project: plan.gcpProject });
    this.logBucket = new LockedLogBucket(this, 'log-bucket', {
      provider,
      project: plan.gcpProject,
      name: auditName(plan.project),
      location: plan.location,
      retentionDays: plan.retentionDays,
      protect: plan.protect,
      labels: plan.labels,
    });
    this.alerts = new AuditAlerts(this, 'alerts', {
      provider,
      project: plan.gcpProject,
      platform: plan.project,
      alarmEmails: plan.alarmEmails,
      environments: plan.environments,
      labels: plan.labels,
    });
  }
}
