/**
 * What each IAM role of a synthesized stack is allowed, read back from the Terraform JSON alone:
 * every Allow statement expanded into atomic (action, resource, condition) grants, with
 * references to resources of the same stack (`${aws_kms_key.x.arn}`) resolved to what they name.
 * Tests compare these grants with what the spec declares (the kit's least-privilege proof).
 */

/** The parts of a synthesized `cdk.tf.json` the analysis reads. */
export interface SynthesizedStack {
  readonly provider?: { readonly aws?: ReadonlyArray<Record<string, unknown>> };
  readonly locals?: Readonly<Record<string, unknown>>;
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
}

/** One thing a role may do: an action on a resource, under one combination of condition values. */
export interface Grant {
  readonly action: string;
  readonly resource: string;
  /** `StringEquals:kms:ViaService=...&...`, keys sorted; empty when unconditional. */
  readonly condition: string;
}

export interface RoleAccess {
  readonly roleName: string;
  /** The trust policy, with references resolved. */
  readonly trust: PolicyJson;
  readonly permissionsBoundary?: string;
  /** Every allowed grant of the role's inline policies, sorted and unique. */
  readonly grants: readonly Grant[];
  /** The inline policies by name, with references resolved (what IAM will hold after apply). */
  readonly policies: Readonly<Record<string, PolicyJson>>;
  /** Managed policies attached by ARN: the kit attaches none, so any is a finding. */
  readonly attachedPolicies: readonly string[];
  /** Statements the analysis cannot expand exactly (Deny, NotAction, NotResource). */
  readonly unsupported: readonly string[];
  /**
   * Wildcards written into exact-match conditions (`StringEquals`, `ArnEquals`), which match
   * nothing and so silently break a grant. Checked before references are resolved, because a
   * resolved secret ARN ends in the `-??????` pattern that stands for its unknown suffix.
   */
  readonly wildcardsInExactConditions: readonly string[];
}

export interface PolicyJson {
  readonly Version?: string;
  readonly Statement: ReadonlyArray<Record<string, unknown>>;
}

/** How a grant prints: `action resource [if condition]`. */
export function grantKey(g: Grant): string {
  return g.condition ? `${g.action} ${g.resource} if ${g.condition}` : `${g.action} ${g.resource}`;
}

/** A KMS key, named by its alias so the same key reads the same in spec and output. */
export const keyByAlias = (region: string, account: string, alias: string) => `arn:aws:kms:${region}:${account}:key/<${alias}>`;

/** Roles of the stack by name. */
export function analyzeRoles(stack: SynthesizedStack): Map<string, RoleAccess> {
  const resolver = new ReferenceResolver(stack);
  const resources = stack.resource ?? {};
  const roles = new Map<
    string,
    {
      trust: PolicyJson;
      boundary?: string;
      grants: Map<string, Grant>;
      policies: Record<string, PolicyJson>;
      attached: string[];
      unsupported: string[];
      wildcards: string[];
    }
  >();

  for (const [, role] of Object.entries(resources.aws_iam_role ?? {})) {
    const name = resolver.resolve(String(role.name));
    roles.set(name, {
      trust: parseTemplate(resolver, String(role.assume_role_policy)),
      boundary: role.permissions_boundary === undefined ? undefined : resolver.resolve(String(role.permissions_boundary)),
      grants: new Map(),
      policies: {},
      attached: [],
      unsupported: [],
      wildcards: [],
    });
  }
  const roleOf = (ref: unknown, where: string) => {
    const name = resolver.resolve(String(ref));
    const role = roles.get(name);
    if (!role) throw new Error(`${where} names the role ${name}, which the stack does not define`);
    return role;
  };
  for (const [id, policy] of Object.entries(resources.aws_iam_role_policy ?? {})) {
    const role = roleOf(policy.role, `aws_iam_role_policy.${id}`);
    // The policy is a Terraform string template: references (which may hold quotes, as in
    // `replace(x, "a", "b")`) are swapped for markers before the JSON is parsed.
    const { text, restore } = resolver.markReferences(String(policy.policy));
    const raw = JSON.parse(text) as PolicyJson;
    role.wildcards.push(...wildcardsInExactConditions(raw));
    const document = restore(raw) as PolicyJson;
    role.policies[resolver.resolve(String(policy.name))] = document;
    for (const statement of document.Statement) expandStatement(statement, role.grants, role.unsupported);
  }
  for (const [id, attachment] of Object.entries(resources.aws_iam_role_policy_attachment ?? {})) {
    roleOf(attachment.role, `aws_iam_role_policy_attachment.${id}`).attached.push(resolver.resolve(String(attachment.policy_arn)));
  }

  return new Map(
    [...roles.entries()].map(([roleName, r]) => [
      roleName,
      {
        roleName,
        trust: r.trust,
        permissionsBoundary: r.boundary,
        grants: [...r.grants.values()].sort((a, b) => (grantKey(a) < grantKey(b) ? -1 : 1)),
        policies: r.policies,
        attachedPolicies: r.attached,
        unsupported: r.unsupported,
        wildcardsInExactConditions: r.wildcards,
      },
    ]),
  );
}

