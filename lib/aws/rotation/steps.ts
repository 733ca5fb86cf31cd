/**
 * Secrets Manager's four-step rotation protocol for one invocation. Secrets Manager starts a
 * rotation by staging an empty version labelled `AWSPENDING` under the rotation's token, then
 * invokes the function once per step with the same token, retrying a step that fails:
 *
 * - `createSecret`: store a new value as the token's `AWSPENDING` version (reused if present);
 * - `setSecret`, `testSecret`: extension points (see hooks.ts);
 * - `finishSecret`: move `AWSCURRENT` to the token's version (the old one becomes `AWSPREVIOUS`)
 *   and take `AWSPENDING` off it.
 *
 * The secret's generator options come from its `RotationGenerateOptions` tag (see config.ts),
 * read with the same DescribeSecret that reports its versions.
 *
 * Every step is idempotent: a retried step finds its own earlier work and completes it. A step
 * for a token that is no longer `AWSPENDING` (a newer rotation replaced it) changes nothing.
 */
import {
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { type PasswordOptions, optionsFromTags } from './config';
import { DEFAULT_HOOKS, type RotationContext, type RotationHooks } from './hooks';
import { type LogSink, RotationLog } from './log';

export const STAGES = { current: 'AWSCURRENT', pending: 'AWSPENDING' } as const;
export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** What Secrets Manager sends. `RotationToken` comes with cross-account or assumed-role rotation. */
export interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: string;
  readonly RotationToken?: string;
}

export interface RotationDeps {
  readonly client: SecretsManagerClient;
  /** @default DEFAULT_HOOKS */
  readonly hooks?: RotationHooks;
  /** @default console.log */
  readonly sink?: LogSink;
}

/** Runs one step. Errors leave with values scrubbed from their messages. */
export async function rotate(event: RotationEvent, deps: RotationDeps): Promise<void> {
  const log = new RotationLog({ step: String(event?.Step), secret: String(event?.SecretId), version: String(event?.ClientRequestToken) }, deps.sink);
  try {
    await runStep(checkEvent(event), deps, log);
  } catch (error) {
    const safe = log.safeError(error);
    log.error(`${safe.name}: ${safe.message}`);
    throw safe;
  }
}

function checkEvent(event: RotationEvent): RotationEvent & { Step: RotationStep } {
  for (const field of ['SecretId', 'ClientRequestToken', 'Step'] as const) {
    if (typeof event?.[field] !== 'string' || event[field] === '') {
      throw new Error(`the rotation event has no ${field}; Secrets Manager sends SecretId, ClientRequestToken and Step`);
    }
  }
  if (!(ROTATION_STEPS as readonly string[]).includes(event.Step)) {
    throw new Error(`unknown rotation step ${JSON.stringify(event.Step)}; expected one of ${ROTATION_STEPS.join(', ')}`);
  }
  return event as RotationEvent & { Step: RotationStep };
}

async function runStep(event: RotationEvent & { Step: RotationStep }, deps: RotationDeps, log: RotationLog): Promise<void> {
  const { client } = deps;
  const token = event.ClientRequestToken;
  const secret = await client.send(new DescribeSecretCommand({ SecretId: event.SecretId }));
  const arn = secret.ARN ?? event.SecretId;
  const name = secret.Name ?? event.SecretId;
  if (!secret.RotationEnabled) throw new Error(`secret ${arn} does not have rotation enabled`);
  // Read before anything changes: a secret without the kit's tag is refused untouched.
  const options = optionsFromTags(name, secret.Tags);

  const stages = secret.VersionIdsToStages?.[token];
  if (!stages) throw new Error(`version ${token} does not exist on secret ${arn}: Secrets Manager stages it before the first step`);
  if (stages.includes(STAGES.current)) {
    if (event.Step === 'finishSecret' && stages.includes(STAGES.pending)) await dropPending(client, arn, token);
    log.info(`${event.Step}: version is already AWSCURRENT; nothing to do`);
    return;
  }
  if (!stages.includes(STAGES.pending)) {
    throw new Error(`version ${token} of ${arn} is not AWSPENDING (stages: ${stages.join(', ') || 'none'}); a newer rotation may have replaced it`);
  }

  const ctx = context(client, arn, name, token, options, log);
  switch (event.Step) {
    case 'createSecret':
      return createSecret(client, secret, ctx, log, event.RotationToken);
    case 'setSecret':
      return (deps.hooks ?? DEFAULT_HOOKS).setSecret(ctx);
    case 'testSecret':
      return (deps.hooks ?? DEFAULT_HOOKS).testSecret(ctx);
    case 'finishSecret':
      return finishSecret(client, secret, token, log);
  }
}

