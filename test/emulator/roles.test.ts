/**
 * Rung 6 for access: the execution and sync roles of an environment, with their inline
 * policies, applied by Terraform into moto (local mode), then read back with the AWS SDK and
 * compared grant by grant with what the spec declares.
 *
 * Only the roles, their policies, what those reference (key, secrets, parameters) and the key
 * alias are applied (`-target`), in a single-region variant of the example: the full environment,
 * replicas included, is the environment suite's job. moto stores policies and checks their
 * grammar but evaluates none: that the grants are the least needed is proven by
 * test/aws/least-privilege.test.ts, this suite proves they deploy as synthesized.
 */
import { awsModel } from '../../lib/aws/model';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { App } from 'cdktf';
import { buildStacks, loadPlatform } from '../../lib/app';
import type { EnvironmentModel, PlatformModel } from '../../lib/aws/model';
import { PolicyJson, grantKey, grantsOf, keyByAlias } from '../support/iam-analysis';
import { run } from '../../scripts/lib/proc';
import { declaredFunctionAccess, declaredSyncAccess, exampleSpec } from '../support/declared-access';
import { emulatorPrerequisite, tail, toolEnv, workFolder } from '../support/emulator';
import { MotoServer, startMoto } from '../support/moto';

let moto: MotoServer | undefined;
let work: string;
let platform: PlatformModel;
let env: EnvironmentModel;
let iam: IAMClient;
let kms: KMSClient;
let applied: { code: number; stdout: string; stderr: string; ms: number };

/** The example in its primary region only, every function running there. */
function singleRegionExample(): unknown {
  const spec = exampleSpec() as { regions: { replicas: string[] }; functions: Record<string, { regions?: string[] }> };
  spec.regions.replicas = [];
  for (const fn of Object.values(spec.functions)) delete fn.regions;
  return spec;
}

beforeAll(async () => {
  const missing = emulatorPrerequisite();
  if (missing) throw new Error(`NOT RUN: ${missing}`);
  work = workFolder('roles');
  const specFile = path.join(work, 'platform.yaml');
  fs.writeFileSync(specFile, stringify(singleRegionExample()));
  moto = await startMoto({ accounts: ['111111111111'] });
  // The stacks alone (no guardrails, no reports): this suite is about the roles.
  platform = awsModel(loadPlatform(specFile).model);
  const app = new App({ outdir: path.join(work, 'cdktf.out'), stackTraces: false });
  buildStacks(app, platform, { localEndpoint: moto.endpoint });
  app.synth();
  env = platform.environments.find((e) => e.name === 'dev')!;

  const stackDir = path.join(work, 'cdktf.out', 'stacks', env.stackName);
  const config = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  // Local state inside the work folder, never the project's.
  config.terraform.backend = { local: { path: path.join(work, 'roles.tfstate') } };
  fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), JSON.stringify(config));
  // The policies pull in the roles, key, secrets and parameters; the aliases name the key back.
  const targets = ['aws_iam_role_policy', 'aws_kms_alias'].flatMap((type) => Object.keys(config.resource[type]).map((id) => `-target=${type}.${id}`));

  const tfEnv = toolEnv(moto.env(env.account, env.primaryRegion));
  const init = await run('terraform', ['init', '-input=false', '-no-color'], { cwd: stackDir, env: tfEnv });
  if (init.code !== 0) throw new Error(`terraform init failed: ${tail(init)}`);
  applied = await run('terraform', ['apply', '-auto-approve', '-input=false', '-no-color', ...targets], { cwd: stackDir, env: tfEnv });

  iam = new IAMClient(await moto.clientConfig(env.account, env.primaryRegion));
  kms = new KMSClient(await moto.clientConfig(env.account, env.primaryRegion));
}, 600_000);

afterAll(async () => {
  iam?.destroy();
  kms?.destroy();
  await moto?.stop();
  if (work && !process.env.KEEP_EMULATOR_WORK) fs.rmSync(work, { recursive: true, force: true });
});

/** Real ARNs back to the analysis' canonical names: secret suffixes and key ids. */
async function canonical(document: PolicyJson): Promise<PolicyJson> {
  let text = JSON.stringify(document).replace(/(:secret:[^"]+)-[A-Za-z0-9]{6}(?=")/g, '$1-??????');
  const keyArns = [...new Set(text.match(/arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+/g) ?? [])];
  for (const keyArn of keyArns) {
    const keyId = keyArn.split('/')[1];
    const aliases = (await kms.send(new ListAliasesCommand({ KeyId: keyId }))).Aliases ?? [];
    const alias = aliases.find((a) => a.AliasName && !a.AliasName.startsWith('alias/aws/'))?.AliasName ?? `<no alias for ${keyId}>`;
    text = text.split(keyArn).join(keyByAlias(env.primaryRegion, env.account, alias));
  }
  return JSON.parse(text) as PolicyJson;
}

async function deployedGrants(roleName: string): Promise<string[]> {
  const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? [];
  expect(names).toEqual([roleName]);
  const raw = (await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: roleName }))).PolicyDocument!;
  return grantsOf(await canonical(JSON.parse(decodeURIComponent(raw)) as PolicyJson)).map(grantKey);
}

describe('execution and sync roles applied into moto', () => {
  test('terraform applies the roles and their policies', () => {
    if (applied.code !== 0) throw new Error(`terraform apply failed: ${tail(applied)}`);
  });

  test('every function role holds exactly its declared grants, and no managed policy', async () => {
    for (const fn of env.functions) {
      expect({ role: fn.roleName, grants: await deployedGrants(fn.roleName) }).toEqual({
        role: fn.roleName,
        grants: declaredFunctionAccess(platform.project, env, fn),
      });
      expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: fn.roleName }))).AttachedPolicies).toEqual([]);
    }
  });

  test('every function role trusts only Lambda for the environment account', async () => {
    for (const fn of env.functions) {
      const role = (await iam.send(new GetRoleCommand({ RoleName: fn.roleName }))).Role!;
      expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': env.account } },
        },
      ]);
    }
  });

  test('every sync role holds exactly its declared grants, behind its principal and external ID', async () => {
    for (const sync of env.syncs) {
      expect({ role: sync.roleName, grants: await deployedGrants(sync.roleName) }).toEqual({
        role: sync.roleName,
        grants: declaredSyncAccess(platform.project, env, sync),
      });
      const role = (await iam.send(new GetRoleCommand({ RoleName: sync.roleName }))).Role!;
      const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0];
      expect(trust.Principal).toEqual({ AWS: sync.principal });
      expect(trust.Condition).toEqual(sync.externalId ? { StringEquals: { 'sts:ExternalId': sync.externalId } } : undefined);
    }
  });
});
