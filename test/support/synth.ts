/**
 * Synthesizes stacks from an inline spec, the way `main.ts` does (every validator of the spec's
 * cloud, the same stack builders), and hands back each environment's Terraform JSON with the
 * construct tree behind it, for tests that assert on the output or call a construct's grants.
 */
import { DefaultTokenResolver, StringConcat, Testing, Tokenization } from 'cdktf';
import type { Construct } from 'constructs';
import { buildStacks } from '../../lib/app';
import { CLOUDS } from '../../lib/backends';
import type { DeployOptions } from '../../lib/core/backend';
import { loadPlatformObject } from '../../lib/core/loader';
import { EnvironmentModel, PlatformModel, awsModel } from '../../lib/aws/model';
import type { PlatformSpecInput } from '../../lib/aws/spec';

export type Json = Record<string, any>;

export interface SynthesizedEnvironment {
  readonly env: EnvironmentModel;
  /** The synthesized `cdk.tf.json`, parsed. */
  readonly json: Json;
  /** The construct the backend added to the stack (e.g. `AwsEnvironment`). */
  readonly root: Construct;
}

export interface SynthesizedSpec {
  readonly model: PlatformModel;
  /** By environment name. */
  readonly environments: ReadonlyMap<string, SynthesizedEnvironment>;
  /** The environment `name`, or a failure that lists the ones there are. */
  environment(name: string): SynthesizedEnvironment;
}

/** Loads `raw` as `test.yaml` would be loaded (throws `SpecError` like the CLI) and synthesizes it. */
export function synthSpec(raw: unknown, options: DeployOptions = {}): SynthesizedSpec {
  const model = awsModel(loadPlatformObject(raw, 'test.yaml', CLOUDS).model);
  const app = Testing.app();
  const stacks = buildStacks(app, model, options);
  const environments = new Map(
    stacks.environments.map((stack, i) => {
      const env = model.environments[i];
      const root = stack.node.children.find((c) => c.node.id !== 'backend' && !c.node.id.startsWith('__')) as Construct;
      return [env.name, { env, json: JSON.parse(Testing.synth(stack)) as Json, root }] as const;
    }),
  );
  return {
    model,
    environments,
    environment(name) {
      const found = environments.get(name);
      if (!found) throw new Error(`no environment ${name}; synthesized: ${[...environments.keys()].join(', ')}`);
      return found;
    },
  };
}

/** The resources of one type, by Terraform name (`{}` when there are none). */
export function resourcesOf(json: Json, type: string): Record<string, Json> {
  return json.resource?.[type] ?? {};
}

/** The one resource of `type` whose attributes match `where`; fails when none or several do. */
export function resourceWhere(json: Json, type: string, where: (r: Json) => boolean): Json {
  const found = Object.values(resourcesOf(json, type)).filter(where);
  if (found.length !== 1) throw new Error(`expected one ${type} matching, found ${found.length}`);
  return found[0];
}

/**
 * A small platform: one unprotected and one protected environment, a primary and two replica
 * regions, a generated, an external and an unreplicated secret, plain and secure parameters,
 * one function in two regions. Deep-copied per call; spread overrides over it.
 */
export function smallSpec(): PlatformSpecInput {
  return structuredClone({
    project: 'shop',
    regions: { primary: 'eu-west-1', replicas: ['eu-central-1', 'us-east-1'] },
    environments: {
      dev: { account: '111111111111' },
      prod: { account: '222222222222', keyAdmins: ['arn:aws:iam::222222222222:role/security-admin'] },
    },
    secrets: {
      'db/password': { description: 'Database password', generate: { length: 40, excludeCharacters: '"@/' } },
      'api/key': { type: 'external' },
      'local/token': { type: 'external', replicate: false },
    },
    parameters: {
      'app/level': { values: { dev: 'debug', prod: 'warn' } },
      'db/host': { value: 'db.internal' },
      'db/token': { secure: true, description: 'Token written by the vault sync' },
    },
    functions: {
      api: { secrets: ['db/password'], parameters: ['db/*', 'app/level'], regions: ['eu-west-1', 'us-east-1'] },
    },
  } satisfies PlatformSpecInput);
}

/** `value` with its tokens rendered as in the synthesized JSON (`${aws_kms_key.NAME.arn}`). */
export function resolveIn(scope: Construct, value: unknown): unknown {
  return Tokenization.resolve(value, { scope, resolver: new DefaultTokenResolver(new StringConcat()) });
}
