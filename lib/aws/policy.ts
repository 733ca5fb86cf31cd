/**
 * IAM policy documents as plain data: built by grants, rendered once as JSON. Resources may be
 * CDKTF tokens (ARNs of resources in the same stack); they render as Terraform references.
 */

export type Condition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface PolicyStatement {
  /** Statement id; letters and digits only. @default none */
  readonly sid?: string;
  /** @default 'Allow' */
  readonly effect?: 'Allow' | 'Deny';
  /** Principals, for resource and trust policies. @default none (identity policy) */
  readonly principals?: Readonly<Record<string, string | readonly string[]>>;
  readonly actions: readonly string[];
  /** @default none: trust policies have no resource */
  readonly resources?: readonly string[];
  /** @default no conditions */
  readonly conditions?: Condition;
}

/** Something a grant can add statements to: an execution role, a sync role, a rotation role. */
export interface Grantee {
  /** What the grant is for, e.g. the role name; used in statement ids and messages. */
  readonly granteeName: string;
  addStatements(...statements: PolicyStatement[]): void;
}

/**
 * Collects statements for one policy document and renders them deterministically. Nothing is
 * kept of a rendering: each stack is resolved once per synthesis, so a `Lazy` policy asks once,
 * and a large platform would otherwise hold thousands of policies twice over.
 */
export class PolicyDocument {
  private readonly statements: PolicyStatement[] = [];

  constructor(statements: readonly PolicyStatement[] = []) {
    this.statements.push(...statements);
  }

  add(...statements: PolicyStatement[]): void {
    this.statements.push(...statements);
  }

  get isEmpty(): boolean {
    return this.statements.length === 0;
  }

  get all(): readonly PolicyStatement[] {
    return this.statements;
  }

  /** The IAM JSON, keys in IAM's usual order, lists kept in the order given. */
  toJson(): string {
    return JSON.stringify({ Version: '2012-10-17', Statement: this.statements.map(renderStatement) });
  }
}

function renderStatement(s: PolicyStatement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.sid) out.Sid = s.sid;
  out.Effect = s.effect ?? 'Allow';
  if (s.principals) out.Principal = single(s.principals);
  out.Action = one(s.actions);
  if (s.resources) out.Resource = one(s.resources);
  if (s.conditions) out.Condition = s.conditions;
  return out;
}

function one(list: readonly string[]): string | readonly string[] {
  return list.length === 1 ? list[0] : list;
}

function single(principals: Readonly<Record<string, string | readonly string[]>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(principals).map(([k, v]) => [k, typeof v === 'string' ? v : one(v)]));
}

/**
 * The statements one resource grants, built once each and shared by every grantee: a large
 * platform grants the same read to many roles, and each copy would hold its own ARN strings and
 * lists until synthesis. Statements are frozen, so no grantee can change another's.
 */
export class SharedStatements {
  private readonly byKey = new Map<string, PolicyStatement>();

  /** The statement for `key` (e.g. the action and region), built by `build` the first time. */
  get(key: string, build: () => PolicyStatement): PolicyStatement {
    let statement = this.byKey.get(key);
    if (statement === undefined) {
      statement = frozen(build());
      this.byKey.set(key, statement);
    }
    return statement;
  }
}

function frozen(statement: PolicyStatement): PolicyStatement {
  Object.freeze(statement.actions);
  if (statement.resources) Object.freeze(statement.resources);
  for (const values of Object.values(statement.conditions ?? {})) Object.freeze(values);
  if (statement.conditions) Object.freeze(statement.conditions);
  return Object.freeze(statement);
}

/** `PaymentsApi` from `payments-api`: statement ids allow letters and digits only. */
export function sidFor(...parts: string[]): string {
  const joined = parts.join('-');
  let sid = sids.get(joined);
  if (sid === undefined) {
    sid = joined
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join('');
    sids.set(joined, sid);
  }
  return sid;
}
/** Grants ask for the same ids again and again (every function reading a team's parameters). */
const sids = new Map<string, string>();
