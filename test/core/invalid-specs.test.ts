/**
 * Bad input: every case names its place in the spec and says what is wrong and what is allowed.
 * Each row mutates a valid spec in one way and asserts the exact place and the message.
 */
import { stringify } from 'yaml';
import { CLOUDS } from '../../lib/backends';
import { SpecError, formatPath } from '../../lib/core/errors';
import { loadPlatformObject, loadPlatformText } from '../../lib/core/loader';
import { baseSpec, setIn } from './fixtures';

type Mutation = (spec: Record<string, any>) => void;

interface Case {
  readonly name: string;
  readonly mutate: Mutation;
  /** The spec path the problem must name. */
  readonly at: string;
  readonly message: RegExp;
}

const set = (path: (string | number)[], value: unknown): Mutation => (spec) => setIn(spec, path, value);

const CASES: Case[] = [
  { name: 'missing project', mutate: set(['project'], undefined), at: 'project', message: /required/ },
  { name: 'project with capitals', mutate: set(['project'], 'Shop'), at: 'project', message: /got "Shop".*lowercase/ },
  { name: 'project too short', mutate: set(['project'], 'ab'), at: 'project', message: /3 to 32 characters/ },
  { name: 'project reserved by SSM', mutate: set(['project'], 'aws-team'), at: 'project', message: /reserves parameter names starting with `aws`/ },
  { name: 'unknown top-level key', mutate: set(['secret'], {}), at: 'secret', message: /unknown key; did you mean `secrets`\?/ },
  { name: 'unknown nested key', mutate: set(['secrets', 'db/password', 'rotaton'], {}), at: 'secrets.db/password.rotaton', message: /did you mean `rotation`/ },
  { name: 'unknown cloud', mutate: set(['cloud'], 'azure'), at: 'cloud', message: /got "azure"; expected one of: aws, gcp/ },
  { name: 'cloud gcp with an AWS account id', mutate: set(['cloud'], 'gcp'), at: 'environments.dev.account', message: /Google Cloud project id/ },
  { name: 'no environments', mutate: set(['environments'], {}), at: 'environments', message: /at least one environment/ },
  { name: 'account not 12 digits', mutate: set(['environments', 'dev', 'account'], '12345'), at: 'environments.dev.account', message: /12-digit account id/ },
  { name: 'account as a number', mutate: set(['environments', 'dev', 'account'], 111111111111), at: 'environments.dev.account', message: /quoted string/ },
  { name: 'bad environment name', mutate: set(['environments', 'Dev_1'], { account: '333333333333' }), at: 'environments.Dev_1', message: /environment names are lowercase/ },
  { name: 'unknown region', mutate: (s) => { s.regions.primary = 'eu-west-9'; delete s.functions.api.regions; }, at: 'regions.primary', message: /unknown AWS region "eu-west-9"/ },
  { name: 'malformed region', mutate: set(['regions', 'replicas'], ['Europe']), at: 'regions.replicas[0]', message: /region name such as `eu-west-1`/ },
  { name: 'replica equals primary', mutate: set(['regions', 'replicas'], ['eu-west-1']), at: 'regions.replicas[0]', message: /is the primary region/ },
  { name: 'replica listed twice', mutate: set(['regions', 'replicas'], ['us-east-1', 'us-east-1']), at: 'regions.replicas[1]', message: /listed twice/ },
  { name: 'recovery window below AWS minimum', mutate: set(['environments', 'dev', 'secretRecoveryWindowDays'], 3), at: 'environments.dev.secretRecoveryWindowDays', message: /got 3; AWS allows 7 to 30 days/ },
  { name: 'protected environment with a short window', mutate: set(['environments', 'prod', 'secretRecoveryWindowDays'], 7), at: 'environments.prod.secretRecoveryWindowDays', message: /got 7; a protected environment keeps the longest window \(30 days\)/ },
  { name: 'key deletion window above maximum', mutate: set(['environments', 'dev', 'keyDeletionWindowDays'], 45), at: 'environments.dev.keyDeletionWindowDays', message: /AWS allows 7 to 30 days/ },
  { name: 'assume role not a role ARN', mutate: set(['environments', 'prod', 'assumeRoleArn'], 'deployer'), at: 'environments.prod.assumeRoleArn', message: /IAM role ARN/ },
  { name: 'rotation interval malformed', mutate: set(['secrets', 'db/password', 'rotation', 'every'], '45x'), at: 'secrets.db/password.rotation.every', message: /got "45x"; expected an interval such as `30d`/ },
  { name: 'rotation faster than 4 hours', mutate: set(['secrets', 'db/password', 'rotation', 'every'], '2h'), at: 'secrets.db/password.rotation.every', message: /every 4 hours at the most/ },
  { name: 'rotation slower than 1000 days', mutate: set(['secrets', 'db/password', 'rotation', 'every'], '1001d'), at: 'secrets.db/password.rotation.every', message: /every 1000 days at the least/ },
  { name: 'rotation rate too fast', mutate: set(['secrets', 'db/password', 'rotation'], { schedule: 'rate(2 hours)' }), at: 'secrets.db/password.rotation.schedule', message: /4 hours at the most/ },
  { name: 'rotation with both every and schedule', mutate: set(['secrets', 'db/password', 'rotation', 'schedule'], 'rate(10 days)'), at: 'secrets.db/password.rotation', message: /exactly one of `every`/ },
  { name: 'rotation schedule not rate or cron', mutate: set(['secrets', 'db/password', 'rotation'], { schedule: 'weekly' }), at: 'secrets.db/password.rotation.schedule', message: /`rate\(...\)` or `cron\(...\)`/ },
  { name: 'rotation window longer than a day', mutate: set(['secrets', 'db/password', 'rotation', 'window'], '30h'), at: 'secrets.db/password.rotation.window', message: /1h to 24h/ },
  { name: 'rotation function not builtin nor ARN', mutate: set(['secrets', 'db/password', 'rotation', 'function'], 'my-fn'), at: 'secrets.db/password.rotation.function', message: /`builtin` or a Lambda function ARN/ },
  { name: 'builtin rotation of an external secret', mutate: set(['secrets', 'api/key', 'rotation'], { every: '30d' }), at: 'secrets.api/key.rotation.function', message: /external/ },
  { name: 'generator on an external secret', mutate: set(['secrets', 'api/key', 'generate'], { length: 10 }), at: 'secrets.api/key.generate', message: /external secret has no generator/ },
  { name: 'password longer than 4096', mutate: set(['secrets', 'db/password', 'generate', 'length'], 5000), at: 'secrets.db/password.generate.length', message: /got 5000; the kit generates 16 to 4096 characters/ },
  { name: 'password shorter than the floor', mutate: set(['secrets', 'db/password', 'generate', 'length'], 8), at: 'secrets.db/password.generate.length', message: /got 8; the kit generates 16 to 4096 characters/ },
  { name: 'every character class excluded', mutate: set(['secrets', 'db/password', 'generate'], { excludeNumbers: true, excludePunctuation: true, excludeUppercase: true, excludeLowercase: true }), at: 'secrets.db/password.generate', message: /every character class is excluded/ },
  { name: 'secret path with a leading slash', mutate: set(['secrets', '/db/other'], {}), at: 'secrets./db/other', message: /not a logical path/ },
  { name: 'secret name longer than 512', mutate: set(['secrets', `a/${'x'.repeat(520)}`], {}), at: `secrets.a/${'x'.repeat(520)}`, message: /Secrets Manager allows 512/ },
  { name: 'secret environments names an unknown env', mutate: set(['secrets', 'api/key', 'environments'], ['qa']), at: 'secrets.api/key.environments[0]', message: /unknown environment "qa"; declared: dev, prod/ },
  { name: 'parameter with value and values', mutate: set(['parameters', 'db/host', 'values'], { dev: 'a', prod: 'b' }), at: 'parameters.db/host', message: /not both/ },
  { name: 'parameter without a value', mutate: set(['parameters', 'db/host', 'value'], undefined), at: 'parameters.db/host', message: /give a `value`/ },
  { name: 'secure parameter with a literal', mutate: set(['parameters', 'db/token', 'value'], 'hunter2'), at: 'parameters.db/token.value', message: /never takes its value from the spec/ },
  { name: 'values missing an environment', mutate: set(['parameters', 'app/level', 'values'], { dev: 'debug' }), at: 'parameters.app/level.values', message: /missing a value for environment `prod`/ },
  { name: 'values for an unknown environment', mutate: set(['parameters', 'app/level', 'values', 'qa'], 'x'), at: 'parameters.app/level.values.qa', message: /no environment "qa"/ },
  { name: 'parameter deeper than 15 levels', mutate: set(['parameters', Array.from({ length: 14 }, (_, i) => `l${i}`).join('/')], { value: 'x' }), at: `parameters.${Array.from({ length: 14 }, (_, i) => `l${i}`).join('/')}`, message: /16 levels deep; SSM allows 15/ },
  { name: 'parameter name with a character SSM refuses', mutate: set(['parameters', 'db/user@host'], { value: 'x' }), at: 'parameters.db/user@host', message: /only letters, digits and _.-\// },
  { name: 'standard parameter over 4 KB', mutate: set(['parameters', 'db/host', 'value'], 'x'.repeat(5000)), at: 'parameters.db/host.value', message: /5000 bytes; the Standard tier holds 4096 \(set `tier: Advanced`/ },
  { name: 'advanced parameter over 8 KB', mutate: (s) => { s.parameters['db/host'] = { value: 'x'.repeat(9000), tier: 'Advanced' }; }, at: 'parameters.db/host.value', message: /the Advanced tier holds 8192/ },
  { name: 'unknown parameter tier', mutate: set(['parameters', 'db/host', 'tier'], 'Premium'), at: 'parameters.db/host.tier', message: /expected one of: Standard, Advanced, Intelligent-Tiering/ },
  { name: 'function reads a missing secret', mutate: set(['functions', 'api', 'secrets'], ['db/pasword']), at: 'functions.api.secrets[0]', message: /function `api`: no secret "db\/pasword" is declared/ },
  { name: 'function glob matches nothing', mutate: set(['functions', 'worker', 'parameters'], ['cache/*']), at: 'functions.worker.parameters[0]', message: /function `worker`: the glob "cache\/\*" matches no parameter/ },
  { name: 'function lists a secret twice', mutate: set(['functions', 'api', 'secrets'], ['db/password', 'db/password']), at: 'functions.api.secrets[1]', message: /listed twice/ },
  { name: 'function region outside the environment', mutate: set(['functions', 'api', 'regions'], ['eu-central-1']), at: 'functions.api.regions[0]', message: /does not run in "eu-central-1"/ },
  { name: 'function reads a secret missing in one of its environments', mutate: set(['secrets', 'api/key', 'environments'], ['prod']), at: 'functions.worker.secrets[0]', message: /not provisioned in environment `dev`|selects no secret in environment `dev`/ },
  { name: 'function name with underscores', mutate: set(['functions', 'my_fn'], {}), at: 'functions.my_fn', message: /function names are lowercase/ },
  { name: 'role names that collide', mutate: (s) => { s.environments['dev-api'] = { account: '111111111111' }; s.environments.dev.account = '111111111111'; s.functions['api-worker'] = { environments: ['dev'] }; s.functions.worker.environments = ['dev-api']; s.parameters['app/level'].values['dev-api'] = 'info'; }, at: 'functions.worker', message: /produces the IAM role name `shop-dev-api-worker`, as does/ },
  { name: 'resource addresses that collide', mutate: set(['secrets', 'db.password'], {}), at: 'secrets.db/password', message: /produces the resource address/ },
  { name: 'role name over 64 characters', mutate: (s) => { s.project = `p${'x'.repeat(30)}p`; s.functions[`f${'x'.repeat(30)}`] = {}; }, at: `functions.f${'x'.repeat(30)}`, message: /is 68 characters; IAM allows 64/ },
  { name: 'sync without principal or preset', mutate: set(['externalSync', 'vault'], { secrets: ['api/key'] }), at: 'externalSync.vault', message: /give `principal`/ },
  { name: 'third-party sync without external id', mutate: set(['externalSync', 'vendor'], { principal: 'arn:aws:iam::999999999999:root', secrets: ['api/key'] }), at: 'externalSync.vendor.externalId', message: /confused deputy/ },
  { name: 'sync writing a plain parameter', mutate: set(['externalSync', 'ci'], { principal: 'arn:aws:iam::111111111111:role/ci', parameters: ['db/host'], environments: ['dev'] }), at: 'externalSync.ci.parameters[0]', message: /may only write secure parameters/ },
  { name: 'sync writing a generated secret', mutate: set(['externalSync', 'ci'], { principal: 'arn:aws:iam::111111111111:role/ci', secrets: ['db/*'], environments: ['dev'] }), at: 'externalSync.ci.secrets[0]', message: /`db\/password` is generated by the kit and rotated by its rotation function; a sync may only write `type: external` secrets/ },
  { name: 'by-path reading without a subtree', mutate: set(['functions', 'worker', 'readParametersByPath'], true), at: 'functions.worker.readParametersByPath', message: /no entry of `parameters` is a subtree glob/ },
  { name: 'environment named like an audit stack', mutate: (s) => { s.environments['audit-111111111111'] = { account: '222222222222' }; s.parameters['app/level'].values['audit-111111111111'] = 'info'; }, at: 'environments.audit-111111111111', message: /produces the stack name `shop-audit-111111111111`, which is the audit stack of account 111111111111: rename the environment/ },
  { name: 'account shared by environments with different primary regions', mutate: (s) => { s.environments.prod.account = '111111111111'; s.environments.prod.regions = { primary: 'us-east-1', replicas: [] }; delete s.functions.api.regions; }, at: 'environments.prod', message: /account 111111111111 is shared by environments with different primary regions \(dev: eu-west-1, prod: us-east-1\); its audit stack needs one/ },
  { name: 'account shared by environments with different deploy roles', mutate: (s) => { s.environments.prod.account = '111111111111'; s.environments.prod.assumeRoleArn = 'arn:aws:iam::111111111111:role/deployer'; }, at: 'environments.prod', message: /different `assumeRoleArn` \(dev: none, prod: arn:aws:iam::111111111111:role\/deployer\); its audit stack needs one: give each the same `assumeRoleArn` \(or none\)/ },
  { name: 'alarm email malformed', mutate: set(['audit', 'alarmEmails'], ['security']), at: 'audit.alarmEmails[0]', message: /email address/ },
  { name: 'backend of an unknown kind', mutate: set(['backend'], { type: 'gcs', bucket: 'x' }), at: 'backend', message: /`local` or `\{ type: s3/ },
  {
    name: 'generator options too long for the rotation options tag',
    mutate: set(['secrets', 'db/password', 'generate', 'excludeCharacters'], '"\'@/\\'.repeat(40)),
    at: 'secrets.db/password.generate.excludeCharacters',
    message: /encode to \d+ characters in the secret's RotationGenerateOptions tag, where rotation reads them; AWS allows 256: exclude fewer characters/,
  },
  { name: 'reserved tag prefix', mutate: set(['tags'], { 'aws:owner': 'me' }), at: 'tags.aws:owner', message: /reserved by AWS/ },
  { name: 'suppression with a short reason', mutate: set(['secrets', 'api/key', 'suppress'], [{ rule: 'KIT-SECRET-ROTATION', reason: 'later' }]), at: 'secrets.api/key.suppress[0].reason', message: /at least 10 characters/ },
];

function problemsOf(raw: unknown): { at: string; message: string }[] {
  try {
    loadPlatformObject(raw, 'test.yaml', CLOUDS);
  } catch (e) {
    if (e instanceof SpecError) return e.problems.map((p) => ({ at: formatPath(p.path), message: p.message }));
    throw e;
  }
  return [];
}

describe('invalid specs', () => {
  it('the base spec is valid', () => {
    expect(problemsOf(baseSpec())).toEqual([]);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const spec = baseSpec() as Record<string, any>;
    c.mutate(spec);
    const problems = problemsOf(spec);
    expect(problems.length).toBeGreaterThan(0);
    const match = problems.find((p) => p.at === c.at && c.message.test(p.message));
    if (!match) throw new Error(`expected a problem at ${c.at} matching ${c.message}; got:\n${problems.map((p) => `  ${p.at}: ${p.message}`).join('\n')}`);
  });

  it('has at least 30 distinct cases', () => {
    expect(new Set(CASES.map((c) => c.at)).size).toBeGreaterThanOrEqual(30);
  });

  it('reports every problem at once, in file order, each on its own line with its line number', () => {
    const spec = baseSpec() as Record<string, any>;
    spec.project = 'Bad';
    spec.environments.dev.account = '12';
    spec.secrets['db/password'].rotaton = {};
    const text = stringify(spec);
    const error = captureError(() => loadPlatformText(text, 'platform.yaml', CLOUDS));
    const lines = error.lines();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^platform\.yaml:1:1: project: got "Bad"/);
    expect(lines.map((l) => Number(/^platform\.yaml:(\d+):/.exec(l)?.[1]))).toEqual(
      [...lines.map((l) => Number(/^platform\.yaml:(\d+):/.exec(l)?.[1]))].sort((a, b) => a - b),
    );
    expect(lines.every((l) => !/\n/.test(l) && !/    at /.test(l))).toBe(true);
  });

  it('runs the cloud\'s own checks too: an unknown region and a function naming another region are both printed', () => {
    const spec = baseSpec() as Record<string, any>;
    spec.regions.primary = 'eu-west-9';
    spec.functions.api.regions = ['eu-central-1'];
    const error = captureError(() => loadPlatformObject(spec, 'platform.yaml', CLOUDS));
    const places = error.problems.map((p) => formatPath(p.path));
    expect(places).toEqual(expect.arrayContaining(['regions.primary', 'functions.api.regions[0]']));
    expect(error.problems.find((p) => formatPath(p.path) === 'regions.primary')!.message).toMatch(/unknown AWS region "eu-west-9"/);
    expect(new Set(error.problems.map((p) => `${formatPath(p.path)} ${p.message}`)).size).toBe(error.problems.length);
  });
});

describe('unreadable input', () => {
  it('an empty file', () => {
    expect(captureError(() => loadPlatformText('  \n', 'platform.yaml', CLOUDS)).lines()).toEqual([
      'platform.yaml: (root): the spec is empty: start from the example `platform.yaml`',
    ]);
  });

  it('a YAML syntax error names its line', () => {
    const lines = captureError(() => loadPlatformText('project: shop\nenvironments:\n  dev: {account: "1"\n', 'p.yaml', CLOUDS)).lines();
    expect(lines[0]).toMatch(/^p\.yaml:\d+:\d+: \(root\): syntax error: /);
  });

  it('a duplicate key names its line', () => {
    const lines = captureError(() => loadPlatformText('project: shop\nproject: again\n', 'p.yaml', CLOUDS)).lines();
    expect(lines).toEqual(['p.yaml:2:1: (root): syntax error: the key "project" appears twice in the same mapping; keep one']);
  });

  it('a list at the top level', () => {
    expect(captureError(() => loadPlatformText('- a\n- b\n', 'p.yaml', CLOUDS)).lines()[0]).toMatch(/must be a mapping of keys/);
  });

  it('a missing file', () => {
    const { loadPlatformFile } = jest.requireActual('../../lib/core/loader') as typeof import('../../lib/core/loader');
    expect(captureError(() => loadPlatformFile('/nonexistent/platform.yaml', CLOUDS)).lines()[0]).toMatch(/cannot read the spec \(no such file\)/);
  });
});

function captureError(fn: () => unknown): SpecError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('expected a SpecError');
}
