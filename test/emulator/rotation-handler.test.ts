/**
 * The built-in rotation function's handler against a real Secrets Manager API (moto on
 * 127.0.0.1), step by step, the way Secrets Manager drives it: a full cycle, every step
 * retried, a failing testSecret, overlapping rotations, and logs that never hold a value. Each
 * secret is tagged with its generator options exactly as the kit tags it.
 *
 * Secrets Manager starts a rotation by staging an empty `AWSPENDING` version under the token,
 * then invokes the function once per step. moto does the staging inside RotateSecret, before
 * it looks the function up; naming a function moto does not have stops RotateSecret right
 * there (ResourceNotFoundException), leaving exactly the state the function sees on AWS. The
 * test then plays the Lambda service and calls the handler with each step.
 */
import { INITIAL_VERSION_STAGE } from '../../lib/aws/generated-secret-version';
import { randomUUID } from 'crypto';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { type PasswordOptions, ROTATION_OPTIONS_TAG, encodeGenerateOptions } from '../../lib/aws/rotation/config';
import { createRotationHandler } from '../../lib/aws/rotation/handler';
import { DEFAULT_HOOKS, type RotationHooks, checkAgainstOptions } from '../../lib/aws/rotation/hooks';
import { ROTATION_STEPS, type RotationStep, rotate } from '../../lib/aws/rotation/steps';
import { type MotoServer, motoAvailable, startMoto } from '../support/moto';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
/** A function ARN moto does not hold: RotateSecret stages the pending version, then stops. */
const ABSENT_FUNCTION = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:not-deployed-in-this-test`;

const PASSWORD: PasswordOptions = { ExcludeCharacters: '"\'@/\\' };
const SIGNING_KEY: PasswordOptions = { PasswordLength: 64, ExcludePunctuation: true };

let moto: MotoServer;
let client: SecretsManagerClient;
/** Every line the code under test wrote through console, and every error message it threw. */
const output: string[] = [];
/** Values the tests wrote or read; the last test adds every version moto holds. */
const values = new Set<string>();
const created: TestSecret[] = [];

beforeAll(async () => {
  if (!motoAvailable()) throw new Error('NOT RUN: moto is not installed; run scripts/setup-python.sh');
  moto = await startMoto({ accounts: [ACCOUNT] });
  client = new SecretsManagerClient(await moto.clientConfig(ACCOUNT, REGION));
}, 60_000);

beforeEach(() => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void output.push(args.map(String).join(' ')));
  }
});

afterEach(() => jest.restoreAllMocks());

afterAll(async () => {
  client?.destroy();
  await moto?.stop();
});

interface TestSecret {
  readonly arn: string;
  readonly name: string;
  readonly initial: string;
}

/** A secret as the kit creates it: tagged with its options, or (`options: undefined`) untagged. */
async function createSecret(path: string, options: PasswordOptions | undefined): Promise<TestSecret> {
  const name = `acme-payments/dev/${path}-${randomUUID().slice(0, 8)}`;
  const initial = `initial-${randomUUID()}`;
  values.add(initial);
  const Tags = options ? [{ Key: ROTATION_OPTIONS_TAG, Value: encodeGenerateOptions(options) }] : undefined;
  const out = await client.send(new CreateSecretCommand({ Name: name, SecretString: initial, Tags }));
  const secret = { arn: out.ARN!, name, initial };
  created.push(secret);
  return secret;
}

/**
 * What Secrets Manager does before the first step: an empty version, `AWSPENDING`, under
 * `token`; or, for `rotateImmediately: false`, a pending copy of the current value, on which it
 * runs testSecret alone.
 */
async function startRotation(secret: TestSecret, token = randomUUID(), rotateImmediately = true): Promise<string> {
  await expect(
    client.send(
      new RotateSecretCommand({
        SecretId: secret.arn,
        ClientRequestToken: token,
        RotationLambdaARN: ABSENT_FUNCTION,
        RotationRules: { AutomaticallyAfterDays: 30 },
        RotateImmediately: rotateImmediately,
      }),
    ),
  ).rejects.toThrow(/Resource not found/);
  const stages = (await describeSecret(secret)).VersionIdsToStages?.[token];
  if (!stages?.includes('AWSPENDING')) {
    throw new Error(`moto no longer stages the pending version before looking up the function (stages of ${token}: ${stages}); revisit startRotation`);
  }
  return token;
}

const describeSecret = (secret: TestSecret) => client.send(new DescribeSecretCommand({ SecretId: secret.arn }));

async function step(secret: TestSecret, token: string, Step: RotationStep, hooks?: RotationHooks): Promise<void> {
  try {
    await rotate({ SecretId: secret.arn, ClientRequestToken: token, Step }, { client, hooks });
  } catch (error) {
    output.push(String((error as Error).message), String((error as Error).stack));
    throw error;
  }
}

async function valueAt(secret: TestSecret, input: { VersionStage?: string; VersionId?: string }): Promise<string> {
  const value = (await client.send(new GetSecretValueCommand({ SecretId: secret.arn, ...input }))).SecretString!;
  values.add(value);
  return value;
}

async function stagesOf(secret: TestSecret): Promise<Record<string, string[]>> {
  return (await describeSecret(secret)).VersionIdsToStages ?? {};
}

describe('the built-in rotation handler against moto Secrets Manager', () => {
  test('a full cycle: a new value becomes AWSCURRENT, the old one AWSPREVIOUS, AWSPENDING is gone', async () => {
    const secret = await createSecret('db/password', PASSWORD);
    const token = await startRotation(secret);

    for (const s of ROTATION_STEPS) await step(secret, token, s);

    const current = await valueAt(secret, { VersionStage: 'AWSCURRENT' });
    expect(current).not.toBe(secret.initial);
    expect(checkAgainstOptions(current, PASSWORD)).toBeUndefined();
    expect(await valueAt(secret, { VersionStage: 'AWSPREVIOUS' })).toBe(secret.initial);
    const stages = await stagesOf(secret);
    expect(stages[token]).toEqual(['AWSCURRENT']);
    expect(Object.values(stages).flat().filter((s) => s === 'AWSPENDING')).toEqual([]);
  });

  // moto 5.2 answers a GetSecretValue without VersionStage from its own "default version",
  // which UpdateSecretVersionStage never moves; AWS answers AWSCURRENT. Written as the AWS
  // behaviour and marked failing: the day moto follows AWS, this turns red and can be unmarked.
  test.failing('moto gap: after finishSecret a read without VersionStage still returns the old value', async () => {
    const secret = await createSecret('db/password', PASSWORD);
    const token = await startRotation(secret);
    for (const s of ROTATION_STEPS) await step(secret, token, s);
    expect(await valueAt(secret, {})).toBe(await valueAt(secret, { VersionStage: 'AWSCURRENT' }));
  });

  test('a full cycle leaves the first version\'s own label (KIT-INITIAL) in place, so that version is never deprecated', async () => {
    const secret = await createSecret('db/password', PASSWORD);
    const first = Object.entries(await stagesOf(secret)).find(([, s]) => s.includes('AWSCURRENT'))![0];
    await client.send(new UpdateSecretVersionStageCommand({ SecretId: secret.arn, VersionStage: INITIAL_VERSION_STAGE, MoveToVersionId: first }));
    for (let i = 0; i < 2; i++) {
      const token = await startRotation(secret);
      for (const s of ROTATION_STEPS) await step(secret, token, s);
    }
    const stages = await stagesOf(secret);
    expect(stages[first]).toEqual([INITIAL_VERSION_STAGE]);
    expect(await valueAt(secret, { VersionStage: 'AWSCURRENT' })).not.toBe(secret.initial);
  });

  test('the generator options of each secret reach GetRandomPassword', async () => {
    const secret = await createSecret('auth/signing-key', SIGNING_KEY);
    const token = await startRotation(secret);
    for (const s of ROTATION_STEPS) await step(secret, token, s);
    const current = await valueAt(secret, { VersionStage: 'AWSCURRENT' });
    expect(current).toHaveLength(64);
    expect(current).toMatch(/^[A-Za-z0-9]+$/);
  });

  test('each step retried: the same pending value, the same end state, no second version', async () => {
    const secret = await createSecret('db/password', PASSWORD);
    const token = await startRotation(secret);

    await step(secret, token, 'createSecret');
    const pending = await valueAt(secret, { VersionId: token, VersionStage: 'AWSPENDING' });
    await step(secret, token, 'createSecret');
    expect(await valueAt(secret, { VersionId: token, VersionStage: 'AWSPENDING' })).toBe(pending);
    for (const s of ['setSecret', 'setSecret', 'testSecret', 'testSecret', 'finishSecret', 'finishSecret'] as const) await step(secret, token, s);

    expect(await valueAt(secret, { VersionStage: 'AWSCURRENT' })).toBe(pending);
    expect(await valueAt(secret, { VersionStage: 'AWSPREVIOUS' })).toBe(secret.initial);
    expect(Object.keys(await stagesOf(secret))).toHaveLength(2);
  });

  test('a finishSecret retried after AWSCURRENT moved (AWSPENDING still on it) completes the step', async () => {
    const secret = await createSecret('db/password', PASSWORD);
    const token = await startRotation(secret);
    for (const s of ['createSecret', 'setSecret', 'testSecret'] as const) await step(secret, token, s);
    const old = Object.entries(await stagesOf(secret)).find(([, s]) => s.includes('AWSCURRENT'))![0];
    // The first half of an interrupted finishSecret.
    await client.send(new UpdateSecretVersionStageCommand({ SecretId: secret.arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: old }));

    await step(secret, token, 'finishSecret');

    expect((await stagesOf(secret))[token]).toEqual(['AWSCURRENT']);
  });

  test('concurrent createSecret invocations of one token leave one pending value', async () => {
    const secret = await createSecret('db/password', PASSWORD);
    const token = await startRotation(secret);
    await Promise.all([step(secret, token, 'createSecret'), step(secret, token, 'createSecret')]);
    const pending = await valueAt(secret, { VersionId: token, VersionStage: 'AWSPENDING' });
    for (const s of ['setSecret', 'testSecret', 'finishSecret'] as const) await step(secret, token, s);
    expect(await valueAt(secret, { VersionStage: 'AWSCURRENT' })).toBe(pending);
  });

  test('a failing testSecret leaves AWSCURRENT on the old value, readable; a retry then completes', async () => {
    const secret = await createSecret('db/password', PASSWORD);
    const token = await startRotation(secret);
    const failing: RotationHooks = {
      ...DEFAULT_HOOKS,
      testSecret: async () => {
        throw new Error('the downstream system refused the new value');
      },
    };
    await step(secret, token, 'createSecret');
    await step(secret, token, 'setSecret');

    await expect(step(secret, token, 'testSecret', failing)).rejects.toThrow('the downstream system refused the new value');

    expect(await valueAt(secret, { VersionStage: 'AWSCURRENT' })).toBe(secret.initial);
    expect(await valueAt(secret, {})).toBe(secret.initial);
    expect((await stagesOf(secret))[token]).toEqual(['AWSPENDING']);

    await step(secret, token, 'testSecret');
    await step(secret, token, 'finishSecret');
    expect(await valueAt(secret, { VersionStage: 'AWSCURRENT' })).not.toBe(secret.initial);
  });

  test('the default testSecret refuses a pending value the generator could not have made', async () => {
    const secret = await createSecret('db/password', PASSWORD);
    const token = await startRotation(secret);
    const wrong = `short-${randomUUID().slice(0, 4)}`;
    values.add(wrong);
    // moto lets a pending version be written over; on AWS the same token cannot change value.
    await client.send(new PutSecretValueCommand({ SecretId: secret.arn, ClientRequestToken: token, SecretString: wrong, VersionStages: ['AWSPENDING'] }));

    await expect(step(secret, token, 'testSecret')).rejects.toThrow(`has ${wrong.length} characters; the generator makes 32`);
    expect(await valueAt(secret, { VersionStage: 'AWSCURRENT' })).toBe(secret.initial);
  });

  test('rotateImmediately false: testSecret on the pending copy of the current value passes, and nothing moves', async () => {
    // The initial value (44 characters) does not match today's options (32): a copy of it still passes.
    const secret = await createSecret('db/password', PASSWORD);
    const token = await startRotation(secret, randomUUID(), false);
    expect(await valueAt(secret, { VersionId: token, VersionStage: 'AWSPENDING' })).toBe(secret.initial);

    await step(secret, token, 'testSecret');

    expect(await valueAt(secret, { VersionStage: 'AWSCURRENT' })).toBe(secret.initial);
    expect(output.join('\n')).toContain('a copy of the current value (a configuration test)');
  });

  test('two overlapping rotations: the replaced one changes nothing, the newer one completes', async () => {
    const secret = await createSecret('db/password', PASSWORD);
    const first = await startRotation(secret);
    await step(secret, first, 'createSecret');
    const firstValue = await valueAt(secret, { VersionId: first, VersionStage: 'AWSPENDING' });
    // AWS refuses RotateSecret while another version is AWSPENDING; moto 5.2 lets it through and
    // moves the label, which is the state a late retry of the first rotation meets on AWS too.
    const second = await startRotation(secret);
    await step(secret, second, 'createSecret');

    for (const s of ['setSecret', 'testSecret', 'finishSecret'] as const) {
      await expect(step(secret, first, s)).rejects.toThrow(/is not AWSPENDING.*a newer rotation may have replaced it/);
    }
    expect(await valueAt(secret, { VersionStage: 'AWSCURRENT' })).toBe(secret.initial);

    for (const s of ['setSecret', 'testSecret', 'finishSecret'] as const) await step(secret, second, s);
    const current = await valueAt(secret, { VersionStage: 'AWSCURRENT' });
    expect(current).not.toBe(firstValue);
    expect(current).toBe(await valueAt(secret, { VersionId: second }));
    expect(await valueAt(secret, { VersionStage: 'AWSPREVIOUS' })).toBe(secret.initial);
    expect((await stagesOf(secret))[first]).toEqual([]);
  });

  test.each([
    ['a length below the floor', { PasswordLength: 1 }, /PasswordLength 1 is outside the bounds the kit allows \(16 to 4096\); refusing to rotate/],
    ['a length above the maximum', { PasswordLength: 5000 }, /PasswordLength 5000 is outside the bounds the kit allows \(16 to 4096\); refusing to rotate/],
    ['every character class excluded', { ExcludeNumbers: true, ExcludePunctuation: true, ExcludeUppercase: true, ExcludeLowercase: true }, /every character class is excluded; refusing to rotate/],
  ] as const)('a tag changed to %s is refused loudly at every step, before anything changes', async (_what, options, message) => {
    const secret = await createSecret('db/password', options as PasswordOptions);
    const token = await startRotation(secret);
    const before = await stagesOf(secret);
    for (const s of ROTATION_STEPS) {
      await expect(step(secret, token, s)).rejects.toThrow(message);
    }
    expect(await stagesOf(secret)).toEqual(before);
    expect(await valueAt(secret, { VersionStage: 'AWSCURRENT' })).toBe(secret.initial);
  });

  test('a secret without the options tag is refused before anything changes', async () => {
    const secret = await createSecret('db/password', undefined);
    const token = await startRotation(secret);
    const before = await stagesOf(secret);
    for (const s of ROTATION_STEPS) {
      await expect(step(secret, token, s)).rejects.toThrow(`secret ${secret.name} has no ${ROTATION_OPTIONS_TAG} tag: this function rotates only the secrets the kit configured for it`);
    }
    expect(await stagesOf(secret)).toEqual(before);
    expect(before[token]).toEqual(['AWSPENDING']);
    await expect(client.send(new GetSecretValueCommand({ SecretId: secret.arn, VersionId: token }))).rejects.toThrow();
  });

  test('a tag that is not the kit\'s encoding is refused before anything changes, named', async () => {
    const secret = await createSecret('db/password', PASSWORD);
    await client.send(new TagResourceCommand({ SecretId: secret.arn, Tags: [{ Key: ROTATION_OPTIONS_TAG, Value: encodeGenerateOptions({ PasswordLength: '64' } as never) }] }));
    const token = await startRotation(secret);
    await expect(step(secret, token, 'createSecret')).rejects.toThrow(`tag ${ROTATION_OPTIONS_TAG}: PasswordLength must be a number`);
    expect((await stagesOf(secret))[token]).toEqual(['AWSPENDING']);
  });

  test('the Lambda entry reads each secret\'s options from its tag and runs the same protocol', async () => {
    const secret = await createSecret('auth/signing-key', SIGNING_KEY);
    const token = await startRotation(secret);
    const handler = createRotationHandler(DEFAULT_HOOKS, { client });
    for (const s of ROTATION_STEPS) await handler({ SecretId: secret.arn, ClientRequestToken: token, Step: s });
    expect((await stagesOf(secret))[token]).toEqual(['AWSCURRENT']);
    expect(await valueAt(secret, { VersionStage: 'AWSCURRENT' })).toMatch(/^[A-Za-z0-9]{64}$/);
  });

  test('a hook that puts the value into its error has it scrubbed from the log and the thrown error', async () => {
    const secret = await createSecret('db/password', PASSWORD);
    const token = await startRotation(secret);
    await step(secret, token, 'createSecret');
    const pending = await valueAt(secret, { VersionId: token, VersionStage: 'AWSPENDING' });
    const careless: RotationHooks = {
      ...DEFAULT_HOOKS,
      setSecret: async (ctx) => {
        ctx.log(`about to set ${await ctx.pendingValue()}`);
        throw new Error(`could not set ${await ctx.pendingValue()} (current ${await ctx.currentValue()})`);
      },
    };
    const error = await step(secret, token, 'setSecret', careless).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('could not set [REDACTED] (current [REDACTED])');
    expect(output.join('\n')).toContain('about to set [REDACTED]');
    expect(output.join('\n')).not.toContain(pending);
  });

  // Runs last: every value of every secret of the suite, against everything written to console.
  test('no log line and no error message of the whole suite holds a secret value', async () => {
    for (const secret of created) {
      const listed = await client.send(new ListSecretVersionIdsCommand({ SecretId: secret.arn, IncludeDeprecated: true }));
      for (const version of listed.Versions ?? []) {
        // A version Secrets Manager staged for a rotation that never stored a value has none.
        const stored = await client.send(new GetSecretValueCommand({ SecretId: secret.arn, VersionId: version.VersionId })).catch(() => undefined);
        if (stored?.SecretString) values.add(stored.SecretString);
      }
    }
    expect(values.size).toBeGreaterThan(created.length);
    expect(output.length).toBeGreaterThan(20);
    const text = output.join('\n');
    const leaked = [...values].filter((v) => text.includes(v) || text.includes(JSON.stringify(v).slice(1, -1)));
    expect(leaked).toEqual([]);
  });
});
