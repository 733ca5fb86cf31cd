/**
 * Two entries that would get the same GCP id: refused at load, naming both places in the spec.
 * Ids are unique per GCP project, and several environments may share one project, so every
 * environment of a project is checked together.
 */
import type { SpecPath } from '../core/errors';
import { address, serviceAccountId } from './names';
import type { GcpEnvironmentPlan } from './plan';

export interface NameCollision {
  readonly kind: string;
  readonly id: string;
  /** Where the id was claimed first, and again. */
  readonly first: { readonly env: string; readonly at: SpecPath };
  readonly second: { readonly env: string; readonly at: SpecPath };
}

type Claim = { kind: string; id: string; env: string; at: SpecPath };


function claimsOf(plan: GcpEnvironmentPlan): Claim[] {
  const claims: Claim[] = [];
  const claim = (kind: string, id: string, at: SpecPath) => claims.push({ kind, id, env: plan.env, at });
  for (const s of plan.secrets) claim('secret id', s.secretId, ['secrets', s.path]);
  for (const p of plan.parameters) claim(p.secure ? 'secret id' : 'parameter id', p.id, ['parameters', p.path]);
  for (const f of plan.functions) claim('service account id', serviceAccountKey(f.identityName), ['functions', f.name]);
  for (const s of plan.syncs) claim('service account id', serviceAccountKey(s.identityName), ['externalSync', s.name]);
  if (plan.rotation?.builtin) {
    const first = plan.secrets.find((s) => s.rotation?.rotator.kind === 'builtin');
    if (first) claim('service account id', serviceAccountKey(plan.rotation.name), ['secrets', first.path, 'rotation']);
  }
  return claims;
}

const serviceAccountKey = serviceAccountId;

/** Collisions of ids within each GCP project, and of Terraform addresses within each stack. */
export function gcpNameCollisions(plans: readonly GcpEnvironmentPlan[]): NameCollision[] {
  const collisions: NameCollision[] = [];
  const byProject = new Map<string, Claim[]>();
  for (const plan of plans) byProject.set(plan.gcpProject, [...(byProject.get(plan.gcpProject) ?? []), ...claimsOf(plan)]);
  const check = (claims: readonly Claim[], key: (c: Claim) => string) => {
    const seen = new Map<string, Claim>();
    for (const c of claims) {
      const k = key(c);
      const first = seen.get(k);
      if (first) collisions.push({ kind: c.kind, id: c.id, first: { env: first.env, at: first.at }, second: { env: c.env, at: c.at } });
      else seen.set(k, c);
    }
  };
  for (const claims of byProject.values()) check(claims, (c) => `${c.kind} ${c.id}`);
  // Within one stack, addresses derive from ids; an id that differs only in characters an
  // address cannot hold would still clash there.
  for (const plan of plans) check(claimsOf(plan), (c) => `${c.kind} ${address(c.kind, c.id)}`);
  return dedupe(collisions);
}

function dedupe(collisions: NameCollision[]): NameCollision[] {
  const seen = new Set<string>();
  return collisions.filter((c) => {
    const k = JSON.stringify(c);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
