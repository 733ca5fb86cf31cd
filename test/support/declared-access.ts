/**
 * The oracle of the least-privilege tests: from the model alone (never from the constructs),
 * every (action, resource, condition) a role should be allowed, in the analysis' canonical form.
 * The action lists are written out here on purpose, so a change to the kit's grants must be a
 * change to this file too, made by someone who read it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { buildStacks } from '../../lib/app';
import { CLOUDS } from '../../lib/backends';
import { loadPlatformObject } from '../../lib/core/loader';
import { EnvironmentModel, ExternalSyncModel, FunctionModel, PlatformModel, SecretModel, awsModel } from '../../lib/aws/model';
import * as names from '../../lib/aws/names';
import { Grant, SynthesizedStack, grantKey, keyByAlias } from './iam-analysis';

export const ROOT = path.resolve(__dirname, '..', '..');
export const exampleSpec = (): unknown => parse(fs.readFileSync(path.join(ROOT, 'platform.yaml'), 'utf8'));

const SECRET_READ = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
const SECRET_WRITE = ['secretsmanager:PutSecretValue'];
const PARAMETER_READ = ['ssm:GetParameter', 'ssm:GetParameters'];
const PARAMETER_READ_PATH = ['ssm:GetParametersByPath'];
const PARAMETER_WRITE = ['ssm:PutParameter'];
const KMS_DECRYPT = ['kms:Decrypt'];
const KMS_ENCRYPT = ['kms:Encrypt', 'kms:GenerateDataKey'];
const LOGS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'];
const DOPPLER_EXTRA = ['secretsmanager:DescribeSecret'];

export interface SynthesizedEnvironment {
  readonly env: EnvironmentModel;
  readonly stack: SynthesizedStack;
}

/** Loads a spec object and synthesizes every environment stack. */
export function synthEnvironments(raw: unknown): { model: PlatformModel; environments: SynthesizedEnvironment[] } {
  const model = awsModel(loadPlatformObject(raw, 'spec', CLOUDS).model);
  const app = Testing.app();
  const stacks = buildStacks(app, model);
  const environments = stacks.environments.map((stack, i) => ({
    env: model.environments[i],
    stack: JSON.parse(Testing.synth(stack)) as SynthesizedStack,
  }));
  return { model, environments };
}

const secretArn = (env: EnvironmentModel, region: string, s: SecretModel) =>
  `arn:aws:secretsmanager:${region}:${env.account}:secret:${s.name}-??????`;
const parameterArn = (env: EnvironmentModel, region: string, name: string) => `arn:aws:ssm:${region}:${env.account}:parameter${name}`;
const key = (env: EnvironmentModel, region: string) => keyByAlias(region, env.account, env.keyAlias);

function grants(actions: readonly string[], resource: string, condition = ''): Grant[] {
  return actions.map((action) => ({ action, resource, condition }));
}

/** The canonical condition of a key grant, keys in the analysis' sorted order. */
function through(service: 'secretsmanager' | 'ssm', region: string, resourceArn: string): string {
  const context = service === 'secretsmanager' ? 'kms:EncryptionContext:SecretARN' : 'kms:EncryptionContext:PARAMETER_ARN';
  return `StringEquals:${context}=${resourceArn}&StringEquals:kms:ViaService=${service}.${region}.amazonaws.com`;
}

function secretOf(env: EnvironmentModel, p: string): SecretModel {
  return env.secrets.find((s) => s.path === p)!;
}

function readSecret(env: EnvironmentModel, s: SecretModel, region: string): Grant[] {
  const arn = secretArn(env, region, s);
  return [...grants(SECRET_READ, arn), ...grants(KMS_DECRYPT, key(env, region), through('secretsmanager', region, arn))];
}

function readParameter(project: string, env: EnvironmentModel, p: string, region: string): Grant[] {
  const parameter = env.parameters.find((x) => x.path === p)!;
  const arn = parameterArn(env, region, names.parameterName(project, env.name, p));
  return [...grants(PARAMETER_READ, arn), ...(parameter.secure ? grants(KMS_DECRYPT, key(env, region), through('ssm', region, arn)) : [])];
}

/** What a function's role must be allowed: exactly its declarations, in each region it runs. */
export function declaredFunctionAccess(project: string, env: EnvironmentModel, fn: FunctionModel): string[] {
  const out: Grant[] = [];
  for (const region of fn.regions) {
    out.push(...grants(LOGS, `arn:aws:logs:${region}:${env.account}:log-group:${fn.logGroupName}:*`));
    for (const p of fn.secrets) {
      const s = secretOf(env, p);
      // A secret without a replica in the function's region is read from the primary.
      const from = region === env.primaryRegion || s.replicaRegions.includes(region) ? region : env.primaryRegion;
      out.push(...readSecret(env, s, from));
    }
    for (const p of fn.parameters) out.push(...readParameter(project, env, p, region));
    for (const subtree of fn.parameterSubtrees) {
      out.push(...grants(PARAMETER_READ_PATH, parameterArn(env, region, names.parameterName(project, env.name, subtree))));
    }
  }
  return uniqueKeys(out);
}

/** What a sync's role must be allowed: writes into what it declares, reads only when declared. */
export function declaredSyncAccess(project: string, env: EnvironmentModel, sync: ExternalSyncModel): string[] {
  const out: Grant[] = [];
  const primary = env.primaryRegion;
  for (const p of sync.secrets) {
    const s = secretOf(env, p);
    const arn = secretArn(env, primary, s);
    out.push(...grants(SECRET_WRITE, arn), ...grants(KMS_ENCRYPT, key(env, primary), through('secretsmanager', primary, arn)));
    if (sync.preset === 'doppler') out.push(...grants(DOPPLER_EXTRA, arn));
    if (sync.read) out.push(...readSecret(env, s, primary));
  }
  for (const p of sync.parameters) {
    const parameter = env.parameters.find((x) => x.path === p)!;
    for (const region of parameter.regions) {
      const arn = parameterArn(env, region, parameter.name);
      out.push(...grants(PARAMETER_WRITE, arn), ...grants(KMS_ENCRYPT, key(env, region), through('ssm', region, arn)));
      if (sync.read) out.push(...readParameter(project, env, p, region));
    }
  }
  return uniqueKeys(out);
}

function uniqueKeys(list: Grant[]): string[] {
  return [...new Set(list.map(grantKey))].sort();
}
