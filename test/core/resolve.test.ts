import { CLOUDS } from '../../lib/backends';
import { awsModel } from '../../lib/aws/model';
import { loadPlatformObject } from '../../lib/core/loader';
import type { PlatformModel } from '../../lib/aws/model';
import { expand, subtreeOf } from '../../lib/core/glob';
import { intervalHours } from '../../lib/core/duration';
import { everyToSchedule, rateHours } from '../../lib/aws/schedule';
import { baseSpec } from './fixtures';

const load = (raw: unknown): PlatformModel => awsModel(loadPlatformObject(raw, 'test.yaml', CLOUDS).model);
const env = (model: PlatformModel, name: string) => model.environments.find((e) => e.name === name)!;

describe('resolve', () => {
  const model = load(baseSpec());

  it('builds every name from project, environment and path', () => {
    const dev = env(model, 'dev');
    expect(dev.stackName).toBe('shop-dev');
    expect(dev.keyAlias).toBe('alias/shop-dev');
    expect(dev.parameterPrefix).toBe('/shop/dev');
    expect(dev.secrets.map((s) => s.name)).toEqual(['shop/dev/api/key', 'shop/dev/db/password']);
    expect(dev.parameters.map((p) => p.name)).toEqual(['/shop/dev/app/level', '/shop/dev/db/host', '/shop/dev/db/token']);
    expect(dev.functions.map((f) => f.roleName)).toEqual(['shop-dev-api', 'shop-dev-worker']);
    expect(dev.auditStackName).toBe('shop-audit-111111111111');
  });

  it('protects prod by default, with long windows, and leaves dev unprotected', () => {
    expect(env(model, 'prod')).toMatchObject({ protect: true, keyDeletionWindowDays: 30, secretRecoveryWindowDays: 30 });
    expect(env(model, 'dev')).toMatchObject({ protect: false, keyDeletionWindowDays: 7, secretRecoveryWindowDays: 7 });
  });

  it('honours an explicit protect and explicit windows', () => {
    const spec = baseSpec() as any;
    spec.environments.dev.protect = true;
    spec.environments.prod.protect = false;
    spec.environments.prod.secretRecoveryWindowDays = 10;
    spec.environments.dev.secretRecoveryWindowDays = 30;
    const m = load(spec);
    expect(env(m, 'dev')).toMatchObject({ protect: true, secretRecoveryWindowDays: 30 });
    expect(env(m, 'prod')).toMatchObject({ protect: false, secretRecoveryWindowDays: 10, keyDeletionWindowDays: 7 });
  });

  it('expands globs per environment, and records subtrees to read by path only when the function asks', () => {
    const api = env(model, 'dev').functions.find((f) => f.name === 'api')!;
    expect(api.parameters).toEqual(['db/host', 'db/token']);
    expect(api.parameterSubtrees).toEqual([]);
    const byPath = baseSpec() as any;
    byPath.functions.api.readParametersByPath = true;
    expect(env(load(byPath), 'dev').functions.find((f) => f.name === 'api')!.parameterSubtrees).toEqual(['db']);
    expect(api.regions).toEqual(['eu-west-1', 'us-east-1']);
    const worker = env(model, 'dev').functions.find((f) => f.name === 'worker')!;
    expect(worker.regions).toEqual(['eu-west-1']);
    expect(worker.parameterSubtrees).toEqual([]);
  });

  it('puts an account\'s audit stack in its environments\' own primary region, deployed with their role', () => {
    const spec = baseSpec() as any;
    for (const name of Object.keys(spec.environments)) {
      spec.environments[name].regions = { primary: 'us-east-1', replicas: [] };
      spec.environments[name].assumeRoleArn = `arn:aws:iam::${spec.environments[name].account}:role/deployer`;
    }
    delete spec.functions.api.regions;
    const m = load(spec);
    for (const account of m.accounts) {
      expect(account).toMatchObject({ homeRegion: 'us-east-1', assumeRoleArn: `arn:aws:iam::${account.account}:role/deployer` });
    }
  });

  it('places parameters in every region of the environment, primary first, whoever reads them', () => {
    const all = env(model, 'dev').regions.join();
    expect(env(model, 'dev').parameters.every((p) => p.regions.join() === all)).toBe(true);
    // A function leaving a region (or every reader going away) removes no parameter anywhere.
    const spec = baseSpec() as any;
    delete spec.functions.api.regions;
    spec.functions.worker.parameters = [];
    expect(env(load(spec), 'dev').parameters.map((p) => p.regions.join())).toEqual(env(model, 'dev').parameters.map((p) => p.regions.join()));
  });

  it('takes per-environment values and never a value for secure parameters', () => {
    const byPath = (e: string, p: string) => env(model, e).parameters.find((x) => x.path === p)!;
    expect(byPath('dev', 'app/level').value).toBe('debug');
    expect(byPath('prod', 'app/level').value).toBe('warn');
    expect(byPath('prod', 'db/host').value).toBe('db.internal');
    expect(byPath('prod', 'db/token')).toMatchObject({ secure: true, value: undefined });
  });

  it('records readers, replicas and rotation', () => {
    const dev = env(model, 'dev');
    const pw = dev.secrets.find((s) => s.path === 'db/password')!;
    expect(pw.readers).toEqual(['api']);
    expect(pw.replicaRegions).toEqual(['us-east-1']);
    expect(pw.rotation).toEqual({ every: '30d', options: {}, scheduleExpression: 'rate(30 days)', intervalHours: 720, window: undefined, rotateImmediately: false, function: { kind: 'builtin' } });
    expect(pw.generate).toMatchObject({ length: 24, requireEachIncludedType: true, excludePunctuation: false });
    expect(dev.rotation).toEqual({ functionName: 'shop-dev-rotation', logGroupName: '/aws/lambda/shop-dev-rotation', secretNamePrefix: 'shop/dev/', secrets: ['db/password'] });
    const key = dev.secrets.find((s) => s.path === 'api/key')!;
    expect(key).toMatchObject({ type: 'external', generate: undefined, rotation: undefined });
  });

  it('limits entries to their environments', () => {
    const spec = baseSpec() as any;
    spec.secrets['prod/only'] = { environments: ['prod'] };
    spec.parameters['prod/flag'] = { value: 'on', environments: ['prod'] };
    const m = load(spec);
    expect(env(m, 'dev').secrets.map((s) => s.path)).not.toContain('prod/only');
    expect(env(m, 'prod').secrets.map((s) => s.path)).toContain('prod/only');
    expect(env(m, 'dev').parameters.map((s) => s.path)).not.toContain('prod/flag');
  });

  it('does not replicate a secret with replicate: false', () => {
    const spec = baseSpec() as any;
    spec.secrets['api/key'].replicate = false;
    expect(env(load(spec), 'dev').secrets.find((s) => s.path === 'api/key')!.replicaRegions).toEqual([]);
  });

  it('groups environments by account for audit', () => {
    const spec = baseSpec() as any;
    spec.environments.staging = { account: '111111111111' };
    spec.parameters['app/level'].values.staging = 'info';
    const m = load(spec);
    expect(m.accounts.map((a) => [a.account, a.environments, a.protect])).toEqual([
      ['111111111111', ['dev', 'staging'], false],
      ['222222222222', ['prod'], true],
    ]);
  });

  it('tags everything with the project, environment and the kit', () => {
    const spec = baseSpec() as any;
    spec.tags = { team: 'shop' };
    expect(env(load(spec), 'prod').tags).toEqual({ team: 'shop', Project: 'shop', ManagedBy: 'secrets-platform-kit', Environment: 'prod' });
  });

  it('is independent of the order of entries in the spec', () => {
    const spec = baseSpec() as any;
    const reversed = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).reverse());
    const shuffled = {
      ...spec,
      environments: reversed(spec.environments),
      secrets: reversed(spec.secrets),
      parameters: reversed(spec.parameters),
      functions: reversed(spec.functions),
    };
    shuffled.functions.api.parameters = [...spec.functions.api.parameters].reverse();
    expect(load(shuffled)).toEqual(load(spec));
  });
});

