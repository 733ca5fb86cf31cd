/**
 * Alerts on sensitive activity in one GCP project: a log-based metric per check (denied secret
 * or key calls, secret and key changes, and per environment reads of secret values by an
 * identity the spec does not declare), an alert policy on each that fires on any occurrence,
 * and an email notification channel per address of `audit.alarmEmails`.
 */
import { Construct } from 'constructs';
import { LoggingMetric } from '@cdktf/provider-google/lib/logging-metric';
import { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import type { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { address, auditCheckName, unexpectedReaderCheckName } from '../names';
import { AuditCheck, FIXED_CHECKS, RESOURCE_TYPES, unexpectedReaderFilter } from './checks';

/** How often an alert counts occurrences. */
const ALIGNMENT_PERIOD = '300s';

export interface AuditAlertsProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** The kit's project slug, prefix of every metric and policy. */
  readonly platform: string;
  readonly alarmEmails: readonly string[];
  readonly environments: readonly { readonly env: string; readonly secretIdPrefix: string; readonly expectedReaders: readonly string[] }[];
  readonly labels: Readonly<Record<string, string>>;
}

export class AuditAlerts extends Construct {
  readonly metrics: ReadonlyMap<string, LoggingMetric>;
  readonly policies: ReadonlyMap<string, MonitoringAlertPolicy>;
  readonly channels: readonly MonitoringNotificationChannel[];

  constructor(scope: Construct, id: string, props: AuditAlertsProps) {
    super(scope, id);
    const { provider, project } = props;
    this.channels = [...props.alarmEmails].sort().map((email) => {
      const channel = new MonitoringNotificationChannel(this, `email-${email}`, {
        provider,
        project,
        type: 'email',
        displayName: `${props.platform} audit: ${email}`,
        labels: { email_address: email },
        userLabels: { ...props.labels },
      });
      channel.overrideLogicalId(address('audit_channel', email));
      return channel;
    });
    const checks: { name: string; check: AuditCheck }[] = [
      ...FIXED_CHECKS.map((check) => ({ name: auditCheckName(props.platform, check.check), check })),
      ...props.environments.map((e) => ({
        name: unexpectedReaderCheckName(props.platform, e.env),
        check: {
          check: `unexpected-reader-${e.env}`,
          description: `A secret of ${e.env} was read by an identity the spec does not declare`,
          filter: unexpectedReaderFilter(e.secretIdPrefix, e.expectedReaders),
          resourceType: RESOURCE_TYPES['secretmanager.googleapis.com'],
        },
      })),
    ];
    const metrics = new Map<string, LoggingMetric>();
    const policies = new Map<string, MonitoringAlertPolicy>();
    for (const { name, check } of checks) {
      const metric = new LoggingMetric(this, `metric-${name}`, {
        provider,
        project,
        name,
        description: check.description,
        filter: check.filter,
        metricDescriptor: { metricKind: 'DELTA', valueType: 'INT64', unit: '1' },
      });
      metric.overrideLogicalId(address('audit_metric', name));
      const policy = new MonitoringAlertPolicy(this, `alert-${name}`, {
        provider,
        project,
        displayName: name,
        combiner: 'OR',
        severity: 'CRITICAL',
        notificationChannels: this.channels.map((c) => c.id),
        documentation: { content: `${check.description}. Look up the entries with this filter in Logs Explorer:\n\n${check.filter}`, mimeType: 'text/markdown' },
        userLabels: { ...props.labels },
        conditions: [
          {
            displayName: check.description,
            conditionThreshold: {
              filter: `metric.type="logging.googleapis.com/user/${name}" AND resource.type="${check.resourceType}"`,
              comparison: 'COMPARISON_GT',
              thresholdValue: 0,
              duration: '0s',
              aggregations: [{ alignmentPeriod: ALIGNMENT_PERIOD, perSeriesAligner: 'ALIGN_SUM' }],
            },
          },
        ],
        dependsOn: [metric],
      });
      policy.overrideLogicalId(address('audit_alert', name));
      metrics.set(check.check, metric);
      policies.set(check.check, policy);
    }
    this.metrics = metrics;
    this.policies = policies;
  }
}
