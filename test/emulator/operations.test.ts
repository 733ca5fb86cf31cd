/**
 * Rung 6: the deploy path (`npm run plan|apply|deploy`) and `npm run doctor` against moto, with a
 * small spec of its own (one environment, two secrets, a secure parameter, one function, state
 * in S3 with S3-native locking) so every apply takes seconds:
 * a saved plan is applied exactly, a stale one is refused, blocking findings stop an apply
 * until accepted by name, a killed or interrupted apply ends non-zero and says what to do, the
 * lock a killed apply leaves is cleared with the documented force-unlock, orphans are listed
 * with commands that work as printed, a wrong account names both accounts, and dev is destroyed
 * and deployed again at once by two deploys, of which exactly one gets the lock.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateSecretCommand, DeleteSecretCommand, DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { PlatformSpecInput } from '../../lib/aws/spec';
import { ROOT, buildKit, emulatorPrerequisite, toolEnv, workFolder } from '../support/emulator';
import { run } from '../../scripts/lib/proc';
import { MotoServer, startMoto } from '../support/moto';

const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';
const REGION = 'eu-west-1';
const STACK = 'ops-dev';
/** State in S3 with S3-native locking, as teams run it: the lock tests need it, the rest does not mind. */
const BUCKET = 'ops-state';
const STATE_KEY = 'ops/dev.tfstate';
const KIT_TAGS = [
  { Key: 'Project', Value: 'ops' },
  { Key: 'Environment', Value: 'dev' },
  { Key: 'ManagedBy', Value: 'secrets-platform-kit' },
];

/** Rotation would add a function and its schedule to every apply; this suite is about the deploy path. */
const NO_ROTATION = [{ rule: 'KIT-SECRET-ROTATION', reason: 'deploy-path tests keep the stack small' }];

function spec(extra: Partial<PlatformSpecInput> = {}, project = 'ops'): PlatformSpecInput {
  return {
    project,
    regions: { primary: REGION, replicas: [] },
    environments: { dev: { account: ACCOUNT, secretRecoveryWindowDays: 0 } },
    secrets: { 'db/password': { description: 'Database password', suppress: NO_ROTATION }, 'api/key': { type: 'external' } },
    parameters: { 'app/token': { secure: true } },
    functions: { api: { secrets: ['db/password'], parameters: ['app/token'] } },
    audit: { enabled: false },
    backend: { type: 's3', bucket: BUCKET, region: REGION },
    ...extra,
  };
}

interface CliResult {
  readonly code: number | null;
  readonly output: string;
}

let moto: MotoServer;
let work: string;
let specFile: string;
let outdir: string;

function writeSpec(s: PlatformSpecInput, file = specFile): void {
  fs.writeFileSync(file, stringify(s));
}

/** `node dist/scripts/<script>.js args` as `npm run` runs it, in local mode against moto. */
function cli(script: 'deploy' | 'doctor', args: string[], options: { account?: string; spec?: string; out?: string; onLine?: (line: string, child: ChildProcess) => void } = {}): Promise<CliResult> {
  const env = {
    ...moto.env(options.account ?? ACCOUNT, REGION),
    PLATFORM_SPEC: options.spec ?? specFile,
    CDKTF_OUTDIR: options.out ?? outdir,
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'scripts', `${script}.js`), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let partial = '';
    const onData = (d: Buffer) => {
      output += d;
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onLine?.(line, child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const show = (r: CliResult) => `exit ${r.code}\n${r.output.slice(-5000)}`;
const stackDir = () => path.join(outdir, 'stacks', STACK);
const PLAN_FILES = ['plan.tfplan', 'plan-review.json'];
const savedPlan = () => path.join(work, 'saved-plan');
async function s3(): Promise<S3Client> {
  return new S3Client({ ...(await moto.clientConfig(ACCOUNT, REGION)), forcePathStyle: true });
}

/** The stack's state as Terraform wrote it to S3, and the objects beside it (the lock). */
async function remoteState(): Promise<{ serial: number; resources: unknown[]; objects: string[] }> {
  const client = await s3();
  try {
    const objects = ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key!).sort();
    const state = JSON.parse(await (await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: STATE_KEY }))).Body!.transformToString());
    return { serial: state.serial, resources: state.resources, objects };
  } finally {
    client.destroy();
  }
}

