/**
 * Where moto answers differently from AWS, so a second plan after a clean apply shows a diff
 * that real AWS would not. Each gap names one resource type and the exact attributes and values
 * moto reports: anything else in the same resource, and any create, delete or replace, still
 * fails the test.
 */
import type { AttributeDiff, PlannedChange } from '../support/emulator';

export interface MotoGap {
  readonly id: string;
  readonly resourceType: string;
  /** What moto does, and what AWS does instead. */
  readonly reason: string;
  /** The diffs of one in-place update that this gap explains: a subset of `diffs`, maybe empty. */
  explain(diffs: readonly AttributeDiff[]): AttributeDiff[];
}

/** moto's answer for a replica's key, whatever key the replica was created under. */
export const MOTO_REPLICA_DEFAULT_KEY = 'alias/aws/secretsmanager';

/** Read-only attributes of a `replica` block that a changed replica recomputes. */
const REPLICA_COMPUTED = new Set(['last_accessed_date', 'status', 'status_message']);
const UNKNOWN = '(known after apply)';

/** Diffs grouped by replica element: `replica[1].status` goes to element `1` as `status`. */
function byReplica(diffs: readonly AttributeDiff[]): Map<string, Map<string, AttributeDiff>> {
  const groups = new Map<string, Map<string, AttributeDiff>>();
  for (const d of diffs) {
    const m = /^replica\[(\d+)\]\.(.+)$/.exec(d.path);
    if (!m) continue;
    if (!groups.has(m[1])) groups.set(m[1], new Map());
    groups.get(m[1])!.set(m[2], d);
  }
  return groups;
}

export const MOTO_GAPS: readonly MotoGap[] = [
  {
    id: 'secret-replica-kms-key-reported-as-default-alias',
    resourceType: 'aws_secretsmanager_secret',
    reason:
      "moto 5.2 reports every replica's KmsKeyId as alias/aws/secretsmanager (ReplicaSecret.config), so a replica " +
      'under the environment key looks changed on every plan, and the changed set element recomputes its ' +
      'status, status_message and last_accessed_date; AWS reports the key the replica was created with.',
    explain(diffs) {
      const explained: AttributeDiff[] = [];
      for (const attrs of byReplica(diffs).values()) {
        const key = attrs.get('kms_key_id');
        if (!key || key.before !== MOTO_REPLICA_DEFAULT_KEY || typeof key.after !== 'string' || key.after === MOTO_REPLICA_DEFAULT_KEY) continue;
        explained.push(key);
        for (const [attr, d] of attrs) if (REPLICA_COMPUTED.has(attr) && d.after === UNKNOWN) explained.push(d);
      }
      return explained;
    },
  },
  {
    id: 'secret-rotation-window-not-kept',
    resourceType: 'aws_secretsmanager_secret_rotation',
    reason:
      "moto 5.2 keeps only AutomaticallyAfterDays of RotateSecret's RotationRules (FakeSecret.auto_rotate_after_days) " +
      'and reports no Duration, so a rotation window (`rotation.window`) looks unset on every plan; AWS reports the window it was given.',
    explain: (diffs) =>
      diffs.filter((d) => d.path === 'rotation_rules[0].duration' && (d.before === '' || d.before === null || d.before === undefined) && typeof d.after === 'string' && /^\d+h$/.test(d.after)),
  },
];

/** A diff no gap explains, as one readable line. */
export interface UnexplainedDiff {
  readonly address: string;
  readonly actions: readonly string[];
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * Splits a second plan into what named moto gaps explain and what they do not. Only in-place
 * updates can be explained: a create, delete or replace on a second plan is always a finding.
 */
export function explainChanges(changes: readonly PlannedChange[]): { explained: Array<{ address: string; path: string; gap: string }>; unexplained: UnexplainedDiff[] } {
  const explained: Array<{ address: string; path: string; gap: string }> = [];
  const unexplained: UnexplainedDiff[] = [];
  for (const change of changes) {
    const inPlace = change.actions.length === 1 && change.actions[0] === 'update';
    const byDiff = new Map<AttributeDiff, string>();
    if (inPlace) {
      for (const gap of MOTO_GAPS.filter((g) => g.resourceType === change.type)) {
        for (const d of gap.explain(change.diffs)) byDiff.set(d, gap.id);
      }
    }
    for (const diff of change.diffs) {
      const gap = byDiff.get(diff);
      if (gap) explained.push({ address: change.address, path: diff.path, gap });
      else unexplained.push({ address: change.address, actions: change.actions, path: diff.path, before: diff.before, after: diff.after });
    }
    if (change.diffs.length === 0) {
      unexplained.push({ address: change.address, actions: change.actions, path: '(whole resource)', before: undefined, after: undefined });
    }
  }
  return { explained, unexplained };
}
