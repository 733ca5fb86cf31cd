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

  toJson(): string {
    if (this.document.isEmpty) throw new Error(`role ${this.roleName}: the inline policy has no statement`);
    return this.document.toJson();
  }
}