/** Child processes of `pid` (from /proc), e.g. the terraform a deploy started. */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function secretExists(name: string): Promise<boolean> {
  const sm = new SecretsManagerClient(await moto.clientConfig(ACCOUNT, REGION));
  try {
    const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    return d.DeletedDate === undefined;
  } catch {
    return false;
  } finally {
    sm.destroy();
  }
}

beforeAll(async () => {
  const missing = emulatorPrerequisite();
  if (missing) throw new Error(`NOT RUN: ${missing}`);
  await buildKit();
  moto = await startMoto({ accounts: [ACCOUNT, OTHER_ACCOUNT] });
  work = workFolder('operations');
  specFile = path.join(work, 'platform.yaml');
  outdir = path.join(work, 'cdktf.out');
  const client = await s3();
  await client.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }));
  client.destroy();
  writeSpec(spec());
}, 120_000);

afterAll(async () => {
  await moto?.stop();
  if (work && !process.env.KEEP_EMULATOR_WORK) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm run deploy: plan saved, then exactly that plan applied', () => {
  test('a first deploy creates the stack and reports no blocking finding', async () => {
    const r = await cli('deploy', ['deploy', STACK]);
    if (r.code !== 0) throw new Error(show(r));
    expect(r.output).toMatch(/No blocking findings\./);
    expect(r.output).toMatch(new RegExp(`Applied the saved plan of ${STACK}\\.`));
    expect(await secretExists('ops/dev/db/password')).toBe(true);
    expect(fs.existsSync(path.join(stackDir(), 'plan.tfplan'))).toBe(false); // used up
  });

  test('apply without a saved plan is refused', async () => {
    const r = await cli('deploy', ['apply', STACK]);
    expect(r.code).toBe(1);
    expect(r.output).toMatch(new RegExp(`no saved plan for ${STACK}.*npm run plan -- ${STACK}`));
  });

  test('blocking findings: a generated secret deleted outside Terraform gets a NEW value, and apply waits for --accept', async () => {
    writeSpec(spec({ parameters: { 'app/token': { secure: true }, 'app/level': { value: 'debug' } } }));
    const sm = new SecretsManagerClient(await moto.clientConfig(ACCOUNT, REGION));
    await sm.send(new DeleteSecretCommand({ SecretId: 'ops/dev/db/password', ForceDeleteWithoutRecovery: true }));
    sm.destroy();
    const refused = await cli('deploy', ['deploy', STACK]);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/secret db\/password was deleted outside Terraform and will be created again with a new ARN; db\/password will get a NEW value/);
    expect(refused.output).toMatch(/nothing was applied[\s\S]*--accept db\/password/);
    expect(await secretExists('ops/dev/db/password')).toBe(false);

    // The function's grant follows the secret to its new ARN: a policy change, accepted by the role's name.
    expect(refused.output).toMatch(/role ops-dev-api \(function api\): its policy/);
    // Kept aside: applied once below, this very plan is stale afterwards.
    fs.mkdirSync(savedPlan(), { recursive: true });
    for (const f of PLAN_FILES) fs.copyFileSync(path.join(stackDir(), f), path.join(savedPlan(), f));
    const partly = await cli('deploy', ['apply', STACK, '--accept', 'db/password']);
    expect(partly.code).toBe(1);
    expect(partly.output).toMatch(/1 blocking finding not accepted; nothing was applied:\n  - role ops-dev-api/);
    const accepted = await cli('deploy', ['apply', STACK, '--accept', 'db/password', '--accept', 'ops-dev-api']);
    if (accepted.code !== 0) throw new Error(show(accepted));
    expect(await secretExists('ops/dev/db/password')).toBe(true);
  });

  test('the same plan applied again is stale (the state moved on): Terraform refuses it, nothing is re-planned', async () => {
    const { serial } = await remoteState();
    for (const f of PLAN_FILES) fs.copyFileSync(path.join(savedPlan(), f), path.join(stackDir(), f));
    const stale = await cli('deploy', ['apply', STACK, '--accept', 'db/password', '--accept', 'ops-dev-api']);
    expect(stale.code).toBe(1);
    expect(stale.output).toMatch(/Saved plan is stale/);
    expect(stale.output).toMatch(new RegExp(`the saved plan of ${STACK} is stale: the state changed.*nothing was applied`));
    expect((await remoteState()).serial).toBe(serial);
  });

  test('a plan whose stack was synthesized again with other content is refused before Terraform runs', async () => {
    const config = path.join(stackDir(), 'cdk.tf.json');
    const text = fs.readFileSync(config, 'utf8');
    fs.writeFileSync(config, text.replace('"debug"', '"info"'));
    const r = await cli('deploy', ['apply', STACK]);
    fs.writeFileSync(config, text);
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/stale: the stack was synthesized with different content after it was planned/);
    expect(r.output).not.toMatch(/terraform apply/);
  });
});

