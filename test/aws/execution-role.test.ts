/**
 * The execution role of each function: who may assume it, its boundary, its single inline
 * policy, and the outputs a function's deployment reads (role ARN, environment map).
 */
import { TerraformStack, Testing } from 'cdktf';
import type { PlatformSpecInput } from '../../lib/aws/spec';
import { ExecutionRole } from '../../lib/aws/execution-role';
import { RoleStatements } from '../../lib/aws/role-statements';
import { exampleSpec, synthEnvironments } from '../support/declared-access';

type Json = Record<string, any>;

function spec(overrides: Partial<PlatformSpecInput> = {}): PlatformSpecInput {
  return {
    project: 'shop',
    regions: { primary: 'eu-west-1', replicas: ['eu-central-1', 'us-east-1'] },
    environments: { dev: { account: '111111111111' } },
    secrets: {
      'db/password': { type: 'external' },
      'api/key': { type: 'external', replicate: false },
    },
    parameters: { 'db/host': { value: 'db.internal' }, 'db/token': { secure: true } },
    functions: { api: { secrets: ['db/password', 'api/key'], parameters: ['db/*'], regions: ['eu-west-1', 'us-east-1'] } },
    ...overrides,
  };
}

function devStack(raw: unknown): Json {
  return synthEnvironments(raw).environments[0].stack as Json;
}

const roleNamed = (stack: Json, name: string) => Object.values<Json>(stack.resource.aws_iam_role).find((r) => r.name === name)!;
const policiesOf = (stack: Json, name: string) =>
  Object.values<Json>(stack.resource.aws_iam_role_policy).filter((p) => p.name === name);

describe('ExecutionRole', () => {
  it('is assumable only by Lambda on behalf of the environment account', () => {
    const role = roleNamed(devStack(spec()), 'shop-dev-api');
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
        },
      ],
    });
  });

  it('goes through the primary region provider, with a boundary only when the spec gives one', () => {
    const plain = roleNamed(devStack(spec()), 'shop-dev-api');
    expect(plain.provider).toBe('aws.eu-west-1');
    expect(plain.permissions_boundary).toBeUndefined();

    const boundary = 'arn:aws:iam::111111111111:policy/workload-boundary';
    const bounded = devStack(spec({ environments: { dev: { account: '111111111111', permissionsBoundaryArn: boundary } } }));
    expect(roleNamed(bounded, 'shop-dev-api').permissions_boundary).toBe(boundary);
  });

  it('has exactly one inline policy and no managed policy', () => {
    const stack = devStack(spec());
    const policies = policiesOf(stack, 'shop-dev-api');
    expect(policies).toHaveLength(1);
    expect(policies[0].role).toMatch(/^\$\{aws_iam_role\.[^.]+\.name\}$/);
    expect(stack.resource.aws_iam_role_policy_attachment).toBeUndefined();
  });

  it('writes logs only to its own group, in each region it runs', () => {
    const policy = JSON.parse(policiesOf(devStack(spec()), 'shop-dev-api')[0].policy.replace(/\$\{[^}]*\}/g, 'REF'));
    const logs = policy.Statement.filter((s: Json) => String(s.Sid).startsWith('Logs'));
    expect(logs.map((s: Json) => s.Resource)).toEqual([
      'arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/shop-dev-api:*',
      'arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/shop-dev-api:*',
    ]);
  });

  it('expands a glob into exact reads of the parameters it matches, and never reads by path unasked', () => {
    const policy = JSON.parse(policiesOf(devStack(spec()), 'shop-dev-api')[0].policy.replace(/\$\{[^}]*\}/g, 'REF'));
    const actions = policy.Statement.flatMap((s: Json) => [s.Action].flat());
    expect(actions).not.toContain('ssm:GetParametersByPath');
    const reads = policy.Statement.filter((s: Json) => [s.Action].flat().includes('ssm:GetParameter'));
    expect(reads.flatMap((s: Json) => [s.Resource].flat()).sort()).toEqual([
      'arn:aws:ssm:eu-west-1:111111111111:parameter/shop/dev/db/host',
      'arn:aws:ssm:eu-west-1:111111111111:parameter/shop/dev/db/token',
      'arn:aws:ssm:us-east-1:111111111111:parameter/shop/dev/db/host',
      'arn:aws:ssm:us-east-1:111111111111:parameter/shop/dev/db/token',
    ]);
    for (const s of reads) expect([s.Action].flat().sort()).toEqual(['ssm:GetParameter', 'ssm:GetParameters']);
  });

  it('with `readParametersByPath: true`, also reads the subtree by its own path, which IAM checks for GetParametersByPath', () => {
    const byPathSpec = spec({ functions: { api: { secrets: ['db/password', 'api/key'], parameters: ['db/*'], regions: ['eu-west-1', 'us-east-1'], readParametersByPath: true } } });
    const policy = JSON.parse(policiesOf(devStack(byPathSpec), 'shop-dev-api')[0].policy.replace(/\$\{[^}]*\}/g, 'REF'));
    const byPath = policy.Statement.filter((s: Json) => s.Action === 'ssm:GetParametersByPath');
    expect(byPath.map((s: Json) => s.Resource)).toEqual([
      'arn:aws:ssm:eu-west-1:111111111111:parameter/shop/dev/db',
      'arn:aws:ssm:us-east-1:111111111111:parameter/shop/dev/db',
    ]);
  });

  it('outputs its ARN and, per region, where to find each secret and parameter', () => {
    const stack = devStack(spec());
    expect(stack.output.function_api_role_arn.value).toMatch(/^\$\{aws_iam_role\.[^.]+\.arn\}$/);
    const map = stack.output.function_api_environment.value;
    expect(Object.keys(map)).toEqual(['eu-west-1', 'us-east-1']);
    expect(map['eu-west-1']).toEqual({
      PARAMETER_ROOT: '/shop/dev',
      SECRET_ARN_API_KEY: expect.stringMatching(/^\$\{aws_secretsmanager_secret\.[^.]+\.arn\}$/),
      SECRET_ARN_DB_PASSWORD: expect.stringMatching(/^\$\{aws_secretsmanager_secret\.[^.]+\.arn\}$/),
      PARAMETER_NAME_DB_HOST: '/shop/dev/db/host',
      PARAMETER_NAME_DB_TOKEN: '/shop/dev/db/token',
    });
    // The replica in us-east-1 for a replicated secret; the primary for `replicate: false`.
    const local = /^\$\{local\.([^}]+)\}$/.exec(map['us-east-1'].SECRET_ARN_DB_PASSWORD)!;
    expect(stack.locals[local[1]]).toMatch(/^\$\{replace\(aws_secretsmanager_secret\.[^.]+\.arn, ":secretsmanager:eu-west-1:", ":secretsmanager:us-east-1:"\)\}$/);
    expect(map['us-east-1'].SECRET_ARN_API_KEY).toBe(map['eu-west-1'].SECRET_ARN_API_KEY);
  });

  it('creates one role per function of the example, named {project}-{env}-{function}', () => {
    const { environments } = synthEnvironments(exampleSpec());
    for (const { env, stack } of environments) {
      const roles = Object.values<Json>((stack as Json).resource.aws_iam_role).map((r) => r.name);
      for (const fn of env.functions) expect(roles).toContain(`acme-payments-${env.name}-${fn.name}`);
    }
  });

  it('refuses a function whose secret the environment does not provision, naming both', () => {
    const { environments } = synthEnvironments(spec());
    const { env } = environments[0];
    const stack = new TerraformStack(Testing.app(), 'scope');
    expect(
      () =>
        new ExecutionRole(stack, 'role', {
          project: 'shop',
          env,
          fn: env.functions[0],
          provider: undefined as never,
          secrets: new Map(),
          parameters: new Map(),
        }),
    ).toThrow(/function api reads the secret (api\/key|db\/password), but the environment provisions only: none/);
  });
});