function parseTemplate(resolver: ReferenceResolver, template: string): PolicyJson {
  const { text, restore } = resolver.markReferences(template);
  return restore(JSON.parse(text)) as PolicyJson;
}

/** The grants of one policy document as IAM holds it (no references left to resolve). */
export function grantsOf(document: PolicyJson): Grant[] {
  const grants = new Map<string, Grant>();
  const unsupported: string[] = [];
  for (const statement of document.Statement) expandStatement(statement, grants, unsupported);
  if (unsupported.length > 0) throw new Error(`statements the analysis cannot expand exactly: ${unsupported.join(', ')}`);
  return [...grants.values()].sort((a, b) => (grantKey(a) < grantKey(b) ? -1 : 1));
}

const EXACT_OPERATORS = /^(StringEquals|StringEqualsIgnoreCase|ArnEquals)(IfExists)?$/;

function wildcardsInExactConditions(document: PolicyJson): string[] {
  const found: string[] = [];
  for (const statement of document.Statement) {
    const condition = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
    for (const [operator, keys] of Object.entries(condition)) {
      if (!EXACT_OPERATORS.test(operator)) continue;
      for (const [key, values] of Object.entries(keys)) {
        for (const v of list(values)) if (/[*?]/.test(v)) found.push(`${operator} ${key} ${v}`);
      }
    }
  }
  return found;
}

function expandStatement(statement: Record<string, unknown>, into: Map<string, Grant>, unsupported: string[]): void {
  const label = JSON.stringify(statement);
  if (statement.Effect !== 'Allow' || 'NotAction' in statement || 'NotResource' in statement || 'NotPrincipal' in statement) {
    unsupported.push(label);
    return;
  }
  const actions = list(statement.Action);
  const resources = list(statement.Resource);
  const conditions = expandConditions(statement.Condition as Record<string, Record<string, unknown>> | undefined);
  for (const action of actions) {
    for (const resource of resources) {
      for (const condition of conditions) {
        const grant = { action, resource, condition };
        into.set(grantKey(grant), grant);
      }
    }
  }
}

/**
 * Conditions as the alternatives they allow: values of one key are OR'd, keys are AND'd, so a
 * key with n values gives n alternatives (cartesian across keys).
 */
function expandConditions(condition: Record<string, Record<string, unknown>> | undefined): string[] {
  if (!condition) return [''];
  const atoms: string[][] = [];
  for (const [operator, keys] of Object.entries(condition)) {
    for (const [key, values] of Object.entries(keys)) {
      atoms.push(list(values).map((v) => `${operator}:${key}=${v}`));
    }
  }
  atoms.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return atoms.reduce<string[]>((acc, options) => acc.flatMap((prefix) => options.map((o) => (prefix ? `${prefix}&${o}` : o))), ['']);
}

function list(value: unknown): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** Turns `${aws_x.id.attr}` references into the names and ARNs they stand for. */
class ReferenceResolver {
  private readonly providers = new Map<string, { region: string; account: string }>();
  private readonly resources: NonNullable<SynthesizedStack['resource']>;
  private readonly locals: NonNullable<SynthesizedStack['locals']>;

