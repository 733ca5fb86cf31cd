import * as path from 'path';
import { loadPlatform } from '../../lib/app';
import { awsModel } from '../../lib/aws/model';
import { DRIFT_MARKER, driftIssue, stackDrift } from '../../lib/ops/drift';
import { PlanJson, environmentNames } from '../../lib/ops/plan-findings';

const dev = awsModel(loadPlatform(path.join(__dirname, '..', '..', 'platform.yaml')).model).environments.find((e) => e.name === 'dev')!;
const names = environmentNames(dev);
const secret = dev.secrets[0];
const param = dev.parameters.find((p) => !p.secure)!;
const fn = dev.functions[0];

describe('drift in the report\'s words', () => {
  test('changes made outside Terraform and what the next deploy would do, named by spec path', () => {
    const plan: PlanJson = {
      resource_drift: [
        { address: 'a.b', type: 'aws_secretsmanager_secret', change: { actions: ['update'], before: { name: secret.name, description: 'x', tags_all: { A: '1' } }, after: { name: secret.name, description: 'y', tags_all: { A: '2' } } } },
        { address: 'c.d', type: 'aws_ssm_parameter', change: { actions: ['delete'], before: { name: param.name, type: 'String' }, after: null } },
      ],
      resource_changes: [
        { address: 'a.b', type: 'aws_secretsmanager_secret', change: { actions: ['update'], before: { name: secret.name, description: 'y' }, after: { name: secret.name, description: 'x' } } },
        { address: 'c.d', type: 'aws_ssm_parameter', change: { actions: ['create'], before: null, after: { name: param.name, type: 'String' } } },
        { address: 'e.f', type: 'aws_iam_role', change: { actions: ['no-op'], before: { name: fn.roleName }, after: { name: fn.roleName } } },
      ],
    };
    const d = stackDrift(dev.stackName, plan, names);
    expect(d.outside).toEqual([`secret ${secret.path}: description, tags changed outside Terraform`, `parameter ${param.path}: deleted outside Terraform`]);
    expect(d.planned).toEqual([`secret ${secret.path} would be updated (description)`, `parameter ${param.path} would be created`]);
    const body = driftIssue([d, stackDrift('quiet', {}, names)], 'https://example.invalid/run/1')!;
    expect(body.startsWith(DRIFT_MARKER)).toBe(true);
    expect(body).toContain(`in 1 stack: ${dev.stackName}.`);
    expect(body).not.toContain('### quiet');
  });

  test('no drift, no issue', () => {
    expect(driftIssue([stackDrift(dev.stackName, { resource_changes: [] }, names)])).toBeUndefined();
  });
});