function context(
  client: SecretsManagerClient,
  arn: string,
  name: string,
  token: string,
  options: PasswordOptions,
  log: RotationLog,
): RotationContext {
  const read = async (input: { VersionId?: string; VersionStage: string }) => {
    const value = await readValue(client, arn, input);
    if (value === undefined) throw new Error(`secret ${arn} has no ${input.VersionStage} value${input.VersionId ? ` for version ${input.VersionId}` : ''}`);
    log.redact(value);
    return value;
  };
  return {
    secretArn: arn,
    secretName: name,
    token,
    options,
    pendingValue: () => read({ VersionId: token, VersionStage: STAGES.pending }),
    currentValue: () => read({ VersionStage: STAGES.current }),
    log: (message) => log.info(message),
  };
}

/** The string value of a version, or undefined when the version holds none (yet). */
async function readValue(client: SecretsManagerClient, arn: string, input: { VersionId?: string; VersionStage: string }): Promise<string | undefined> {
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: arn, ...input }));
    return out.SecretString;
  } catch (error) {
    if (isError(error, 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}

async function createSecret(
  client: SecretsManagerClient,
  secret: DescribeSecretCommandOutput,
  ctx: RotationContext,
  log: RotationLog,
  rotationToken: string | undefined,
): Promise<void> {
  const hasCurrent = Object.values(secret.VersionIdsToStages ?? {}).some((stages) => stages.includes(STAGES.current));
  if (!hasCurrent) throw new Error(`secret ${ctx.secretArn} has no AWSCURRENT version to rotate from`);
  const existing = await readValue(client, ctx.secretArn, { VersionId: ctx.token, VersionStage: STAGES.pending });
  if (existing !== undefined) {
    log.redact(existing);
    log.info('createSecret: the pending version already holds a value (a retry); reusing it');
    return;
  }
  const generated = await client.send(new GetRandomPasswordCommand({ ...ctx.options }));
  const value = generated.RandomPassword;
  if (!value) throw new Error('createSecret: GetRandomPassword returned no password');
  log.redact(value);
  try {
    await client.send(
      new PutSecretValueCommand({
        SecretId: ctx.secretArn,
        ClientRequestToken: ctx.token,
        SecretString: value,
        VersionStages: [STAGES.pending],
        ...(rotationToken ? { RotationToken: rotationToken } : {}),
      }),
    );
  } catch (error) {
    // A concurrent invocation of the same step stored its value first: keep that one.
    if (isError(error, 'ResourceExistsException') && (await readValue(client, ctx.secretArn, { VersionId: ctx.token, VersionStage: STAGES.pending })) !== undefined) {
      log.info('createSecret: another invocation stored the pending value first; reusing it');
      return;
    }
    throw error;
  }
  log.info('createSecret: stored a new value as AWSPENDING');
}

async function finishSecret(client: SecretsManagerClient, secret: DescribeSecretCommandOutput, token: string, log: RotationLog): Promise<void> {
  const arn = secret.ARN!;
  const current = Object.entries(secret.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes(STAGES.current))?.[0];
  // Moving AWSCURRENT first: if the next call fails, a retry finds the token current and only
  // takes AWSPENDING off it (see runStep).
  await client.send(
    new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: STAGES.current, MoveToVersionId: token, RemoveFromVersionId: current }),
  );
  await dropPending(client, arn, token);
  log.info(`finishSecret: AWSCURRENT moved to this version; the previous one is AWSPREVIOUS (${current ?? 'none'})`);
}

/** Takes `AWSPENDING` off the finished version, so the next rotation is not refused as in progress. */
async function dropPending(client: SecretsManagerClient, arn: string, token: string): Promise<void> {
  await client.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: STAGES.pending, RemoveFromVersionId: token }));
}

/** By name, not `instanceof`: a bundle or a test may hold a second copy of the SDK's classes. */
function isError(error: unknown, name: 'ResourceNotFoundException' | 'ResourceExistsException'): boolean {
  return error instanceof Error && error.name === name;
}
