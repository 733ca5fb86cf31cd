import fc from 'fast-check';
import { awsModel } from '../../../lib/aws/model';
import {
  FILTER_PATTERN_MAX_LENGTH,
  FIXED_CHECKS,
  KEY_CHANGE_EVENTS,
  SECRET_CHANGE_EVENTS,
  TRAIL_CHANGE_EVENTS,
  environmentReaderFilter,
  expectedReaderRoles,
  readerFilter,
} from '../../../lib/aws/audit/patterns';
import { CLOUDS } from '../../../lib/backends';
import { loadPlatformObject } from '../../../lib/core/loader';
import { alarmSpecs } from '../../../lib/aws/audit/security-alarms';
import type { EnvironmentModel, PlatformModel } from '../../../lib/aws/model';
import type { PlatformSpecInput } from '../../../lib/aws/spec';
import { auditSpec, modelOf } from './audit-fixtures';
import { cloudTrailEvent, matchesEitherWay } from './filter-pattern';

const check = (name: string) => FIXED_CHECKS.find((c) => c.check === name)!.pattern;
const SM = 'secretsmanager.amazonaws.com';

describe('fixed checks', () => {
  it.each([
    ['secret-changes', SM, SECRET_CHANGE_EVENTS],
    ['key-changes', 'kms.amazonaws.com', KEY_CHANGE_EVENTS],
    ['trail-changes', 'cloudtrail.amazonaws.com', TRAIL_CHANGE_EVENTS],
  ] as const)('%s matches each of its events from its service, and nothing else', (name, source, events) => {
    for (const event of events) expect(matchesEitherWay(check(name), cloudTrailEvent({ source, name: event, caller: 'root' }))).toBe(true);
    expect(matchesEitherWay(check(name), cloudTrailEvent({ source, name: 'GetSecretValue', caller: 'root' }))).toBe(false);
    expect(matchesEitherWay(check(name), cloudTrailEvent({ source: 'iam.amazonaws.com', name: events[0], caller: 'root' }))).toBe(false);
  });

  it('the requested events are all watched', () => {
    expect(SECRET_CHANGE_EVENTS).toEqual(expect.arrayContaining(['DeleteSecret', 'RestoreSecret', 'RemoveRegionsFromReplication', 'PutResourcePolicy', 'DeleteResourcePolicy', 'TagResource', 'UntagResource']));
    expect(KEY_CHANGE_EVENTS).toEqual(expect.arrayContaining(['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy']));
    expect(TRAIL_CHANGE_EVENTS).toEqual(expect.arrayContaining(['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors']));
  });

  it.each([
    [SM, 'GetSecretValue', 'AccessDenied'],
    ['ssm.amazonaws.com', 'GetParameter', 'AccessDeniedException'],
    ['kms.amazonaws.com', 'Decrypt', 'AccessDeniedException'],
  ])('denied-access matches a denied %s %s', (source, name, errorCode) => {
    expect(matchesEitherWay(check('denied-access'), cloudTrailEvent({ source, name, caller: { role: 'x' }, errorCode }))).toBe(true);
    expect(matchesEitherWay(check('denied-access'), cloudTrailEvent({ source, name, caller: { role: 'x' } }))).toBe(false);
  });

  it('parameter-default-key: a SecureString written without --key-id, or under aws/ssm, alarms; under the environment key it does not', () => {
    const put = (requestParameters: Record<string, unknown>, errorCode?: string) =>
      cloudTrailEvent({ source: 'ssm.amazonaws.com', name: 'PutParameter', caller: { role: 'writer' }, requestParameters, errorCode });
    const pattern = check('parameter-default-key');
    expect(matchesEitherWay(pattern, put({ name: '/shop/dev/db/token', type: 'SecureString', overwrite: true }))).toBe(true);
    expect(matchesEitherWay(pattern, put({ name: '/shop/dev/db/token', type: 'SecureString', keyId: 'alias/aws/ssm' }))).toBe(true);
    expect(matchesEitherWay(pattern, put({ name: '/shop/dev/db/token', type: 'SecureString', keyId: 'arn:aws:kms:eu-west-1:111111111111:alias/aws/ssm' }))).toBe(true);
    expect(matchesEitherWay(pattern, put({ name: '/shop/dev/db/token', type: 'SecureString', keyId: 'alias/shop-dev' }))).toBe(false);
    expect(matchesEitherWay(pattern, put({ name: '/shop/dev/app/level', type: 'String' }))).toBe(false);
    expect(matchesEitherWay(pattern, put({ name: '/shop/dev/db/token', type: 'SecureString' }, 'AccessDeniedException'))).toBe(false);
  });

  it('denied-access ignores denials by other services', () => {
    const event = cloudTrailEvent({ source: 's3.amazonaws.com', name: 'GetObject', caller: { role: 'x' }, errorCode: 'AccessDenied' });
    expect(matchesEitherWay(check('denied-access'), event)).toBe(false);
  });

  it('every fixed pattern fits CloudWatch', () => {
    for (const c of FIXED_CHECKS) expect(c.pattern.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX_LENGTH);
  });
});

