/**
 * Data Access audit logs on for Secret Manager and Cloud KMS in one GCP project: admin reads,
 * data reads (every `AccessSecretVersion`, every decrypt) and data writes. Admin Activity logs
 * are always on in GCP and need no setting.
 */
import { Construct } from 'constructs';
import { ProjectIamAuditConfig } from '@cdktf/provider-google/lib/project-iam-audit-config';
import type { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { address } from '../names';
import { AUDITED_SERVICES, AUDIT_LOG_TYPES } from './checks';

export interface DataAccessLogsProps {
  readonly provider: GoogleProvider;
  readonly project: string;
}

export class DataAccessLogs extends Construct {
  readonly configs: readonly ProjectIamAuditConfig[];

  constructor(scope: Construct, id: string, props: DataAccessLogsProps) {
    super(scope, id);
    this.configs = AUDITED_SERVICES.map((service) => {
      const config = new ProjectIamAuditConfig(this, service, {
        provider: props.provider,
        project: props.project,
        service,
        auditLogConfig: AUDIT_LOG_TYPES.map((logType) => ({ logType })),
      });
      config.overrideLogicalId(address('audit_config', service));
      return config;
    });
  }
}
