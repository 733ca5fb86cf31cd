/**
 * The audit of one GCP project: Data Access logs for Secret Manager and Cloud KMS, a locked CMEK
 * log bucket with retention fed by a sink, log-based metrics with an alert policy each, and an
 * email channel per address.
 */
import { AUDIT_LOG_TYPES, unexpectedReaderFilter } from '../../lib/gcp/audit/checks';
import { ROLES } from '../../lib/gcp/iam';
import { auditPlan } from './support/plans';
import { resourcesOf, synthAudit } from './support/synth';

describe('GcpAccount (audit)', () => {
  const { json } = synthAudit(auditPlan());

  it('turns Data Access logs on for Secret Manager and Cloud KMS: every log type', () => {
    const configs = Object.values(resourcesOf(json, 'google_project_iam_audit_config'));
    expect(configs.map((c) => [c.service, c.audit_log_config.map((l: { log_type: string }) => l.log_type)]).sort()).toEqual([
      ['cloudkms.googleapis.com', ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE']],
      ['secretmanager.googleapis.com', ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE']],
    ]);
    expect(AUDIT_LOG_TYPES).toHaveLength(3);
  });

  it('keeps audit entries in a locked bucket with the spec\'s retention, under its own rotating key', () => {
    const bucket = resourcesOf(json, 'google_logging_project_bucket_config')['audit_bucket_shop-dev-123'];
    expect(bucket).toMatchObject({
      bucket_id: 'shop-audit',
      location: 'europe-west1',
      retention_days: 400,
      locked: true,
      cmek_settings: { kms_key_name: '${google_kms_crypto_key.audit_key_shop-dev-123.id}' },
      depends_on: ['google_kms_crypto_key_iam_member.audit_key_user_shop-dev-123'],
    });
    expect(resourcesOf(json, 'google_kms_crypto_key')['audit_key_shop-dev-123']).toMatchObject({ rotation_period: '7776000s', name: 'logs' });
  });

  it('grants the key to the project\'s Cloud Logging service account only', () => {
    expect(Object.values(resourcesOf(json, 'google_kms_crypto_key_iam_member'))).toEqual([
      expect.objectContaining({
        role: ROLES.keyEncrypterDecrypter,
        member: 'serviceAccount:${data.google_logging_project_cmek_settings.logging_cmek_settings_shop-dev-123.service_account_id}',
      }),
    ]);
  });

  it('copies every audit entry of the audited services into the bucket', () => {
    const sink = resourcesOf(json, 'google_logging_project_sink')['audit_sink_shop-dev-123'];
    expect(sink.destination).toBe('logging.googleapis.com/${google_logging_project_bucket_config.audit_bucket_shop-dev-123.id}');
    expect(sink.filter).toMatch(/^logName:"cloudaudit\.googleapis\.com" AND protoPayload\.serviceName=\("secretmanager\.googleapis\.com" OR "cloudkms\.googleapis\.com"/);
  });

  it('has a metric and an alert on it, notifying every email, for each check and each environment', () => {
    const metrics = Object.values(resourcesOf(json, 'google_logging_metric')).map((m) => m.name).sort();
    expect(metrics).toEqual(['shop-audit-key-changes', 'shop-audit-key-denied', 'shop-audit-secret-changes', 'shop-audit-secret-denied', 'shop-audit-unexpected-reader-dev']);
    const policies = Object.values(resourcesOf(json, 'google_monitoring_alert_policy'));
    expect(policies.map((p) => p.display_name).sort()).toEqual(metrics);
    for (const p of policies) {
      expect(p.notification_channels).toEqual(['${google_monitoring_notification_channel.audit_channel_security_shop_example.id}']);
      expect(p.conditions[0].condition_threshold).toMatchObject({ comparison: 'COMPARISON_GT', threshold_value: 0 });
      expect(p.conditions[0].condition_threshold.filter).toMatch(new RegExp(`^metric\\.type="logging\\.googleapis\\.com/user/${p.display_name}" AND resource\\.type="`));
    }
    expect(Object.values(resourcesOf(json, 'google_monitoring_notification_channel'))).toEqual([
      expect.objectContaining({ type: 'email', labels: { email_address: 'security@shop.example' } }),
    ]);
  });

  it('alerts on reads of an environment\'s secrets by anyone but its declared readers', () => {
    const metric = resourcesOf(json, 'google_logging_metric')['audit_metric_shop-audit-unexpected-reader-dev'];
    expect(metric.filter).toBe(
      'logName:"cloudaudit.googleapis.com" AND protoPayload.serviceName="secretmanager.googleapis.com" AND protoPayload.methodName:"AccessSecretVersion"' +
        ' AND protoPayload.resourceName:"/secrets/shop_dev_"' +
        ' AND NOT protoPayload.authenticationInfo.principalEmail=("shop-dev-api@shop-dev-123.iam.gserviceaccount.com" OR "shop-dev-rotation@shop-dev-123.iam.gserviceaccount.com")',
    );
    expect(unexpectedReaderFilter('x_', [])).not.toMatch(/NOT/);
  });

  it('protects key and bucket when an environment of the project is protected', () => {
    const protectedJson = synthAudit(auditPlan({ protect: true })).json;
    for (const type of ['google_kms_key_ring', 'google_kms_crypto_key', 'google_logging_project_bucket_config']) {
      for (const r of Object.values(resourcesOf(protectedJson, type))) expect(r.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  it('refuses a retention Cloud Logging would refuse', () => {
    expect(() => synthAudit(auditPlan({ retentionDays: 4000 }))).toThrow(/`retentionDays` must be a whole number from 1 to 3650; got 4000/);
  });
});
