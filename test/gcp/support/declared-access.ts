/**
 * What a GCP plan declares, as the grants it must produce: one line per `who role on`, the
 * language of `iam-members.ts`. Derived from the plan alone, never from the constructs.
 */
import { ROLES } from '../../../lib/gcp/iam';
import { address } from '../../../lib/gcp/names';
import type { GcpEnvironmentPlan } from '../../../lib/gcp/plan';

const sa = (name: string) => `sa:${address('service_account', name)}`;

export function declaredGrants(plan: GcpEnvironmentPlan): string[] {
  const lines: string[] = [];
  const add = (who: string, role: string, on: string) => lines.push(`${who} ${role} ${on}`);
  const secretIdOf = (path: string) => plan.secrets.find((s) => s.path === path)!.secretId;
  const secureIdOf = (path: string) => plan.parameters.find((p) => p.path === path && p.secure)?.id;
  const plain = plan.parameters.filter((p) => !p.secure);
  const secretLocations = new Set([...plan.secrets.flatMap((s) => s.locations), ...plan.parameters.filter((p) => p.secure).flatMap((p) => p.locations)]);
  for (const l of plan.locations.filter((l) => secretLocations.has(l))) add('agent:secretmanager', ROLES.keyEncrypterDecrypter, `key:key_${plan.keyRingName}_${l}`);
  const parameterLocations = new Set(plain.flatMap((p) => p.locations));
  for (const l of plan.locations.filter((l) => parameterLocations.has(l))) add('agent:parametermanager', ROLES.keyEncrypterDecrypter, `key:key_${plan.keyRingName}_${l}`);
  for (const admin of plan.keyAdmins) for (const l of plan.locations) add(admin, ROLES.keyAdmin, `key_ring:key_ring_${plan.keyRingName}_${l}`);

  for (const fn of plan.functions) {
    for (const path of fn.secrets) add(sa(fn.identityName), ROLES.secretAccessor, `secret:${secretIdOf(path)}`);
    for (const path of fn.parameters) {
      const secure = secureIdOf(path);
      if (secure) {
        add(sa(fn.identityName), ROLES.secretAccessor, `secret:${secure}`);
        continue;
      }
      const p = plain.find((x) => x.path === path)!;
      for (const l of fn.locations.filter((l) => p.locations.includes(l))) add(sa(fn.identityName), ROLES.parameterAccessor, `parameter:${p.id}@${l}`);
    }
  }
  for (const sync of plan.syncs) {
    add(sync.principal, ROLES.tokenCreator, `${sa(sync.identityName)}`);
    const ids = [...sync.secrets.map(secretIdOf), ...sync.parameters.map((p) => secureIdOf(p)!)];
    for (const id of ids) {
      add(sa(sync.identityName), ROLES.secretVersionAdder, `secret:${id}`);
      if (sync.read) add(sa(sync.identityName), ROLES.secretAccessor, `secret:${id}`);
    }
  }
  const rotated = plan.secrets.filter((s) => s.rotation);
  if (plan.rotation && rotated.length > 0) {
    add('agent:pubsub', ROLES.keyEncrypterDecrypter, `key:key_${plan.keyRingName}_${plan.primaryLocation}`);
    add('agent:secretmanager', ROLES.pubsubPublisher, `topic:${plan.rotation.name}`);
    const builtin = rotated.filter((s) => s.rotation!.rotator.kind === 'builtin');
    if (plan.rotation.builtin && builtin.length > 0) {
      for (const s of builtin) add(sa(plan.rotation.name), ROLES.secretVersionManager, `secret:${s.secretId}`);
      add(sa(plan.rotation.name), ROLES.runInvoker, `run:${plan.rotation.name}`);
    }
    for (const s of rotated) {
      const r = s.rotation!.rotator;
      if (r.kind !== 'custom') continue;
      add(`serviceAccount:${r.serviceAccountEmail}`, ROLES.secretVersionManager, `secret:${s.secretId}`);
    }
    for (const email of [...new Set(rotated.flatMap((s) => (s.rotation!.rotator.kind === 'custom' ? [s.rotation!.rotator.serviceAccountEmail] : [])))]) {
      add(`serviceAccount:${email}`, ROLES.pubsubSubscriber, `subscription:${plan.rotation.name}-${email.split('@')[0]}`);
    }
  }
  return [...new Set(lines)].sort();
}