describe('unexpected readers of a secret', () => {
  const model = modelOf(auditSpec());
  const dev = model.environments.find((e) => e.name === 'dev')!;
  const secret = (path: string) => dev.secrets.find((s) => s.path === path)!;
  const pattern = (path: string) => readerFilter(model.project, dev, secret(path)).pattern;
  const read = (caller: Parameters<typeof cloudTrailEvent>[0]['caller'], secretId: string, errorCode?: string) =>
    cloudTrailEvent({ source: SM, name: 'GetSecretValue', caller, requestParameters: { secretId }, errorCode });

  it('expects declared readers, the built-in rotation role and syncs that read back', () => {
    expect(expectedReaderRoles(model.project, dev, secret('db/password'))).toEqual(['shop-dev-api', 'shop-dev-rotation']);
    expect(expectedReaderRoles(model.project, dev, secret('api/key'))).toEqual(['shop-dev-api', 'shop-dev-sync-vendor', 'shop-dev-worker']);
    expect(readerFilter(model.project, dev, secret('db/password')).match).toBe('exact');
  });

  it.each([
    ['its declared reader', { role: 'shop-dev-api' }, false],
    ['its rotation role', { role: 'shop-dev-rotation' }, false],
    ['a kit role not declared for it', { role: 'shop-dev-worker' }, true],
    ['another role of the account', { role: 'admin' }, true],
    ['an IAM user', { user: 'alice' }, true],
    ['the account root', 'root', true],
  ] as const)('a read by %s matches: %s', (_who, caller, expected) => {
    expect(matchesEitherWay(pattern('db/password'), read(caller, 'shop/dev/db/password'))).toBe(expected);
  });

  it('matches reads by name, partial ARN and full ARN in any region', () => {
    for (const id of [
      'shop/dev/db/password',
      'arn:aws:secretsmanager:eu-west-1:111111111111:secret:shop/dev/db/password',
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:shop/dev/db/password-AbC123',
    ]) {
      expect(matchesEitherWay(pattern('db/password'), read({ user: 'alice' }, id))).toBe(true);
    }
  });

  it('matches exactly: a secret whose name extends this one\'s is another secret, by name, partial ARN or full ARN', () => {
    const spec = auditSpec() as any;
    spec.secrets['db/password-old'] = { type: 'external' };
    spec.functions.worker.secrets.push('db/password-old');
    const m = modelOf(spec);
    const d = m.environments.find((e) => e.name === 'dev')!;
    const of = (path: string) => readerFilter(m.project, d, d.secrets.find((s) => s.path === path)!).pattern;
    for (const id of [
      'shop/dev/db/password-old',
      'arn:aws:secretsmanager:eu-west-1:111111111111:secret:shop/dev/db/password-old',
      'arn:aws:secretsmanager:eu-west-1:111111111111:secret:shop/dev/db/password-old-AbC123',
      'shop/dev/db/passwordx',
      'arn:aws:secretsmanager:eu-west-1:111111111111:secret:shop/dev/db/passwordx',
    ]) {
      expect({ id, matches: matchesEitherWay(of('db/password'), read({ role: 'shop-dev-worker' }, id)) }).toEqual({ id, matches: false });
    }
    // Its own reads still count, in every form, and the other secret's filter sees its own.
    expect(matchesEitherWay(of('db/password'), read({ role: 'shop-dev-worker' }, 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:shop/dev/db/password-AbC123'))).toBe(true);
    expect(matchesEitherWay(of('db/password-old'), read({ user: 'alice' }, 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:shop/dev/db/password-old-AbC123'))).toBe(true);
  });

  it('ignores failed reads (the denied-access alarm has them) and other secrets', () => {
    expect(matchesEitherWay(pattern('db/password'), read({ user: 'alice' }, 'shop/dev/db/password', 'AccessDenied'))).toBe(false);
    expect(matchesEitherWay(pattern('db/password'), read({ user: 'alice' }, 'shop/staging/db/password'))).toBe(false);
    expect(matchesEitherWay(pattern('db/password'), read({ user: 'alice' }, 'shop/dev/api/key'))).toBe(false);
  });

  it('a sync that reads back is expected only on the secrets it syncs', () => {
    expect(matchesEitherWay(pattern('api/key'), read({ role: 'shop-dev-sync-vendor' }, 'shop/dev/api/key'))).toBe(false);
    expect(matchesEitherWay(pattern('db/password'), read({ role: 'shop-dev-sync-vendor' }, 'shop/dev/db/password'))).toBe(true);
  });
});

/** One environment whose every function reads every secret: the worst case for pattern length. */
const largeSpec = fc
  .record({
    // Long enough to crowd the pattern, short enough that every role name stays within IAM's 64.
    project: fc.stringMatching(/^[a-z][a-z0-9-]{12,20}[a-z0-9]$/),
    env: fc.stringMatching(/^[a-z][a-z0-9-]{6,15}[a-z0-9]$/),
    functions: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/), { minLength: 1, maxLength: 40 }),
    secrets: fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,12}(\/[a-z0-9-]{1,120}){0,3}$/), { minLength: 1, maxLength: 6 }),
    rotate: fc.boolean(),
  })
  .map(({ project, env, functions, secrets, rotate }): PlatformSpecInput => ({
    project,
    regions: { primary: 'eu-west-1', replicas: [] },
    environments: { [env]: { account: '111111111111' } },
    secrets: Object.fromEntries(secrets.map((s) => [s, rotate ? { rotation: { every: '30d' } } : {}])),
    functions: Object.fromEntries(functions.map((f) => [f, { secrets: [...secrets] }])),
  }));

describe('filter patterns stay within CloudWatch limits', () => {
  it('for every generated large spec, every filter fits 1024 characters, as precise as it can be', () => {
    fc.assert(
      fc.property(largeSpec, (spec) => {
        const model: PlatformModel = modelOf(spec);
        const env: EnvironmentModel = model.environments[0];
        for (const alarm of alarmSpecs(model.project, model.environments)) {
          for (const f of alarm.filters) expect(f.pattern.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX_LENGTH);
        }
        for (const s of env.secrets) {
          const f = readerFilter(model.project, env, s);
          const roles = expectedReaderRoles(model.project, env, s);
          if (f.match === 'exact') for (const role of roles) expect(f.pattern).toContain(`"${role}"`);
          else expect(f.pattern).toContain(`"${model.project}-${env.name}-*"`);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a few readers get exact names; forty long-named readers fall back to the kit role prefix', () => {
    const spec = (n: number): PlatformSpecInput => ({
      project: 'acme-payments-platform',
      regions: { primary: 'eu-west-1', replicas: [] },
      environments: { production: { account: '111111111111' } },
      secrets: { 'db/password': {} },
      functions: Object.fromEntries(Array.from({ length: n }, (_, i) => [`payments-worker-${i}`, { secrets: ['db/password'] }])),
    });
    const filterOf = (n: number) => {
      const model = modelOf(spec(n));
      return readerFilter(model.project, model.environments[0], model.environments[0].secrets[0]);
    };
    expect(filterOf(3).match).toBe('exact');
    const large = filterOf(40);
    expect(large.match).toBe('secret-role-prefix');
    expect(large.pattern.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX_LENGTH);
    const outsider = cloudTrailEvent({ source: SM, name: 'GetSecretValue', caller: { role: 'admin' }, requestParameters: { secretId: 'acme-payments-platform/production/db/password' } });
    expect(matchesEitherWay(large.pattern, outsider)).toBe(true);
  });

  it('a secret whose name alone overflows the pattern is covered by the environment-wide filter', () => {
    const path = ['a'.repeat(110), 'b'.repeat(110), 'c'.repeat(110), 'd'.repeat(110)].join('/');
    const model = modelOf({
      project: 'shop',
      regions: { primary: 'eu-west-1', replicas: [] },
      environments: { dev: { account: '111111111111' } },
      secrets: { [path]: {} },
      functions: { api: { secrets: [path] } },
    });
    const env = model.environments[0];
    const f = readerFilter(model.project, env, env.secrets[0]);
    expect(f.match).toBe('environment-prefix');
    expect(f.pattern.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX_LENGTH);
    const byOutsider = cloudTrailEvent({ source: SM, name: 'GetSecretValue', caller: { user: 'alice' }, requestParameters: { secretId: `shop/dev/${path}` } });
    const byKitRole = cloudTrailEvent({ source: SM, name: 'GetSecretValue', caller: { role: 'shop-dev-api' }, requestParameters: { secretId: `shop/dev/${path}` } });
    expect(matchesEitherWay(f.pattern, byOutsider)).toBe(true);
    expect(matchesEitherWay(f.pattern, byKitRole)).toBe(false);
  });
});

describe('accounts with more secrets than CloudWatch allows filters', () => {
  const many = (count: number) => {
    const raw = smallSpecWithSecrets(count);
    return awsModel(loadPlatformObject(raw, 'test.yaml', CLOUDS).model);
  };

  it('keep a filter per secret while they fit, then fall back to one filter per environment', () => {
    const fits = many(100 - FIXED_CHECKS.length);
    const fitsSpecs = alarmSpecs(fits.project, fits.environments);
    expect(fitsSpecs.flatMap((a) => a.filters)).toHaveLength(100);

    const over = many(100 - FIXED_CHECKS.length + 1);
    const overSpecs = alarmSpecs(over.project, over.environments);
    const readerAlarm = overSpecs.find((a) => a.alarmName.includes('unexpected-reader'))!;
    expect(readerAlarm.filters).toEqual([
      { name: expect.stringMatching(/unexpected-reader-dev-all$/), pattern: environmentReaderFilter(over.project, over.environments[0]) },
    ]);
    expect(readerAlarm.filters[0].pattern).toContain('"big/dev/*"');
    expect(readerAlarm.filters[0].pattern).toContain('"big-dev-*"');
    expect(readerAlarm.filters[0].pattern.length).toBeLessThanOrEqual(1024);
  });
});

function smallSpecWithSecrets(count: number): unknown {
  const secrets = Object.fromEntries(Array.from({ length: count }, (_, i) => [`team/s${i}`, { type: 'external' }]));
  return {
    project: 'big',
    regions: { primary: 'eu-west-1', replicas: [] },
    environments: { dev: { account: '111111111111' } },
    secrets,
    functions: { api: { secrets: ['team/*'] } },
  };
}
