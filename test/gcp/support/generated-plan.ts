/**
 * GCP plans drawn at random for property tests: secrets (generated or external, replicated or
 * not, rotated by the built-in rotator or your own), plain and secure parameters, functions
 * reading subsets in a subset of the locations, an optional sync. Ids come from the names module,
 * as `planEnvironment` builds them.
 */
import fc from 'fast-check';
import * as names from '../../../lib/gcp/names';
import type { GcpEnvironmentPlan, GcpParameterPlan, GcpSecretPlan } from '../../../lib/gcp/plan';

const SECRETS = ['db/password', 'db/user', 'api/key', 'auth/signing-key', 'stripe/api-key'];
const PARAMETERS = ['app/log-level', 'app/flags', 'db/host', 'db/port', 'db/token', 'stripe/webhook-secret', 'deep/a/b'];
const LOCATIONS = ['europe-west1', 'europe-west3', 'us-east1'];
const GENERATE = { length: 32, excludeNumbers: false, excludePunctuation: false, excludeUppercase: false, excludeLowercase: false };

const subset = <T>(items: readonly T[], min = 0) => fc.subarray([...items], { minLength: Math.min(min, items.length) });

export const generatedPlan: fc.Arbitrary<GcpEnvironmentPlan> = fc
  .record({
    secrets: subset(SECRETS, 1),
    parameters: subset(PARAMETERS, 1),
    replicas: subset(LOCATIONS.slice(1)),
    flags: fc.array(fc.record({ generated: fc.boolean(), replicate: fc.boolean(), rotate: fc.constantFrom('none', 'builtin', 'custom'), secure: fc.boolean() }), {
      minLength: 7,
      maxLength: 7,
    }),
    protect: fc.boolean(),
  })
  .chain((base) => {
    const locations = ['europe-west1', ...base.replicas];
    const fn = fc.record({ secrets: subset(base.secrets), parameters: subset(base.parameters), locations: subset(locations, 1) });
    const sync = fc.record({ secrets: subset(base.secrets), read: fc.boolean() });
    return fc.record({ base: fc.constant(base), locations: fc.constant(locations), functions: fc.array(fn, { minLength: 1, maxLength: 3 }), sync: fc.option(sync) });
  })
  .map(({ base, locations, functions, sync }) => {
    const secrets: GcpSecretPlan[] = base.secrets.map((path, i) => {
      const f = base.flags[i];
      const generated = f.generated;
      return {
        path,
        secretId: names.secretId('shop', 'dev', path),
        logicalName: `shop/dev/${path}`,
        locations: f.replicate ? locations : ['europe-west1'],
        generate: generated ? GENERATE : undefined,
        rotation:
          generated && f.rotate !== 'none'
            ? { periodHours: 720, rotator: f.rotate === 'builtin' ? { kind: 'builtin' as const } : { kind: 'custom' as const, serviceAccountEmail: 'rotator@shop-tools.iam.gserviceaccount.com' } }
            : undefined,
      };
    });
    const functionLocations = new Set(functions.flatMap((f) => f.locations));
    const parameterLocations = locations.filter((l) => l === 'europe-west1' || functionLocations.has(l));
    const parameters: GcpParameterPlan[] = base.parameters.map((path, i) => {
      const secure = base.flags[i].secure;
      return {
        path,
        logicalName: `/shop/dev/${path}`,
        secure,
        id: secure ? names.secureParameterSecretId('shop', 'dev', path) : names.parameterId('shop', 'dev', path),
        value: secure ? undefined : `value of ${path}`,
        locations: parameterLocations,
      };
    });
    const securePaths = parameters.filter((p) => p.secure).map((p) => p.path);
    const external = secrets.filter((s) => !s.generate).map((s) => s.path);
    const rotated = secrets.filter((s) => s.rotation);
    const plan: GcpEnvironmentPlan = {
      project: 'shop',
      env: 'dev',
      gcpProject: 'shop-dev-123',
      primaryLocation: 'europe-west1',
      locations,
      protect: base.protect,
      keyRingName: 'shop-dev',
      keyRotationDays: 90,
      keyAdmins: [],
      labels: { 'managed-by': 'secrets-platform-kit' },
      secrets,
      parameters,
      functions: functions.map((f, i) => ({ name: `fn${i}`, identityName: names.functionIdentityName('shop', 'dev', `fn${i}`), ...f })),
      syncs: sync
        ? [
            {
              name: 'vendor',
              identityName: names.syncIdentityName('shop', 'dev', 'vendor'),
              principal: 'serviceAccount:sync@vendor.iam.gserviceaccount.com',
              // A sync writes external secrets and secure parameters only.
              secrets: sync.secrets.filter((p) => external.includes(p)),
              parameters: securePaths,
              read: sync.read,
            },
          ].filter((s) => s.secrets.length + s.parameters.length > 0)
        : [],
      rotation: rotated.length > 0
        ? { name: names.rotationName('shop', 'dev'), builtin: rotated.some((s) => s.rotation!.rotator.kind === 'builtin') ? { sourceBucketName: 'shop-dev-123-dev-rotator', minLength: 16 } : undefined }
        : undefined,
    };
    return plan;
  });