describe('environment variables of a function', () => {
  it('refuses two subtrees that would share a variable, naming both', () => {
    const colliding = spec({
      parameters: { 'a-b/x': { value: '1' }, 'a/b/y': { value: '2' } },
      functions: { api: { secrets: [], parameters: ['a-b/*', 'a/b/*'], readParametersByPath: true } },
    });
    expect(() => synthEnvironments(colliding)).toThrow(/function api: the subtree (a-b|a\/b)\/\* and the subtree (a-b|a\/b)\/\* would both be handed over in PARAMETER_PATH_A_B/);
  });

  it('rejects, at load time, two secrets whose variables would collide', () => {
    const colliding = spec({
      secrets: { 'db/password': { type: 'external' }, 'db-password': { type: 'external' } },
      functions: { api: { secrets: ['db/password'], parameters: [] } },
    });
    expect(() => synthEnvironments(colliding)).toThrow(/environment variable `SECRET_ARN_DB_PASSWORD`/);
  });
});

describe('RoleStatements', () => {
  const statement = { sid: 'ReadX', actions: ['ssm:GetParameter'], resources: ['arn:aws:ssm:eu-west-1:111111111111:parameter/x'] };

  it('adds a grant made twice once', () => {
    const statements = new RoleStatements('r');
    statements.add(statement, statement);
    expect(statements.all).toHaveLength(1);
  });

  it('refuses two different statements with one id', () => {
    const statements = new RoleStatements('r');
    statements.add(statement);
    expect(() => statements.add({ ...statement, resources: ['arn:aws:ssm:eu-west-1:111111111111:parameter/y'] })).toThrow(
      /role r: two different statements share the id ReadX/,
    );
  });

  it('adds an equal statement built anew once (grants compare by content, not identity)', () => {
    const statements = new RoleStatements('r');
    statements.add(statement, { ...statement, actions: [...statement.actions], resources: [...statement.resources] });
    expect(statements.all).toHaveLength(1);
  });

  it('renders the statements added since the last rendering', () => {
    const statements = new RoleStatements('r');
    statements.add(statement);
    expect(JSON.parse(statements.toJson()).Statement).toHaveLength(1);
    statements.add({ ...statement, sid: 'ReadY', resources: ['arn:aws:ssm:eu-west-1:111111111111:parameter/y'] });
    expect(JSON.parse(statements.toJson()).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['ReadX', 'ReadY']);
  });

  it('refuses to render an empty policy', () => {
    expect(() => new RoleStatements('r').toJson()).toThrow(/role r: the inline policy has no statement/);
  });
});

describe('large roles', () => {
  it('merge statements that differ only in resources, keeping every (action, resource, condition) grant', () => {
    const { mergeByResource } = jest.requireActual('../../lib/aws/role-statements') as typeof import('../../lib/aws/role-statements');
    const read = (sid: string, arn: string) => ({ sid, actions: ['ssm:GetParameter', 'ssm:GetParameters'], resources: [arn] });
    const kms = (sid: string, arn: string) => ({ sid, actions: ['kms:Decrypt'], resources: ['k'], conditions: { StringEquals: { 'kms:EncryptionContext:PARAMETER_ARN': arn } } });
    expect(mergeByResource([read('A', 'p1'), kms('KA', 'p1'), read('B', 'p2'), kms('KB', 'p2'), read('C', 'p1')])).toEqual([
      { actions: ['ssm:GetParameter', 'ssm:GetParameters'], resources: ['p1', 'p2'] },
      kms('KA', 'p1'),
      kms('KB', 'p2'),
    ]);
  });
});
