/**
 * The statements of one role's inline policy, shared by the execution and sync roles: a grant
 * made twice adds one statement, and two different statements never share a statement id
 * (IAM needs ids unique within a policy, and reviewers read them).
 */
import { PolicyDocument, PolicyStatement } from './policy';

export class RoleStatements {
  private readonly document = new PolicyDocument();
  /** The statement that holds each id; a second grant of the same statement is compared with it. */
  private readonly bySid = new Map<string, PolicyStatement>();

  constructor(private readonly roleName: string) {}

  /** A trust (assume-role) policy of one statement. */
  static trustPolicy(statement: PolicyStatement): string {
    return new PolicyDocument([statement]).toJson();
  }

  add(...statements: PolicyStatement[]): void {
    for (const statement of statements) {
      if (statement.sid) {
        const earlier = this.bySid.get(statement.sid);
        if (earlier !== undefined) {
          if (earlier === statement || JSON.stringify(earlier) === JSON.stringify(statement)) continue;
          throw new Error(`role ${this.roleName}: two different statements share the id ${statement.sid}; grants must give each statement its own id`);
        }
        this.bySid.set(statement.sid, statement);
      }
      this.document.add(statement);
    }
  }

  get all(): readonly PolicyStatement[] {
    return this.document.all;
  }

  /**
   * The policy as IAM stores it. A role whose statements would pass `COMPACT_ABOVE` characters
   * is rendered with statements that differ only in their resources merged into one (without
   * statement ids): the same (action, resource, condition) grants, in far fewer characters.
   */
  toJson(): string {
    if (this.document.isEmpty) throw new Error(`role ${this.roleName}: the inline policy has no statement`);
    const full = this.document.toJson();
    if (full.length <= COMPACT_ABOVE) return full;
    return new PolicyDocument(mergeByEncryptionContext(mergeByResource(this.document.all))).toJson();
  }
}

/**
 * IAM holds at most 10,240 characters of inline policy per role; statement ids and repeated
 * actions cost more than the resources themselves, so large roles are merged well before that.
 */
export const COMPACT_ABOVE = 6000;

/**
 * Key grants equal but for the one encryption-context value that names their secret or
 * parameter become one statement listing every value: IAM ORs the values of a condition key and
 * ANDs the keys, so the merged statement allows exactly the union of the originals.
 */
export function mergeByEncryptionContext(statements: readonly PolicyStatement[]): PolicyStatement[] {
  const groups = new Map<string, { first: PolicyStatement; operator: string; key: string; values: string[]; count: number }>();
  const out: (PolicyStatement | string)[] = [];
  for (const statement of statements) {
    const context = encryptionContextOf(statement);
    if (!context) {
      out.push(statement);
      continue;
    }
    const { operator, key, value } = context;
    const { sid: _sid, conditions, ...rest } = statement;
    const others = { ...conditions, [operator]: { ...conditions![operator], [key]: '' } };
    const groupKey = JSON.stringify({ rest, others });
    const group = groups.get(groupKey);
    if (group) {
      group.count++;
      if (!group.values.includes(value)) group.values.push(value);
    } else {
      groups.set(groupKey, { first: statement, operator, key, values: [value], count: 1 });
      out.push(groupKey);
    }
  }
  return out.map((entry) => {
    if (typeof entry !== 'string') return entry;
    const { first, operator, key, values, count } = groups.get(entry)!;
    if (count === 1) return first;
    const { sid: _sid, conditions, ...rest } = first;
    return { ...rest, conditions: { ...conditions, [operator]: { ...conditions![operator], [key]: values } } };
  });
}

/** The single `kms:EncryptionContext:*` value a statement is narrowed to, if that is its only one. */
function encryptionContextOf(statement: PolicyStatement): { operator: string; key: string; value: string } | undefined {
  const found: { operator: string; key: string; value: string }[] = [];
  for (const [operator, keys] of Object.entries(statement.conditions ?? {})) {
    for (const [key, value] of Object.entries(keys)) {
      if (key.startsWith('kms:EncryptionContext:') && typeof value === 'string') found.push({ operator, key, value });
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

/** Statements equal but for their resources become one with every resource, in first-seen order. */
export function mergeByResource(statements: readonly PolicyStatement[]): PolicyStatement[] {
  const groups = new Map<string, { first: PolicyStatement; resources: Set<string>; count: number }>();
  for (const statement of statements) {
    const key = mergeKey(statement);
    const group = groups.get(key);
    if (group) {
      group.count++;
      for (const r of statement.resources ?? []) group.resources.add(r);
    } else groups.set(key, { first: statement, resources: new Set(statement.resources ?? []), count: 1 });
  }
  return [...groups.values()].map(({ first, resources, count }) => {
    if (count === 1) return first;
    const { sid: _sid, ...rest } = first;
    return { ...rest, resources: [...resources] };
  });
}

/** What must be equal for two statements to merge: all but the id and the resources. Grants share frozen statements, so it is worked out once each. */
function mergeKey(statement: PolicyStatement): string {
  let key = mergeKeys.get(statement);
  if (key === undefined) {
    const { sid: _sid, resources: _resources, ...rest } = statement;
    key = JSON.stringify(rest);
    if (Object.isFrozen(statement)) mergeKeys.set(statement, key);
  }
  return key;
}
const mergeKeys = new WeakMap<PolicyStatement, string>();
