/**
 * Valid specs drawn at random for property tests: secrets, parameters (plain and secure),
 * functions referencing paths and globs in a subset of the regions, an optional sync (own
 * account, third party or the Doppler preset), in one or two environments (same or separate
 * accounts). Every draw passes validation, so a property failing is the kit's fault.
 */
import fc from 'fast-check';
import type { PlatformSpecInput } from '../../lib/aws/spec';

const SECRET_PATHS = ['db/password', 'db/user', 'api/key', 'auth/signing-key', 'stripe/api-key'];
const PARAMETER_PATHS = ['app/log-level', 'app/flags', 'db/host', 'db/port', 'db/token', 'stripe/webhook-secret', 'deep/a/b'];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1'];

/** `db/*` for paths under `db`: the globs a spec may use that match something. */
const globsOf = (paths: readonly string[]) => [...new Set(paths.filter((p) => p.includes('/')).map((p) => `${p.split('/')[0]}/*`))];

const subset = <T>(items: readonly T[], min = 0) =>
  fc.subarray([...items], { minLength: Math.min(min, items.length) });

/** A valid spec: secrets, parameters, functions with paths and globs, and a sync, in 1-2 environments. */
export const generatedSpec: fc.Arbitrary<PlatformSpecInput> = fc
  .record({
    secrets: subset(SECRET_PATHS, 1),
    parameters: subset(PARAMETER_PATHS, 1),
    replicas: subset(REGIONS.slice(1)),
    twoEnvironments: fc.boolean(),
    sameAccount: fc.boolean(),
    replicate: fc.array(fc.boolean(), { minLength: SECRET_PATHS.length, maxLength: SECRET_PATHS.length }),
    secure: fc.array(fc.boolean(), { minLength: PARAMETER_PATHS.length, maxLength: PARAMETER_PATHS.length }),
  })
  .chain((base) => {
    const regions = ['eu-west-1', ...base.replicas];
    const secretRefs = [...base.secrets, ...globsOf(base.secrets)];
    const parameterRefs = [...base.parameters, ...globsOf(base.parameters)];
    const securePaths = base.parameters.filter((p) => base.secure[PARAMETER_PATHS.indexOf(p)]);
    const fn = fc.record({
      secrets: subset(secretRefs),
      parameters: subset(parameterRefs),
      regions: subset(regions, 1),
      byPath: fc.boolean(),
    });
    const sync = fc.record({
      thirdParty: fc.boolean(),
      read: fc.boolean(),
      doppler: fc.boolean(),
      secrets: subset(base.secrets),
      parameters: subset(securePaths),
    });
    return fc.record({ base: fc.constant(base), functions: fc.array(fn, { minLength: 1, maxLength: 3 }), sync: fc.option(sync) }).map(
      ({ functions, sync: s }) => buildSpec(base, regions, functions, s),
    );
  });

function buildSpec(
  base: { secrets: string[]; parameters: string[]; replicas: string[]; twoEnvironments: boolean; sameAccount: boolean; replicate: boolean[]; secure: boolean[] },
  regions: string[],
  functions: { secrets: string[]; parameters: string[]; regions: string[]; byPath: boolean }[],
  sync: { thirdParty: boolean; read: boolean; doppler: boolean; secrets: string[]; parameters: string[] } | null,
): PlatformSpecInput {
  const environments: PlatformSpecInput['environments'] = { dev: { account: '111111111111' } };
  if (base.twoEnvironments) environments.prod = { account: base.sameAccount ? '111111111111' : '222222222222' };
  const spec: PlatformSpecInput = {
    project: 'gen',
    regions: { primary: 'eu-west-1', replicas: base.replicas },
    environments,
    secrets: Object.fromEntries(
      base.secrets.map((p) => [p, { type: 'external' as const, replicate: base.replicate[SECRET_PATHS.indexOf(p)] }]),
    ),
    parameters: Object.fromEntries(
      base.parameters.map((p) => [p, base.secure[PARAMETER_PATHS.indexOf(p)] ? { secure: true } : { value: `v-${p}` }]),
    ),
    functions: Object.fromEntries(
      functions.map((f, i) => [
        `fn-${i}`,
        {
          secrets: f.secrets,
          parameters: f.parameters,
          regions: regions.filter((r) => f.regions.includes(r)),
          // By-path reading is an opt-in that needs a subtree glob to read.
          ...(f.byPath && f.parameters.some((p) => p.endsWith('/*')) ? { readParametersByPath: true } : {}),
        },
      ]),
    ),
  };
  if (sync && (sync.secrets.length > 0 || sync.parameters.length > 0)) {
    spec.externalSync = {
      writer: {
        ...(sync.doppler
          ? { preset: 'doppler' as const, externalId: 'workplace-slug' }
          : sync.thirdParty
            ? { principal: 'arn:aws:iam::999999999999:role/writer', externalId: 'ext-id-1' }
            : { principal: 'arn:aws:iam::111111111111:role/ci' }),
        secrets: sync.secrets,
        parameters: sync.parameters,
        read: sync.read,
      },
    };
    // A principal in dev's account is a third party for a prod in another account.
    if (!sync.doppler && !sync.thirdParty && base.twoEnvironments && !base.sameAccount) {
      (spec.externalSync.writer as { externalId?: string }).externalId = 'ext-id-2';
    }
  }
  return spec;
}
