/**
 * GCP plans for construct tests: a small environment with every kind of entry (generated,
 * rotated, external and unreplicated secrets, plain and secure parameters, functions in one and
 * two locations, a sync, a custom rotator). Built by hand so the constructs are tested alone,
 * whatever the spec loader does. Deep-copied per call.
 */
import type { GcpAuditPlan, GcpEnvironmentPlan } from '../../../lib/gcp/plan';

const GENERATE = { length: 40, excludeCharacters: '"@/', excludeNumbers: false, excludePunctuation: false, excludeUppercase: false, excludeLowercase: false };

export function smallPlan(overrides: Partial<GcpEnvironmentPlan> = {}): GcpEnvironmentPlan {
  const base: GcpEnvironmentPlan = {
    project: 'shop',
    env: 'dev',
    gcpProject: 'shop-dev-123',
    primaryLocation: 'europe-west1',
    locations: ['europe-west1', 'europe-west3', 'us-east1'],
    protect: false,
    keyRingName: 'shop-dev',
    keyRotationDays: 90,
    keyAdmins: [],
    labels: { environment: 'dev', 'managed-by': 'secrets-platform-kit', project: 'shop' },
    secrets: [
      {
        path: 'db/password',
        secretId: 'shop_dev_db__password',
        logicalName: 'shop/dev/db/password',
        description: 'Database password',
        locations: ['europe-west1', 'europe-west3', 'us-east1'],
        generate: GENERATE,
        rotation: { periodHours: 720, rotator: { kind: 'builtin' } },
      },
      { path: 'api/key', secretId: 'shop_dev_api__key', logicalName: 'shop/dev/api/key', locations: ['europe-west1', 'europe-west3', 'us-east1'] },
      {
        path: 'local/token',
        secretId: 'shop_dev_local__token',
        logicalName: 'shop/dev/local/token',
        locations: ['europe-west1'],
        generate: { ...GENERATE, length: 32, excludeCharacters: undefined },
      },
      {
        path: 'legacy/pin',
        secretId: 'shop_dev_legacy__pin',
        logicalName: 'shop/dev/legacy/pin',
        locations: ['europe-west1'],
        generate: { ...GENERATE, length: 24, excludeCharacters: undefined, excludePunctuation: true },
        rotation: { periodHours: 24, rotator: { kind: 'custom', serviceAccountEmail: 'legacy-rotator@shop-tools.iam.gserviceaccount.com' } },
      },
    ],
    parameters: [
      { path: 'app/log-level', logicalName: '/shop/dev/app/log-level', secure: false, id: 'shop_dev_app__log-level', value: 'debug', locations: ['europe-west1', 'us-east1'] },
      { path: 'db/host', logicalName: '/shop/dev/db/host', secure: false, id: 'shop_dev_db__host', value: 'db.dev.internal', locations: ['europe-west1', 'us-east1'] },
      { path: 'api/webhook-secret', logicalName: '/shop/dev/api/webhook-secret', secure: true, id: 'shop_dev_param_api__webhook-secret', locations: ['europe-west1', 'us-east1'] },
    ],
    functions: [
      { name: 'api', identityName: 'shop-dev-api', locations: ['europe-west1', 'us-east1'], secrets: ['db/password'], parameters: ['app/log-level', 'db/host'] },
      { name: 'webhooks', identityName: 'shop-dev-webhooks', locations: ['europe-west1'], secrets: ['api/key'], parameters: ['api/webhook-secret'] },
    ],
    syncs: [
      {
        name: 'vendor',
        identityName: 'shop-dev-sync-vendor',
        principal: 'serviceAccount:sync@vendor-project.iam.gserviceaccount.com',
        secrets: ['api/key'],
        parameters: ['api/webhook-secret'],
        read: false,
      },
    ],
    rotation: { name: 'shop-dev-rotation', builtin: { sourceBucketName: 'shop-dev-123-dev-rotator', minLength: 24 } },
  };
  return structuredClone({ ...base, ...overrides });
}

export function auditPlan(overrides: Partial<GcpAuditPlan> = {}): GcpAuditPlan {
  const base: GcpAuditPlan = {
    project: 'shop',
    gcpProject: 'shop-dev-123',
    location: 'europe-west1',
    protect: false,
    labels: { 'managed-by': 'secrets-platform-kit', project: 'shop' },
    retentionDays: 400,
    alarmEmails: ['security@shop.example'],
    environments: [
      { env: 'dev', secretIdPrefix: 'shop_dev_', expectedReaders: ['shop-dev-api@shop-dev-123.iam.gserviceaccount.com', 'shop-dev-rotation@shop-dev-123.iam.gserviceaccount.com'] },
    ],
  };
  return structuredClone({ ...base, ...overrides });
}
