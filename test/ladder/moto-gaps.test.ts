/**
 * The second-plan filter of rung 6 must accept exactly the named moto gaps and nothing else:
 * a broader filter would hide real drift from the emulator test.
 */
import { attributeDiffs, PlannedChange } from '../support/emulator';
import { MOTO_REPLICA_DEFAULT_KEY, explainChanges } from '../emulator/moto-gaps';

const keyArn = 'arn:aws:kms:eu-central-1:111111111111:key/mrk-1';
const replica = (kms: string, status = 'InSync') => ({ region: 'eu-central-1', kms_key_id: kms, status, status_message: 'ok', last_accessed_date: '' });
const unknownReplica = { status: true, status_message: true, last_accessed_date: true };

function secretUpdate(before: object, after: object, afterUnknown: object, actions = ['update']): PlannedChange {
  return { address: 'aws_secretsmanager_secret.s', type: 'aws_secretsmanager_secret', actions, diffs: attributeDiffs(before, after, afterUnknown) };
}

describe('attributeDiffs', () => {
  test('names each differing leaf by its path, unknown values included', () => {
    const diffs = attributeDiffs({ a: 1, b: [{ c: 'x' }] }, { a: 1, b: [{ c: 'y' }], d: null }, { e: true });
    expect(diffs).toEqual([
      { path: 'b[0].c', before: 'x', after: 'y' },
      { path: 'e', before: undefined, after: '(known after apply)' },
    ]);
  });
});

describe('explainChanges', () => {
  test("GIVEN moto's default-alias answer for a replica key WHEN planned again THEN the diff and the replica's recomputed fields are the named gap", () => {
    const change = secretUpdate({ replica: [replica(MOTO_REPLICA_DEFAULT_KEY)] }, { replica: [{ region: 'eu-central-1', kms_key_id: keyArn }] }, { replica: [unknownReplica] });
    const { explained, unexplained } = explainChanges([change]);
    expect(unexplained).toEqual([]);
    expect(explained.map((e) => e.path).sort()).toEqual(['replica[0].kms_key_id', 'replica[0].last_accessed_date', 'replica[0].status', 'replica[0].status_message']);
  });

  test('a replica moved to another key than the default alias is drift, not the gap', () => {
    const change = secretUpdate({ replica: [replica('arn:aws:kms:eu-central-1:111111111111:key/other')] }, { replica: [{ region: 'eu-central-1', kms_key_id: keyArn }] }, { replica: [unknownReplica] });
    expect(explainChanges([change]).unexplained.map((u) => u.path)).toContain('replica[0].kms_key_id');
  });

  test('recomputed replica fields without the key diff are not explained', () => {
    const change = secretUpdate({ replica: [replica(keyArn)] }, { replica: [{ region: 'eu-central-1', kms_key_id: keyArn }] }, { replica: [unknownReplica] });
    expect(explainChanges([change]).unexplained).toHaveLength(3);
  });

  test('another attribute of the same secret is still reported', () => {
    const change = secretUpdate(
      { description: 'a', replica: [replica(MOTO_REPLICA_DEFAULT_KEY)] },
      { description: 'b', replica: [{ region: 'eu-central-1', kms_key_id: keyArn }] },
      { replica: [unknownReplica] },
    );
    expect(explainChanges([change]).unexplained.map((u) => u.path)).toEqual(['description']);
  });

  test('a replacement is never explained, even when only gap attributes differ', () => {
    const change = secretUpdate({ replica: [replica(MOTO_REPLICA_DEFAULT_KEY)] }, { replica: [{ region: 'eu-central-1', kms_key_id: keyArn }] }, { replica: [unknownReplica] }, ['delete', 'create']);
    expect(explainChanges([change]).explained).toEqual([]);
  });
});
