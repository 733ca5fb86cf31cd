/**
 * Rung 6: the dev environment of the worked example deployed
 * with `cdktf deploy` into moto through the kit's local mode, read back with the AWS SDK,
 * planned a second time, scanned for secret values, and destroyed.
 *
 * What is asserted comes from the model (`loadPlatform`), never from the synthesized JSON:
 * the question is whether what the spec promises exists in the (emulated) cloud.
 * moto evaluates no IAM or key policy: least privilege is proven by the policy unit tests.
 */
import { awsModel } from '../../lib/aws/model';
import * as fs from 'fs';
import * as path from 'path';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand, NoSuchEntityException } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeSecretCommand, GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { loadPlatform } from '../../lib/app';
import type { EnvironmentModel, PlatformModel, SecretModel } from '../../lib/aws/model';
import {
  ROOT,
  CommandResult,
  buildKit,
  cdktf,
  forEach,
  emulatorPrerequisite,
  filesUnder,
  planResources,
  PlannedResource,
  secondPlan,
  toolEnv,
  stateFiles,
  stateResources,
  tail,
  workFolder,
} from '../support/emulator';
import { MotoServer, startMoto } from '../support/moto';
import { run } from '../../scripts/lib/proc';
import { MOTO_GAPS, explainChanges } from './moto-gaps';

/** The same spec the app deploys: `PLATFORM_SPEC`, or the worked example. */
const platform: PlatformModel = awsModel(loadPlatform(process.env.PLATFORM_SPEC ?? path.join(ROOT, 'platform.yaml')).model);
const env: EnvironmentModel = platform.environments.find((e) => e.name === 'dev')!;
/** The account's audit stack has its own suite (audit.test.ts); this one is the environment. */
const stacks = [env.stackName];
const generated = env.secrets.filter((s) => s.type === 'generated');
const parameterCases = env.parameters.flatMap((parameter) => parameter.regions.map((region) => ({ parameter, region })));

let moto: MotoServer | undefined;
let work: string;
let outdir: string;
let deployEnv: NodeJS.ProcessEnv;
let deployed: CommandResult;

type ClientClass<C> = new (config: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } }) => C;
const clients = new Map<string, unknown>();
async function client<C extends { destroy(): void }>(Kind: ClientClass<C>, region: string): Promise<C> {
  const key = `${Kind.name}:${region}`;
  if (!clients.has(key)) clients.set(key, new Kind(await moto!.clientConfig(env.account, region)));
  return clients.get(key) as C;
}

beforeAll(async () => {
  const missing = emulatorPrerequisite();
  if (missing) throw new Error(`NOT RUN: ${missing}`);
  await buildKit();
  moto = await startMoto({ accounts: [env.account] });
  work = workFolder(env.stackName);
  outdir = path.join(work, 'cdktf.out');
  deployEnv = moto.env(env.account, env.primaryRegion);
  // Deployed as kit versions before stable addresses did (construct-path hashes), then upgraded
  // below: the current output moves that state, and every later test runs on the moved state.
  deployed = await cdktf('deploy', stacks, outdir, { ...deployEnv, PLATFORM_LEGACY_ADDRESSES: '1' });
}, 600_000);

afterAll(async () => {
  for (const c of clients.values()) (c as { destroy(): void }).destroy();
  await moto?.stop();
  if (work && !process.env.KEEP_EMULATOR_WORK) fs.rmSync(work, { recursive: true, force: true });
});

function mustDeploy(): void {
  if (deployed.code !== 0) throw new Error(`cdktf deploy ${stacks.join(' ')} failed: ${tail(deployed)}`);
}