describe('interrupted deploys end non-zero and say what to do', () => {
  test('terraform killed during apply', async () => {
    writeSpec(spec({ secrets: { 'db/password': { suppress: NO_ROTATION }, 'api/key': { type: 'external' }, 'extra/one': { type: 'external' } } }));
    let killed = false;
    const r = await cli('deploy', ['deploy', STACK], {
      onLine: (line, child) => {
        if (killed || !/Creating\.\.\.|Modifying\.\.\.|Destroying\.\.\./.test(line)) return;
        for (const pid of childrenOf(child.pid!)) process.kill(pid, 'SIGKILL');
        killed = true;
      },
    });
    expect(killed).toBe(true);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(new RegExp(`terraform apply of ${STACK} was killed \\(SIGKILL\\) before it finished`));
    expect(r.output).toMatch(new RegExp(`npm run doctor -- ${STACK}`));
    expect(r.output).toMatch(/docs\/recovery\.md/);

    // The killed apply could not release its S3 lock: the next run says so, and the documented
    // force-unlock (docs/recovery.md, run from the project root) clears it.
    expect((await remoteState()).objects).toEqual([STATE_KEY, `${STATE_KEY}.tflock`]);
    const locked = await cli('deploy', ['plan', STACK]);
    expect(locked.code).toBe(1);
    expect(locked.output).toMatch(new RegExp(`the state of ${STACK} is locked by another run`));
    const id = /^\s*ID:\s+([0-9a-f-]{36})\s*$/m.exec(locked.output)?.[1];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const unlocked = await run('terraform', [`-chdir=${path.relative(ROOT, stackDir())}`, 'force-unlock', '-force', id!], { cwd: ROOT, env: toolEnv(moto.env(ACCOUNT, REGION)) });
    if (unlocked.code !== 0) throw new Error(unlocked.stdout + unlocked.stderr);
    expect((await remoteState()).objects).toEqual([STATE_KEY]);
  });

  test('the deploy itself interrupted (SIGTERM) while Terraform plans', async () => {
    let sent = false;
    const r = await cli('deploy', ['deploy', STACK], {
      onLine: (line, child) => {
        if (sent || !/Refreshing state/.test(line)) return;
        child.kill('SIGTERM');
        sent = true;
      },
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(143);
    expect(r.output).toMatch(new RegExp(`interrupted \\(SIGTERM\\) during terraform plan of ${STACK}`));
    expect(r.output).toMatch(/Nothing was applied/);
    expect(r.output).toMatch(/docs\/recovery\.md/);
  });
});

describe('npm run doctor', () => {
  test('after a kill: lists resources tagged as the environment\'s that state does not hold, removal for leftovers, import for declared ones, and the import commands work as printed', async () => {
    const kms = new KMSClient(await moto.clientConfig(ACCOUNT, REGION));
    const sm = new SecretsManagerClient(await moto.clientConfig(ACCOUNT, REGION));
    const key = (await kms.send(new CreateKeyCommand({ Description: 'Secrets and secure parameters of ops-dev', Tags: KIT_TAGS.map((t) => ({ TagKey: t.Key, TagValue: t.Value })) }))).KeyMetadata!;
    const orphan = (await sm.send(new CreateSecretCommand({ Name: 'ops/dev/left-behind', Tags: KIT_TAGS }))).ARN!;
    kms.destroy();
    sm.destroy();
    // A declared secret that an interrupted apply created but never recorded.
    const tf = { cwd: stackDir(), env: toolEnv(moto.env(ACCOUNT, REGION)) };
    const listed = await run('terraform', ['state', 'list'], tf);
    const address = listed.stdout.split('\n').find((a) => /^aws_secretsmanager_secret\.\S*api_key/.test(a));
    if (!address) throw new Error(`no api/key secret in state:\n${listed.stdout}${listed.stderr}`);
    expect((await run('terraform', ['state', 'rm', address], tf)).code).toBe(0);

    const r = await cli('doctor', [STACK]);
    expect(r.code).toBe(1);
    // At least these three; the apply killed above may have left its secret behind too.
    expect(r.output).toMatch(new RegExp(`\\d+ resources of ${STACK} exist in the account but not in its state`));
    expect(r.output).toContain(`aws kms schedule-key-deletion --region ${REGION} --key-id ${key.KeyId} --pending-window-in-days 7`);
    expect(r.output).toContain(`aws secretsmanager delete-secret --region ${REGION} --secret-id '${orphan}'`);
    const imports = r.output.split('\n').filter((l) => / import '/.test(l));
    expect(imports.find((l) => l.includes(`import '${address}'`))).toMatch(new RegExp(`terraform -chdir=\\S+ import '\\S+' 'arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:ops/dev/api/key-`));

    // Each printed import command works as written (from the project root).
    for (const line of imports) {
      const [, chdir, addr, id] = /terraform -chdir=(\S+) import '(\S+)' '(\S+)'/.exec(line)!;
      const imported = await run('terraform', [`-chdir=${chdir}`, 'import', '-input=false', '-no-color', addr, id], { cwd: process.cwd(), env: tf.env });
      if (imported.code !== 0) throw new Error(imported.stdout + imported.stderr);
    }
    // That the stack then converges is shown by the destroy and redeploy below, which covers the imported resources.
  });
});

describe('errors a person can act on', () => {
  test('a wrong account names both the credentials\' account and the environment\'s', async () => {
    const r = await cli('deploy', ['plan', STACK], { account: OTHER_ACCOUNT });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(new RegExp(`the credentials belong to account ${OTHER_ACCOUNT}, but ${STACK} deploys into account ${ACCOUNT} \\(environments\\.dev\\.account`));
  });
});

describe('destroy, then two deploys at once', () => {
  test('with secretRecoveryWindowDays 0 the names are free again at once; of two deploys, exactly one gets the S3 lock, the other fails with the lock error; state intact', async () => {
    const tf = { cwd: stackDir(), env: toolEnv(moto.env(ACCOUNT, REGION)) };
    const destroyed = await run('terraform', ['destroy', '-auto-approve', '-input=false', '-no-color'], tf);
    if (destroyed.code !== 0) throw new Error(destroyed.stdout + destroyed.stderr);
    expect(await secretExists('ops/dev/db/password')).toBe(false);

    // This clone and a second one deploy dev again at the same moment.
    const [a, b] = await Promise.all([cli('deploy', ['deploy', STACK]), cli('deploy', ['deploy', STACK], { out: path.join(work, 'clone', 'cdktf.out') })]);
    if ([a.code, b.code].sort().join() !== '0,1') throw new Error(`expected exit codes 0 and 1:\n--- first\n${show(a)}\n--- second\n${show(b)}`);
    const loser = a.code === 0 ? b : a;
    expect(loser.output).toMatch(/Error acquiring the state lock/);
    expect(loser.output).toMatch(new RegExp(`the state of ${STACK} is locked by another run`));
    expect(await secretExists('ops/dev/db/password')).toBe(true); // the recovery window did not hold the name
    const state = await remoteState();
    expect(state.objects).toEqual([STATE_KEY]); // the lock is released
    expect(state.resources.length).toBeGreaterThan(0);
  });
});
