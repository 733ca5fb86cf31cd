/**
 * GCP specs for tests: loaded and synthesized the way `main.ts` does (every check of the spec's
 * cloud, the same stack builders), and the generated AWS-form specs of
 * `test/support/generated-spec.ts` rewritten in GCP's forms, so every property the kit holds on
 * AWS is tried on GCP over the same random platforms.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { buildStacks } from '../../../lib/app';
import { CLOUDS } from '../../../lib/backends';
import { loadPlatformObject } from '../../../lib/core/loader';
import type { PlatformModel } from '../../../lib/core/model';
import type { Json } from './synth';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const GCP_EXAMPLE = path.join(ROOT, 'examples', 'gcp', 'platform.yaml');

export function gcpExampleSpec(): Json {
  return parse(fs.readFileSync(GCP_EXAMPLE, 'utf8')) as Json;
}

export interface SynthesizedGcp {
  readonly model: PlatformModel;
  /** Every stack's `cdk.tf.json`, parsed, by stack name. */
  readonly stacks: ReadonlyMap<string, Json>;
}

export function loadGcp(raw: unknown): PlatformModel {
  return loadPlatformObject(raw, 'test.yaml', CLOUDS).model;
}

export function synthGcp(raw: unknown): SynthesizedGcp {
  const model = loadGcp(raw);
  const app = Testing.app();
  const built = buildStacks(app, model);
  const stacks = new Map([...built.environments, ...built.accounts].map((s) => [s.node.id, JSON.parse(Testing.synth(s)) as Json] as const));
  return { model, stacks };
}

const LOCATION: Record<string, string> = { 'eu-west-1': 'europe-west1', 'eu-central-1': 'europe-west3', 'us-east-1': 'us-east1' };
const project = (account: string) => `gen-${account.slice(0, 6)}`;

/** A generated AWS-form spec in GCP's forms: locations, project ids, IAM members; AWS-only keys dropped. */
export function toGcpSpec(aws: Json): Json {
  const spec = structuredClone(aws);
  spec.cloud = 'gcp';
  const mapRegions = (r: Json) => ({ primary: LOCATION[r.primary], replicas: (r.replicas ?? []).map((x: string) => LOCATION[x]) });
  spec.regions = mapRegions(spec.regions);
  for (const env of Object.values<Json>(spec.environments)) {
    env.account = project(env.account);
    if (env.regions) env.regions = mapRegions(env.regions);
    for (const k of ['assumeRoleArn', 'keyAdmins', 'permissionsBoundaryArn', 'secretRecoveryWindowDays', 'keyDeletionWindowDays']) delete env[k];
  }
  for (const fn of Object.values<Json>(spec.functions ?? {})) {
    if (fn.regions) fn.regions = fn.regions.map((r: string) => LOCATION[r]);
    delete fn.readParametersByPath;
  }
  for (const s of Object.values<Json>(spec.secrets ?? {})) {
    if (s.generate) for (const k of ['requireEachIncludedType']) delete s.generate[k];
    if (s.rotation) for (const k of ['schedule', 'window', 'rotateImmediately']) delete s.rotation[k];
  }
  for (const p of Object.values<Json>(spec.parameters ?? {})) delete p.tier;
  for (const sync of Object.values<Json>(spec.externalSync ?? {})) {
    delete sync.externalId;
    delete sync.preset;
    sync.principal = 'serviceAccount:writer@vendor-project.iam.gserviceaccount.com';
  }
  return spec;
}