describe('globs and durations', () => {
  const paths = ['db/host', 'db/pool/size', 'dbx', 'app/level'];

  it('`*` matches across segments, as IAM resource patterns do', () => {
    expect(expand('db/*', paths)).toEqual(['db/host', 'db/pool/size']);
    expect(expand('*/level', paths)).toEqual(['app/level']);
    expect(expand('db', paths)).toEqual([]);
    expect(expand('dbx', paths)).toEqual(['dbx']);
    expect(expand('d.*', ['d.x', 'dax'])).toEqual(['d.x']);
  });

  it('only `prefix/*` is a subtree', () => {
    expect(subtreeOf('db/*')).toBe('db');
    expect(subtreeOf('db/pool/*')).toBe('db/pool');
    expect(subtreeOf('db*')).toBeUndefined();
    expect(subtreeOf('*/x/*')).toBeUndefined();
    expect(subtreeOf('db/host')).toBeUndefined();
  });

  it('converts intervals to schedules', () => {
    expect(intervalHours('30d')).toBe(720);
    expect(intervalHours('6h')).toBe(6);
    expect(everyToSchedule('1d')).toBe('rate(1 day)');
    expect(everyToSchedule('12h')).toBe('rate(12 hours)');
    expect(rateHours('rate(2 days)')).toBe(48);
    expect(rateHours('cron(0 12 * * ? *)')).toBeUndefined();
  });
});
