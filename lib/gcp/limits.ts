/**
 * Google Cloud's own limits, checked on the resolved model before Terraform ever sees them.
 * Each problem names the place in the spec that produced the value.
 */
import { Problem, describeValue, formatPath, problem } from '../core/errors';
import type { PlatformModel } from '../core/model';
import type { PlatformSpec } from '../core/schema';
import { LOG_RETENTION_DAYS } from './audit/locked-log-bucket';
import { labelProblems } from './labels';
import { planEnvironment } from './model';
import { gcpNameCollisions } from './name-collisions';
import { PARAMETER_DATA_MAX_BYTES } from './regional-parameter';
import { generateOptionsProblem } from './rotation/generate';
import type { GcpGenerateSpecOptions } from './spec';

/** Google Cloud regions (November 2026) where Secret Manager and Cloud KMS run. */
export const GCP_LOCATIONS: readonly string[] = [
  'africa-south1', 'asia-east1', 'asia-east2', 'asia-northeast1', 'asia-northeast2', 'asia-northeast3',
  'asia-south1', 'asia-south2', 'asia-southeast1', 'asia-southeast2', 'australia-southeast1',
  'australia-southeast2', 'europe-central2', 'europe-north1', 'europe-north2', 'europe-southwest1',
  'europe-west1', 'europe-west10', 'europe-west12', 'europe-west2', 'europe-west3', 'europe-west4',
  'europe-west6', 'europe-west8', 'europe-west9', 'me-central1', 'me-central2', 'me-west1',
  'northamerica-northeast1', 'northamerica-northeast2', 'northamerica-south1', 'southamerica-east1',
  'southamerica-west1', 'us-central1', 'us-east1', 'us-east4', 'us-east5', 'us-south1', 'us-west1',
  'us-west2', 'us-west3', 'us-west4',
];

/** Secret Manager's shortest rotation period. */
export const MIN_ROTATION_HOURS = 1;

export function validateGcpLimits(model: PlatformModel, spec: PlatformSpec): Problem[] {
  const problems: Problem[] = [];
  const checkRegion = (at: (string | number)[], region: string) => {
    if (!GCP_LOCATIONS.includes(region)) problems.push(problem(at, `unknown Google Cloud location ${describeValue(region)}; known locations: ${GCP_LOCATIONS.join(', ')}`));
  };
  checkRegion(['regions', 'primary'], spec.regions.primary);
  spec.regions.replicas.forEach((r, i) => checkRegion(['regions', 'replicas', i], r));
  for (const [name, env] of Object.entries(spec.environments)) {
    if (!env.regions) continue;
    checkRegion(['environments', name, 'regions', 'primary'], env.regions.primary);
    env.regions.replicas.forEach((r, i) => checkRegion(['environments', name, 'regions', 'replicas', i], r));
  }
  for (const [key, message] of labelProblems(model.tags)) {
    problems.push(problem(key in spec.tags ? ['tags', key] : ['tags'], `${describeValue(key)}: ${message}`));
  }
  if (model.audit.enabled) {
    const days = Math.max(model.audit.logRetentionDays, model.audit.bucketRetentionDays);
    if (days < LOG_RETENTION_DAYS.min || days > LOG_RETENTION_DAYS.max) {
      problems.push(problem(['audit', 'logRetentionDays'], `got ${days} days; the locked Cloud Logging bucket keeps entries ${LOG_RETENTION_DAYS.min} to ${LOG_RETENTION_DAYS.max} days`));
    }
  }

  const seen = new Set<string>();
  const once = (p: Problem) => {
    const k = `${formatPath(p.path)} ${p.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      problems.push(p);
    }
  };
  for (const env of model.environments) {
    for (const s of env.secrets) {
      const at = ['secrets', s.path];
      if (s.generate) {
        const g = s.generate;
        const why = generateOptionsProblem({ ...g, includeSpace: (g.options as Partial<GcpGenerateSpecOptions>).includeSpace });
        if (why) once(problem([...at, 'generate'], why));
      }
      if (s.rotation && s.rotation.intervalHours === undefined) {
        once(problem([...at, 'rotation'], 'on GCP a rotation needs `every` (such as `30d`): Secret Manager rotates on a period, not on a schedule expression'));
      } else if (s.rotation && s.rotation.intervalHours! < MIN_ROTATION_HOURS) {
        once(problem([...at, 'rotation', 'every'], `Secret Manager rotates at most every ${MIN_ROTATION_HOURS} hour`));
      }
    }
    for (const p of env.parameters) {
      if (p.value !== undefined && Buffer.byteLength(p.value, 'utf8') > PARAMETER_DATA_MAX_BYTES) {
        once(problem(['parameters', p.path], `the value has ${Buffer.byteLength(p.value, 'utf8')} bytes; a Parameter Manager version holds at most ${PARAMETER_DATA_MAX_BYTES}`));
      }
    }
  }
  if (problems.length > 0) return problems;

  // Ids are unique per GCP project: check every environment of each project together.
  // One problem per pair of places, whatever the number of environments it happens in.
  const pairs = new Map<string, { at: Problem['path']; first: string; kind: string; ids: string[]; envs: string[] }>();
  for (const c of gcpNameCollisions(model.environments.map((e) => planEnvironment(model, e)))) {
    const first = c.first.env === c.second.env ? formatPath(c.first.at) : `${formatPath(c.first.at)} (environment ${c.first.env})`;
    const key = `${formatPath(c.second.at)} ${first} ${c.kind}`;
    const pair = pairs.get(key) ?? { at: c.second.at, first, kind: c.kind, ids: [], envs: [] };
    pair.ids.push(c.id);
    pair.envs.push(c.second.env);
    pairs.set(key, pair);
  }
  for (const p of pairs.values()) {
    problems.push(
      problem(
        p.at,
        `gets the same ${p.kind} as ${p.first} (${p.ids.map((id) => describeValue(id)).join(', ')} in ${p.envs.join(', ')}): GCP ids allow only letters, digits, \`_\` and \`-\`, so both encode alike; rename one of them`,
      ),
    );
  }
  return problems;
}
