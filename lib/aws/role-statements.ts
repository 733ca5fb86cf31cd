/**
 * The statements of one role's inline policy, shared by the execution and sync roles: a grant
 * made twice adds one statement, and two different statements never share a statement id
 * (IAM needs ids unique within a policy, and reviewers read them).
 */
import { PolicyDocument, PolicyStatement } from './policy';

export class RoleStatements {
  private readonly document = new PolicyDocument();
  private readonly bySid = new Map<string, string>();

  constructor(private readonly roleName: string) {}

  /** A trust (assume-role) policy of one statement. */
  static trustPolicy(statement: PolicyStatement): string {
    return new PolicyDocument([statement]).toJson();
  }

  add(...statements: PolicyStatement[]): void {
    for (const statement of statements) {
      const rendered = JSON.stringify(statement);
      if (statement.sid) {
        const earlier = this.bySid.get(statement.sid);
        if (earlier === rendered) continue;
        if (earlier !== undefined) {
          throw new Error(`role ${this.roleName}: two different statements share the id ${statement.sid}; grants must give each statement its own id`);
        }
        this.bySid.set(statement.sid, rendered);
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
    return full.length <= COMPACT_ABOVE ? full : new PolicyDocument(mergeByResource(this.document.all)).toJson();
  }
}

/**
 * IAM holds at most 10,240 characters of inline policy per role; statement ids and repeated
 * actions cost more than the resources themselves, so large roles are merged well before that.
 */
export const COMPACT_ABOVE = 6000;

/** Statements equal but for their resources become one with every resource, in first-seen order. */
export function mergeByResource(statements: readonly PolicyStatement[]): PolicyStatement[] {
  const groups = new Map<string, { first: PolicyStatement; resources: string[]; count: number }>();
  for (const statement of statements) {
    const { sid: _sid, resources, ...rest } = statement;
    const key = JSON.stringify(rest);
    const group = groups.get(key);
    if (group) {
      group.count++;
      for (const r of resources ?? []) if (!group.resources.includes(r)) group.resources.push(r);
    } else groups.set(key, { first: statement, resources: [...(resources ?? [])], count: 1 });
  }
  return [...groups.values()].map(({ first, resources, count }) => {
    if (count === 1) return first;
    const { sid: _sid, ...rest } = first;
    return { ...rest, resources };
  });
}
