/**
 * The exact-grants analysis on GCP: reads every IAM member of a synthesized GCP stack, resolves
 * who it names and what it is granted on (from the Terraform references, not from the
 * constructs), and answers "what can this identity do". Tests compare that with what the spec
 * declares: each identity must reach exactly what it declares, nothing more, nothing less.
 */
import type { Json } from './synth';

export interface ResolvedGrant {
  /** `sa:{address}` for a service account the stack creates, `agent:{service}`, or the literal member. */
  readonly who: string;
  readonly role: string;
  /** `secret:{secret_id}`, `key:{location}`, `parameter:{id}@{location}`, `topic:{name}`, `sa:{address}`, `run:{function}`, `subscription:{name}`. */
  readonly on: string;
  readonly condition?: string;
  /** The IAM member resource's type and address. */
  readonly source: string;
}

/** Types of IAM resources the kit may use; anything else granting a role is reported as unknown. */
const MEMBER_TYPES = [
  'google_secret_manager_secret_iam_member',
  'google_kms_crypto_key_iam_member',
  'google_kms_key_ring_iam_member',
  'google_project_iam_member',
  'google_pubsub_topic_iam_member',
  'google_pubsub_subscription_iam_member',
  'google_service_account_iam_member',
  'google_cloud_run_v2_service_iam_member',
] as const;

/** Authoritative IAM resources: they would remove grants the kit does not know of. */
export const AUTHORITATIVE_IAM = /^google_.*_iam_(binding|policy)$/;

const ref = (text: string, type: string) => new RegExp(`^\\$\\{${type}\\.([^.}]+)\\.[a-z_]+\\}$`).exec(text)?.[1];

function resolveMember(member: string): string {
  const sa = /^\$\{google_service_account\.([^.}]+)\.member\}$/.exec(member);
  if (sa) return `sa:${sa[1]}`;
  const agent = /^serviceAccount:\$\{google_project_service_identity\.service_agent_([a-z]+)\.email\}$/.exec(member);
  if (agent) return `agent:${agent[1]}`;
  const logging = /^serviceAccount:\$\{data\.google_logging_project_cmek_settings\.[^.}]+\.service_account_id\}$/.exec(member);
  if (logging) return 'agent:logging';
  return member;
}

/** Every grant of the stack, resolved. Throws on a reference it cannot resolve (an unknown shape is a finding). */
export function grantsOf(json: Json): ResolvedGrant[] {
  const resources = json.resource ?? {};
  const secretIdOf = (address: string) => resources.google_secret_manager_secret?.[address]?.secret_id;
  const out: ResolvedGrant[] = [];
  for (const type of MEMBER_TYPES) {
    for (const [address, r] of Object.entries<Json>(resources[type] ?? {})) {
      const who = resolveMember(r.member);
      const source = `${type}.${address}`;
      let on: string | undefined;
      switch (type) {
        case 'google_secret_manager_secret_iam_member': {
          const a = ref(r.secret_id, 'google_secret_manager_secret');
          on = a ? `secret:${secretIdOf(a)}` : undefined;
          break;
        }
        case 'google_kms_crypto_key_iam_member': {
          const a = ref(r.crypto_key_id, 'google_kms_crypto_key');
          on = a ? `key:${a}` : undefined;
          break;
        }
        case 'google_kms_key_ring_iam_member': {
          const a = ref(r.key_ring_id, 'google_kms_key_ring');
          on = a ? `key_ring:${a}` : undefined;
          break;
        }
        case 'google_project_iam_member': {
          const m = r.condition ? /endsWith\("\/locations\/([^/]+)\/parameters\/([^"]+)"\)/.exec(r.condition.expression) : null;
          on = m ? `parameter:${m[2]}@${m[1]}` : `project:${r.project}`;
          break;
        }
        case 'google_pubsub_topic_iam_member': {
          const a = ref(r.topic, 'google_pubsub_topic');
          on = a ? `topic:${resources.google_pubsub_topic[a].name}` : undefined;
          break;
        }
        case 'google_pubsub_subscription_iam_member': {
          const a = ref(r.subscription, 'google_pubsub_subscription');
          on = a ? `subscription:${resources.google_pubsub_subscription[a].name}` : undefined;
          break;
        }
        case 'google_service_account_iam_member': {
          const a = ref(r.service_account_id, 'google_service_account');
          on = a ? `sa:${a}` : undefined;
          break;
        }
        case 'google_cloud_run_v2_service_iam_member': {
          const m = /^\$\{google_cloudfunctions2_function\.([^.}]+)\.service_config\[0\]\.service\}$/.exec(r.name) ?? /^\$\{google_cloudfunctions2_function\.([^.}]+)\.service_config\.0\.service\}$/.exec(r.name);
          on = m ? `run:${resources.google_cloudfunctions2_function[m[1]].name}` : undefined;
          break;
        }
      }
      if (!on) throw new Error(`cannot resolve what ${source} grants on: ${JSON.stringify(r)}`);
      out.push({ who, role: r.role, on, condition: r.condition?.expression, source });
    }
  }
  return out;
}

/** What one identity may do: `role -> sorted targets`. */
export function accessOf(grants: readonly ResolvedGrant[], who: string): Record<string, string[]> {
  const access: Record<string, string[]> = {};
  for (const g of grants.filter((g) => g.who === who)) (access[g.role] ??= []).push(g.on);
  for (const role of Object.keys(access)) access[role].sort();
  return access;
}