  constructor(stack: SynthesizedStack) {
    this.resources = stack.resource ?? {};
    this.locals = stack.locals ?? {};
    for (const p of stack.provider?.aws ?? []) {
      const accounts = (p.allowed_account_ids as string[] | undefined) ?? [];
      this.providers.set(`aws.${String(p.alias)}`, { region: String(p.region), account: accounts[0] ?? '<account>' });
    }
  }

  /** Replaces each `${...}` by a marker; `restore` puts the resolved values back into parsed JSON. */
  markReferences(template: string): { text: string; restore: (parsed: unknown) => unknown } {
    const values: string[] = [];
    const text = template.replace(/\$\{([^}]*)\}/g, (_, expression: string) => {
      values.push(this.expression(expression.trim()));
      return `@@ref${values.length - 1}@@`;
    });
    const put = (v: unknown): unknown => {
      if (typeof v === 'string') return v.replace(/@@ref(\d+)@@/g, (_, i: string) => values[Number(i)]);
      if (Array.isArray(v)) return v.map(put);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [put(k) as string, put(x)]));
      return v;
    };
    return { text, restore: put };
  }

  resolveDeep(value: unknown): unknown {
    if (typeof value === 'string') return this.resolve(value);
    if (Array.isArray(value)) return value.map((v) => this.resolveDeep(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.resolve(k), this.resolveDeep(v)]));
    }
    return value;
  }

  /** Replaces each `${type.id.attr}` in a string; anything it cannot resolve stays as `<unresolved ...>`. */
  resolve(text: string): string {
    return text.replace(/\$\{([^}]*)\}/g, (_, expression: string) => this.expression(expression.trim()));
  }

  private expression(expression: string): string {
    // `replace(ref, "from", "to")`: how a replica's ARN is derived from the primary's.
    const replaced = /^replace\((.+), "([^"]*)", "([^"]*)"\)$/.exec(expression);
    if (replaced) return this.expression(replaced[1].trim()).split(replaced[2]).join(replaced[3]);
    const local = /^local\.([A-Za-z0-9_-]+)$/.exec(expression);
    if (local) return local[1] in this.locals ? this.resolve(String(this.locals[local[1]])) : `<unresolved ${expression}>`;
    const ref = /^(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)$/.exec(expression);
    if (!ref) return `<unresolved ${expression}>`;
    const [, type, id, attribute] = ref;
    const resource = this.resources[type]?.[id];
    if (!resource) return `<unresolved ${expression}>`;
    const where = this.providers.get(String(resource.provider)) ?? { region: '<region>', account: '<account>' };
    const name = () => this.resolve(String(resource.name));
    switch (`${type}.${attribute}`) {
      case 'aws_iam_role.name':
      case 'aws_iam_role.id':
      case 'aws_secretsmanager_secret.name':
      case 'aws_ssm_parameter.name':
        return name();
      case 'aws_iam_role.arn':
        return `arn:aws:iam::${where.account}:role/${name()}`;
      case 'aws_secretsmanager_secret.arn':
      case 'aws_secretsmanager_secret.id':
        return `arn:aws:secretsmanager:${where.region}:${where.account}:secret:${name()}-??????`;
      case 'aws_ssm_parameter.arn':
        return `arn:aws:ssm:${where.region}:${where.account}:parameter${name()}`;
      case 'aws_kms_key.arn':
      case 'aws_kms_replica_key.arn':
      case 'aws_kms_key.key_id':
      case 'aws_kms_replica_key.key_id':
        return keyByAlias(where.region, where.account, this.aliasOf(type, id));
      default:
        return `<unresolved ${expression}>`;
    }
  }

  /** The alias that targets a key: keys have no name of their own. */
  private aliasOf(type: string, id: string): string {
    for (const alias of Object.values(this.resources.aws_kms_alias ?? {})) {
      if (new RegExp(`^\\$\\{${type}\\.${id}\\.(arn|key_id|id)\\}$`).test(String(alias.target_key_id))) return String(alias.name);
    }
    return `<no alias for ${type}.${id}>`;
  }
}
