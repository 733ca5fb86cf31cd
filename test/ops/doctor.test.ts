import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AccountResource, configResources, findOrphans, parseArn } from '../../lib/ops/doctor';

const SECRET = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme/dev/db/password-AbC123';
const REPLICA = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:acme/dev/db/password-AbC123';
const KEY = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-0000-0000-0000-000000000000';
const FN = 'arn:aws:lambda:eu-west-1:111111111111:function:acme-dev-rotation';
const tags = { Project: 'acme', Environment: 'dev', ManagedBy: 'secrets-platform-kit' };
const res = (arn: string, type: string, name?: string): AccountResource => ({ arn, region: parseArn(arn).region, type, name, tags });

/** A state in `terraform show -json` form. The secret policy's id is the secret's ARN, as in AWS. */
const state = (withSecret: boolean) => ({
  values: {
    root_module: {
      resources: [
        ...(withSecret ? [{ address: 'aws_secretsmanager_secret.db', type: 'aws_secretsmanager_secret', values: { arn: SECRET, id: SECRET, name: 'acme/dev/db/password' } }] : []),
        { address: 'aws_secretsmanager_secret_policy.db', type: 'aws_secretsmanager_secret_policy', values: { id: SECRET, secret_arn: SECRET } },
        { address: 'aws_kms_key.primary', type: 'aws_kms_key', values: { arn: 'arn:aws:kms:eu-west-1:111111111111:key/mrk-1', id: 'mrk-1' } },
      ],
    },
  },
});

let dir: string;
let config: ReturnType<typeof configResources>;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-'));
  fs.writeFileSync(
    path.join(dir, 'cdk.tf.json'),
    JSON.stringify({
      resource: {
        aws_secretsmanager_secret: { db: { name: 'acme/dev/db/password' } },
        aws_kms_key: { primary: { description: 'Secrets and secure parameters of acme-dev' } },
        aws_lambda_function: { rotation: { function_name: 'acme-dev-rotation' } },
        aws_iam_role: { computed: { name: '${aws_x.y.name}' } },
      },
    }),
  );
  config = configResources(path.join(dir, 'cdk.tf.json'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('doctor: resources outside state', () => {
  test('recorded resources and replicas of recorded secrets are not orphans', () => {
    expect(findOrphans([res(SECRET, 'secretsmanager:secret', 'acme/dev/db/password'), res(REPLICA, 'secretsmanager:secret', 'acme/dev/db/password')], state(true), config, dir)).toEqual([]);
  });

  test('a declared secret missing from state is imported, even though another resource (its policy) names its ARN', () => {
    const [o] = findOrphans([res(SECRET, 'secretsmanager:secret', 'acme/dev/db/password')], state(false), config, dir);
    expect(o.action).toBe('import');
    expect(o.command).toBe(`terraform -chdir=${path.relative(process.cwd(), dir)} import 'aws_secretsmanager_secret.db' '${SECRET}'`);
  });

  test('a second key with the environment key\'s description, while the declared one is recorded, is scheduled for deletion', () => {
    const [o] = findOrphans([res(KEY, 'kms:key', 'Secrets and secure parameters of acme-dev')], state(true), config, dir);
    expect(o.action).toBe('remove');
    expect(o.command).toBe('aws kms schedule-key-deletion --region eu-west-1 --key-id 1234abcd-0000-0000-0000-000000000000 --pending-window-in-days 7');
  });

  test('a function whose creation was cut short is imported by name (the next apply would fail with "already exist")', () => {
    const [o] = findOrphans([res(FN, 'lambda:function', 'acme-dev-rotation')], state(true), config, dir);
    expect(o.command).toMatch(/ import 'aws_lambda_function\.rotation' 'acme-dev-rotation'$/);
  });
});
