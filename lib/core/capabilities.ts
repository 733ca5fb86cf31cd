/**
 * Capabilities enforced at load: a spec that asks its cloud for something the backend cannot
 * do is refused with the place that asks, never silently skipped.
 */
import type { BackendCapabilities } from './backend';
import { Problem, describeValue, problem } from './errors';
import type { PlatformSpec } from './schema';
import { regionsOf } from './validate';

/** Error text of a capability the cloud lacks, next to the check. */
export const lacks = (cloud: string, what: string, fix: string) => `the \`${cloud}\` backend cannot ${what}: ${fix}`;

export function capabilityProblems(spec: PlatformSpec, cloud: string, can: BackendCapabilities): Problem[] {
  const problems: Problem[] = [];
  const hasReplicas = Object.keys(spec.environments).some((env) => regionsOf(spec, env).replicas.length > 0);
  for (const [path, s] of Object.entries(spec.secrets)) {
    const at = ['secrets', path];
    if (!can.replication && s.replicate && hasReplicas) {
      problems.push(problem([...at, 'replicate'], lacks(cloud, 'replicate secrets to other regions', 'set `replicate: false`, or remove the replica regions')));
    }
    if (s.type === 'generated' && !can.valuesOutsideState) {
      problems.push(problem([...at, 'type'], lacks(cloud, 'generate a value outside the deployment state', 'use `type: external` and write the value out of band')));
    }
    const fn = s.rotation?.function ?? 'builtin';
    if (s.rotation && fn === 'builtin' && !can.rotation) {
      problems.push(problem([...at, 'rotation'], lacks(cloud, 'rotate secrets with the built-in function', 'remove `rotation`')));
    }
    if (s.rotation && fn !== 'builtin' && !can.customRotation) {
      problems.push(problem([...at, 'rotation', 'function'], lacks(cloud, 'rotate secrets with a function of your own', 'use `function: builtin` or remove `rotation`')));
    }
  }
  for (const [path, p] of Object.entries(spec.parameters)) {
    if (p.secure && !can.secureParameters) {
      problems.push(problem(['parameters', path, 'secure'], lacks(cloud, 'hold secure parameters', 'declare the value as a secret instead')));
    }
  }
  for (const [name, sync] of Object.entries(spec.externalSync)) {
    const at = ['externalSync', name];
    if (!can.externalSync) {
      problems.push(problem(at, lacks(cloud, 'let an outside system write values in', 'remove the sync')));
    } else if (sync.preset !== undefined && !can.syncPresets.includes(sync.preset)) {
      problems.push(
        problem(
          [...at, 'preset'],
          lacks(cloud, `sync with the preset ${describeValue(sync.preset)}`, `known presets: ${can.syncPresets.join(', ') || 'none'}; give a \`principal\` instead`),
        ),
      );
    }
  }
  if (spec.audit.enabled && !can.audit) {
    problems.push(problem(['audit', 'enabled'], lacks(cloud, 'build an audit trail', 'set `audit.enabled: false`')));
  }
  return problems;
}