describe(`cdktf deploy ${stacks.join(' + ')} into moto (local mode)`, () => {
  test('deploy succeeds', () => {
    mustDeploy();
    for (const stack of stacks) expect(stateResources(path.join(work, `terraform.${stack}.tfstate`)).length).toBeGreaterThan(0);
  });

  test('the synthesized providers point at the emulator, and only at it', () => {
    const config = fs.readFileSync(path.join(outdir, 'stacks', env.stackName, 'cdk.tf.json'), 'utf8');
    const urls = [...new Set(config.match(/https?:\/\/[^"\s]+/g) ?? [])];
    expect(urls).toEqual([moto!.endpoint]);
  });
});

describe('upgrade from hash-based addresses: the plan only moves state', () => {
  const stackDir = () => path.join(outdir, 'stacks', env.stackName);
  let legacyState: string[];
  let moved: Array<{ from: string; to: string }>;
  let planned: PlannedResource[];
  let upgraded: CommandResult | undefined;

  beforeAll(async () => {
    mustDeploy();
    legacyState = stateResources(path.join(work, `terraform.${env.stackName}.tfstate`));
    // What `cdktf diff` / `cdktf deploy` of the new version synthesize first.
    const synth = await run(process.execPath, [path.join(ROOT, 'dist', 'main.js')], { cwd: ROOT, env: { ...toolEnv(deployEnv), CDKTF_OUTDIR: outdir } });
    if (synth.code !== 0) throw new Error(`synth failed: ${tail(synth)}`);
    moved = JSON.parse(fs.readFileSync(path.join(stackDir(), 'cdk.tf.json'), 'utf8')).moved ?? [];
    const plan = await planResources(stackDir(), deployEnv);
    planned = plan.resources;
    upgraded = await run('terraform', ['apply', '-input=false', '-lock=false', '-no-color', plan.planFile], { cwd: stackDir(), env: toolEnv(deployEnv) });
  }, 300_000);

  test('the old state holds hash-based addresses, and the new config has a moved block for each', () => {
    expect(legacyState.length).toBeGreaterThan(0);
    for (const address of legacyState) expect(address).toMatch(/_[0-9A-F]{8}$/);
    expect(moved.map((m) => m.from).sort()).toEqual([...legacyState].sort());
  });

  test('every resource in state is moved to its stable address; nothing is created, destroyed or replaced', () => {
    const movedHere = planned.filter((r) => r.previousAddress !== undefined).map((r) => ({ from: r.previousAddress!, to: r.address }));
    expect(movedHere.sort((a, b) => a.from.localeCompare(b.from))).toEqual([...moved].sort((a, b) => a.from.localeCompare(b.from)));
    expect(planned.filter((r) => r.actions.some((a) => a === 'create' || a === 'delete'))).toEqual([]);
  });

  test(`what else the plan changes is only the named moto gaps (${MOTO_GAPS.map((g) => g.id).join(', ')})`, () => {
    const changed = planned.filter((r) => !r.actions.every((a) => a === 'no-op' || a === 'read'));
    expect(explainChanges(changed).unexplained).toEqual([]);
  });

  test('applying the plan leaves state at the stable addresses only', () => {
    if (upgraded?.code !== 0) throw new Error(`terraform apply of the upgrade failed: ${upgraded && tail(upgraded)}`);
    expect(stateResources(path.join(work, `terraform.${env.stackName}.tfstate`)).sort()).toEqual(moved.map((m) => m.to).sort());
  });
});

describe('read back with the AWS SDK, driven by the model', () => {
  beforeAll(mustDeploy);

  test(`environment key ${env.keyAlias}: multi-region primary in ${env.primaryRegion}, rotation on, replicas in ${env.replicaRegions.join(', ')}`, async () => {
    const kms = await client(KMSClient, env.primaryRegion);
    const key = (await kms.send(new DescribeKeyCommand({ KeyId: env.keyAlias }))).KeyMetadata!;
    expect(key.KeyState).toBe('Enabled');
    expect(key.MultiRegion).toBe(true);
    expect(key.MultiRegionConfiguration?.MultiRegionKeyType).toBe('PRIMARY');
    expect((key.MultiRegionConfiguration?.ReplicaKeys ?? []).map((r) => r.Region).sort()).toEqual([...env.replicaRegions].sort());
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled).toBe(true);
  });

  forEach(env.replicaRegions, (r) => r, `alias ${env.keyAlias} in %s names the replica of the primary key`, async (region) => {
    const primary = (await (await client(KMSClient, env.primaryRegion)).send(new DescribeKeyCommand({ KeyId: env.keyAlias }))).KeyMetadata!;
    const replica = (await (await client(KMSClient, region)).send(new DescribeKeyCommand({ KeyId: env.keyAlias }))).KeyMetadata!;
    expect(replica.MultiRegionConfiguration?.MultiRegionKeyType).toBe('REPLICA');
    expect(replica.MultiRegionConfiguration?.PrimaryKey?.Region).toBe(env.primaryRegion);
    expect(replica.KeyId).toBe(primary.KeyId);
  });

  forEach(env.secrets, (s) => s.name, 'secret %s: under the environment key, replicated as declared', async (secret) => {
    const sm = await client(SecretsManagerClient, env.primaryRegion);
    const described = await sm.send(new DescribeSecretCommand({ SecretId: secret.name }));
    const key = (await (await client(KMSClient, env.primaryRegion)).send(new DescribeKeyCommand({ KeyId: env.keyAlias }))).KeyMetadata!;
    expect([key.Arn, key.KeyId, env.keyAlias]).toContain(described.KmsKeyId);
    expect(described.DeletedDate).toBeUndefined();
    expect((described.ReplicationStatus ?? []).map((r) => r.Region).sort()).toEqual([...secret.replicaRegions].sort());
    // A replica's KmsKeyId cannot be checked here: moto reports alias/aws/secretsmanager for every
    // replica (gap secret-replica-kms-key-reported-as-default-alias); test/aws/replicated-secret.test.ts pins it.
    for (const region of secret.replicaRegions) {
      const replica = await (await client(SecretsManagerClient, region)).send(new DescribeSecretCommand({ SecretId: secret.name }));
      expect(replica.PrimaryRegion).toBe(env.primaryRegion);
    }
  });

  forEach(generated, (s) => s.name, 'generated secret %s holds a value of the declared length', async (secret) => {
    const value = await secretValue(secret);
    expect(value.length).toBe(secret.generate!.length);
  });

  forEach(env.secrets.filter((s) => s.type === 'external'), (s) => s.name, 'external secret %s is created empty: its value is written out of band', async ({ name }) => {
    const sm = await client(SecretsManagerClient, env.primaryRegion);
    await expect(sm.send(new GetSecretValueCommand({ SecretId: name }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  forEach(env.secrets.filter((s) => s.rotation), (s) => s.name, 'secret %s rotates with its declared function', async (secret) => {
    const described = await (await client(SecretsManagerClient, env.primaryRegion)).send(new DescribeSecretCommand({ SecretId: secret.name }));
    expect(described.RotationEnabled).toBe(true);
    const fn = secret.rotation!.function;
    if (fn.kind === 'builtin') expect(described.RotationLambdaARN).toMatch(new RegExp(`:function:${env.rotation!.functionName}$`));
    else expect(described.RotationLambdaARN).toBe(fn.arn);
  });

  if (env.rotation) {
    test(`built-in rotation function ${env.rotation.functionName} exists in ${env.primaryRegion}`, async () => {
      const fn = await (await client(LambdaClient, env.primaryRegion)).send(new GetFunctionCommand({ FunctionName: env.rotation!.functionName }));
      expect(fn.Configuration?.FunctionName).toBe(env.rotation!.functionName);
    });
  }

  
  forEach(parameterCases, ({ parameter, region }) => `${parameter.name} in ${region}`, 'parameter %s exists with its declared type and value', async ({ parameter, region }) => {
    const name = parameter.name;
    const ssm = await client(SSMClient, region);
    const got = (await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter!;
    if (parameter.secure) {
      expect(got.Type).toBe('SecureString');
    } else {
      expect(got.Type).toBe('String');
      expect(got.Value).toBe(parameter.value);
    }
  });

  forEach(env.functions, (f) => f.roleName, 'execution role %s exists and its policies name what the function reads', async (fn) => {
    const roleName = fn.roleName;
    const iam = await client(IAMClient, env.primaryRegion);
    await iam.send(new GetRoleCommand({ RoleName: roleName }));
    const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? [];
    const documents = await Promise.all(names.map(async (n) => decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: n }))).PolicyDocument ?? '')));
    const text = documents.join('\n');
    for (const secret of fn.secrets) expect(text).toContain(`secret:${env.secrets.find((s) => s.path === secret)!.name}`);
    for (const parameter of fn.parameters) {
      const p = env.parameters.find((x) => x.path === parameter)!;
      const subtree = fn.parameterSubtrees.find((t) => parameter.startsWith(`${t}/`));
      expect(text).toContain(`parameter${subtree ? `${env.parameterPrefix}/${subtree}` : p.name}`);
    }
  });

  forEach(env.syncs, (s) => s.roleName, 'external sync role %s exists', async ({ roleName }) => {
    const role = await (await client(IAMClient, env.primaryRegion)).send(new GetRoleCommand({ RoleName: roleName }));
    expect(role.Role?.AssumeRolePolicyDocument).toBeDefined();
  });
});

async function secretValue(secret: SecretModel): Promise<string> {
  const sm = await client(SecretsManagerClient, env.primaryRegion);
  return (await sm.send(new GetSecretValueCommand({ SecretId: secret.name }))).SecretString ?? '';
}

describe('a second plan right after the apply', () => {
  beforeAll(mustDeploy);

  forEach(stacks, (s) => s, `%s: no changes, except the named moto gaps (${MOTO_GAPS.map((g) => g.id).join(', ')})`, async (stack) => {
    const { changes } = await secondPlan(path.join(outdir, 'stacks', stack), deployEnv);
    const { unexplained } = explainChanges(changes);
    expect(unexplained).toEqual([]);
  }, 300_000);
});

describe('state scan: generated values stay out of Terraform state and cdktf.out', () => {
  beforeAll(mustDeploy);

  forEach(generated, (s) => s.name, 'the value of %s appears in no state file and nowhere in cdktf.out', async (secret) => {
    const value = await secretValue(secret);
    expect(value.length).toBeGreaterThanOrEqual(8);
    const files = [...stateFiles(work), ...filesUnder(outdir)];
    expect(stateFiles(work).length).toBeGreaterThan(0);
    const leaks = files.filter((f) => fs.readFileSync(f).includes(value));
    expect(leaks.map((f) => path.relative(work, f))).toEqual([]);
  });
});

describe('cdktf destroy of the unprotected environment', () => {
  let destroyed: CommandResult;
  beforeAll(async () => {
    mustDeploy();
    destroyed = await cdktf('destroy', stacks, outdir, deployEnv);
  }, 600_000);

  test('succeeds and leaves nothing in state', () => {
    if (destroyed.code !== 0) throw new Error(`cdktf destroy failed: ${tail(destroyed)}`);
    for (const stack of stacks) expect(stateResources(path.join(work, `terraform.${stack}.tfstate`))).toEqual([]);
  });

  forEach(env.secrets, (s) => s.name, `secret %s is gone or scheduled for deletion (recovery window ${env.secretRecoveryWindowDays} days)`, async ({ name }) => {
    const sm = await client(SecretsManagerClient, env.primaryRegion);
    const described = await sm.send(new DescribeSecretCommand({ SecretId: name })).catch((e: unknown) => {
      if (e instanceof ResourceNotFoundException) return undefined;
      throw e;
    });
    if (described) expect(described.DeletedDate).toBeDefined();
  });

  test('the environment key is pending deletion and its alias is gone', async () => {
    const kms = await client(KMSClient, env.primaryRegion);
    await expect(kms.send(new DescribeKeyCommand({ KeyId: env.keyAlias }))).rejects.toThrow();
  });

  forEach(parameterCases, ({ parameter, region }) => `${parameter.name} in ${region}`, 'parameter %s is gone', async ({ parameter, region }) => {
    const name = parameter.name;
    const ssm = await client(SSMClient, region);
    await expect(ssm.send(new GetParameterCommand({ Name: name }))).rejects.toBeInstanceOf(ParameterNotFound);
  });

  forEach(env.functions, (f) => f.roleName, 'role %s is gone', async ({ roleName }) => {
    const iam = await client(IAMClient, env.primaryRegion);
    await expect(iam.send(new GetRoleCommand({ RoleName: roleName }))).rejects.toBeInstanceOf(NoSuchEntityException);
  });
});
