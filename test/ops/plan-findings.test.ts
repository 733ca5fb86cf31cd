import * as path from 'path';
import { loadPlatform } from '../../lib/app';
import { awsModel } from '../../lib/aws/model';
import { PlanJson, ResourceChange, environmentNames, findingsMarkdown, planFindings, unaccepted } from '../../lib/ops/plan-findings';

const platform = awsModel(loadPlatform(path.join(__dirname, '..', '..', 'platform.yaml')).model);
const dev = platform.environments.find((e) => e.name === 'dev')!;
const names = environmentNames(dev);
const generated = dev.secrets.find((s) => s.type === 'generated')!;
const external = dev.secrets.find((s) => s.type === 'external')!;
const secure = dev.parameters.find((p) => p.secure)!;
const fn = dev.functions[0];
const arn = (name: string) => `arn:aws:secretsmanager:eu-west-1:${dev.account}:secret:${name}-AbC123`;

/** Addresses are deliberately arbitrary: findings must come from values, not addresses. */
const change = (type: string, actions: string[], before: unknown, after: unknown, address = `${type}.x${Math.random().toString(36).slice(2, 8)}`): ResourceChange => ({
  address,
  mode: 'managed',
  type,
  change: { actions, before, after },
});

describe('plan findings', () => {
  test('a secret deleted outside Terraform and created again: blocking, naming the spec path and the NEW value', () => {
    const secret = change('aws_secretsmanager_secret', ['create'], null, { name: generated.name });
    const version = change('aws_secretsmanager_secret_version', ['create'], null, { secret_id: null });
    const plan: PlanJson = {
      resource_drift: [
        { ...secret, change: { actions: ['delete'], before: { name: generated.name, arn: arn(generated.name) }, after: null } },
        { ...version, change: { actions: ['delete'], before: { arn: arn(generated.name), secret_id: arn(generated.name) }, after: null } },
      ],
      resource_changes: [secret, version],
    };
    const findings = planFindings(plan, names);
    expect(findings.map((f) => [f.subject, f.kind])).toEqual([
      [generated.path, 'recreate'],
      [generated.path, 'recreate'],
    ]);
    expect(findings[0].message).toMatch(new RegExp(`${generated.path} will get a NEW value`));
    expect(findings.every((f) => f.blocking)).toBe(true);
  });

  test('a create with no drift is a new entry, not a finding', () => {
    const plan: PlanJson = { resource_changes: [change('aws_secretsmanager_secret', ['create'], null, { name: generated.name })] };
    expect(planFindings(plan, names)).toEqual([]);
  });

  test('replace and destroy of a secret, an external secret says it will be empty', () => {
    const plan: PlanJson = {
      resource_changes: [
        change('aws_secretsmanager_secret', ['delete', 'create'], { name: external.name }, { name: external.name }),
        change('aws_secretsmanager_secret', ['delete'], { name: generated.name }, null),
      ],
    };
    const [replaced, destroyed] = planFindings(plan, names);
    expect(replaced).toMatchObject({ subject: external.path, kind: 'replace' });
    expect(replaced.message).toMatch(/REPLACED.*EMPTY/);
    expect(destroyed).toMatchObject({ subject: generated.path, kind: 'destroy' });
    expect(destroyed.message).toMatch(/DESTROYED/);
  });

  test('a replica region dropped from a secret', () => {
    const plan: PlanJson = {
      resource_changes: [
        change('aws_secretsmanager_secret', ['update'], { name: generated.name, replica: [{ region: 'us-east-1' }, { region: 'eu-central-1' }] }, { name: generated.name, replica: [{ region: 'eu-central-1' }] }),
      ],
    };
    expect(planFindings(plan, names)).toEqual([expect.objectContaining({ subject: generated.path, kind: 'replica-removed', message: expect.stringMatching(/replica in us-east-1 will be DELETED/) })]);
  });

  test('secure parameters are flagged, plain ones are not', () => {
    const plan: PlanJson = {
      resource_changes: [
        change('aws_ssm_parameter', ['delete', 'create'], { name: secure.name, type: 'SecureString' }, { name: secure.name, type: 'SecureString' }),
        change('aws_ssm_parameter', ['delete'], { name: '/x/dev/plain', type: 'String' }, null),
      ],
    };
    expect(planFindings(plan, names).map((f) => [f.subject, f.kind])).toEqual([[secure.path, 'replace']]);
  });

  test('the environment key replaced in a region is named by its alias', () => {
    const plan: PlanJson = {
      resource_changes: [
        change('aws_kms_replica_key', ['delete', 'create'], { description: `Secrets and secure parameters of ${dev.stackName}`, arn: `arn:aws:kms:us-east-1:${dev.account}:key/mrk-1` }, {}),
      ],
    };
    const [f] = planFindings(plan, names);
    expect(f.subject).toBe(`${dev.keyAlias}@us-east-1`);
    expect(f.message).toMatch(new RegExp(`KMS key ${dev.keyAlias} in us-east-1 will be REPLACED`));
  });

  test("a role's policy change lists the grants added and removed, naming the function", () => {
    const doc = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: 'arn:s' }] });
    const plan: PlanJson = {
      resource_changes: [
        change('aws_iam_role_policy', ['update'], { role: fn.roleName, name: 'read', policy: doc(['a:Get']) }, { role: fn.roleName, name: 'read', policy: doc(['a:Get', 'a:Put']) }),
        change('aws_iam_role_policy', ['no-op'], { role: fn.roleName, policy: doc([]) }, { role: fn.roleName, policy: doc([]) }),
      ],
    };
    const findings = planFindings(plan, names);
    expect(findings).toHaveLength(1);
    // A role created by the same plan gets its first policy: a new entry, not a change.
    const fresh: PlanJson = {
      resource_changes: [
        change('aws_iam_role', ['create'], null, { name: fn.roleName }),
        change('aws_iam_role_policy', ['create'], null, { role: fn.roleName, name: 'read', policy: doc(['a:Get']) }),
      ],
    };
    expect(planFindings(fresh, names)).toEqual([]);
    // ... also when the role's name is only known after apply (it references the new role).
    const unknownRole: PlanJson = {
      resource_changes: [
        change('aws_iam_role', ['create'], null, {}),
        change('aws_iam_role_policy', ['create'], null, { name: 'write', policy: doc(['a:Put']) }),
      ],
    };
    expect(planFindings(unknownRole, names)).toEqual([]);
    const existing: PlanJson = { resource_changes: [change('aws_iam_role_policy', ['create'], null, { role: fn.roleName, name: 'more', policy: doc(['a:Get']) })] };
    expect(planFindings(existing, names).map((f) => f.message)).toEqual([`role ${fn.roleName} (function ${fn.name}): its policy more changes: grants Allow a:Get on arn:s`]);
    expect(findings[0].message).toBe(`role ${fn.roleName} (function ${fn.name}): its policy read changes: grants Allow a:Put on arn:s`);
  });

  test('an apply is blocked until every finding is accepted by its subject', () => {
    const plan: PlanJson = {
      resource_changes: [
        change('aws_secretsmanager_secret', ['delete'], { name: generated.name }, null),
        change('aws_secretsmanager_secret', ['delete'], { name: external.name }, null),
      ],
    };
    const findings = planFindings(plan, names);
    expect(unaccepted(findings, []).map((f) => f.subject)).toEqual([generated.path, external.path]);
    expect(unaccepted(findings, [generated.path]).map((f) => f.subject)).toEqual([external.path]);
    expect(unaccepted(findings, [generated.path, external.path])).toEqual([]);
    expect(findingsMarkdown(findings).join('\n')).toContain(`--accept ${external.path}`);
    expect(findingsMarkdown([])).toEqual([]);
  });
});
