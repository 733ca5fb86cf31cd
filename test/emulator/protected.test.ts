/**
 * Rung 6: a protected environment (the example's prod) deployed into moto, then `cdktf destroy`,
 * which must be refused by Terraform because the kit set `prevent_destroy` on its secrets and
 * keys, leaving everything in place.
 *
 * prod deploys through `assumeRoleArn`: moto's AssumeRole accepts any role ARN and the
 * credentials it returns act in the account of that ARN, so the provider's
 * `allowed_account_ids` check sees prod's account exactly as it would on AWS.
 */
import { awsModel } from '../../lib/aws/model';
import * as fs from 'fs';
import * as path from 'path';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadPlatform } from '../../lib/app';
import type { EnvironmentModel } from '../../lib/aws/model';
import { ROOT, CommandResult, buildKit, cdktf, emulatorPrerequisite, stateResources, tail, toolEnv, workFolder } from '../support/emulator';
import { run } from '../../scripts/lib/proc';
import { MotoServer, startMoto } from '../support/moto';

const platform = awsModel(loadPlatform(process.env.PLATFORM_SPEC ?? path.join(ROOT, 'platform.yaml')).model);
const env: EnvironmentModel | undefined = platform.environments.find((e) => e.protect);
/** The caller's own account: with an assume-role, the deploy acts in the role's account. */
const callerAccount = env?.assumeRoleArn ? '999999999999' : env?.account;

let moto: MotoServer | undefined;
let work: string;
let outdir: string;
let deployEnv: NodeJS.ProcessEnv;
let deployed: CommandResult;
let destroyed: CommandResult;

(env ? describe : describe.skip)(`protected environment ${env?.stackName ?? '(none in the spec)'}`, () => {
  beforeAll(async () => {
    const missing = emulatorPrerequisite();
    if (missing) throw new Error(`NOT RUN: ${missing}`);
    await buildKit();
    moto = await startMoto({ accounts: [callerAccount!] });
    work = workFolder(env!.stackName);
    outdir = path.join(work, 'cdktf.out');
    deployEnv = moto.env(callerAccount!, env!.primaryRegion);
    deployed = await cdktf('deploy', [env!.stackName], outdir, deployEnv);
    if (deployed.code === 0) destroyed = await cdktf('destroy', [env!.stackName], outdir, deployEnv);
  }, 600_000);

  afterAll(async () => {
    await moto?.stop();
    if (work && !process.env.KEEP_EMULATOR_WORK) fs.rmSync(work, { recursive: true, force: true });
  });

  test(`deploys${env?.assumeRoleArn ? ` through ${env.assumeRoleArn}` : ''} into account ${env?.account}`, async () => {
    if (deployed.code !== 0) throw new Error(`cdktf deploy failed: ${tail(deployed)}`);
    const sm = new SecretsManagerClient(await moto!.clientConfig(env!.account, env!.primaryRegion));
    for (const secret of env!.secrets) {
      expect((await sm.send(new DescribeSecretCommand({ SecretId: secret.name }))).ARN).toContain(`:${env!.account}:secret:`);
    }
    sm.destroy();
  });

  test('cdktf destroy is refused, naming prevent_destroy and the protected resource', async () => {
    expect(deployed.code).toBe(0);
    expect(destroyed.code).not.toBe(0);
    let output = `${destroyed.stdout}\n${destroyed.stderr}`;
    if (!/prevent_destroy/.test(output)) {
      // cdktf 0.21 sometimes exits before it has streamed Terraform's last lines (the error
      // itself); Terraform's own destroy plan of the same stack says why, deterministically.
      const plan = await run('terraform', ['plan', '-destroy', '-input=false', '-lock=false', '-no-color'], {
        cwd: path.join(outdir, 'stacks', env!.stackName),
        env: toolEnv(deployEnv),
      });
      expect(plan.code).not.toBe(0);
      output = `${plan.stdout}\n${plan.stderr}`;
    }
    expect(output).toMatch(/prevent_destroy/);
    expect(output).toMatch(/Instance cannot be destroyed/);
    expect(output).toMatch(/aws_(secretsmanager_secret|kms_key|kms_replica_key)\./);
  });

  test('after the refusal every secret and the key are still in place', async () => {
    expect(deployed.code).toBe(0);
    const sm = new SecretsManagerClient(await moto!.clientConfig(env!.account, env!.primaryRegion));
    const kms = new KMSClient(await moto!.clientConfig(env!.account, env!.primaryRegion));
    for (const secret of env!.secrets) expect((await sm.send(new DescribeSecretCommand({ SecretId: secret.name }))).DeletedDate).toBeUndefined();
    expect((await kms.send(new DescribeKeyCommand({ KeyId: env!.keyAlias }))).KeyMetadata?.KeyState).toBe('Enabled');
    expect(stateResources(path.join(work, `terraform.${env!.stackName}.tfstate`)).length).toBeGreaterThan(0);
    sm.destroy();
    kms.destroy();
  });
});
