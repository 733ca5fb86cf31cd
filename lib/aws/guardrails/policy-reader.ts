/**
 * IAM, key and resource policies as rules read them: a list of statements with every field as
 * a list, whether the policy was written as a JSON string (the kit's `PolicyDocument.toJson()`)
 * or as an `aws_iam_policy_document` data source referenced from the attribute.
 */
import { Config, asList, blocks, isObject, referencedAddress } from '../../guardrails/config';
import type { StackView } from '../../guardrails/rule';

export interface Statement {
  readonly effect: 'Allow' | 'Deny';
  /** `*`, or `{ AWS: [...] }` flattened to its values; empty for identity policies. */
  readonly principals: readonly string[];
  readonly actions: readonly string[];
  /** `NotAction` given: the statement covers every action except these. */
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  /** `NotResource` given: the statement covers every resource except these. */
  readonly notResources: readonly string[];
  /** Condition keys, e.g. `aws:PrincipalAccount`, lower-cased. */
  readonly conditionKeys: readonly string[];
}

export type PolicyRead = { readonly statements: readonly Statement[] } | { readonly unreadable: string };

/** Reads a policy attribute; `undefined` when the attribute is not set. */
export function readPolicy(value: unknown, stack?: StackView): PolicyRead | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const referenced = typeof value === 'string' ? fromDataSource(value, stack) : undefined;
  if (referenced) return referenced;
  if (typeof value === 'string' && /^\s*\$\{[^}]*\}\s*$/.test(value)) {
    return { unreadable: `the policy is the expression ${value}, whose statements cannot be read before apply` };
  }
  let doc: unknown = value;
  if (typeof value === 'string') {
    doc = parseTemplateJson(value);
    if (doc === undefined) return { unreadable: 'the policy is not JSON (render it with PolicyDocument.toJson())' };
  }
  if (!isObject(doc)) return { unreadable: 'the policy is not a JSON object' };
  return { statements: asList(doc.Statement).filter(isObject).map(fromJson) };
}

/**
 * JSON.parse for a Terraform template: `${...}` expressions inside string values (ARN
 * references, `replace(...)` calls with their own quotes) are set aside while parsing and put
 * back afterwards, exactly as Terraform evaluates them before the JSON reaches AWS.
 */
export function parseTemplateJson(text: string): unknown {
  const expressions: string[] = [];
  let masked = '';
  let copied = 0;
  for (let i = text.indexOf('${'); i >= 0; i = text.indexOf('${', i + 1)) {
    // `$${` is Terraform's escape for a literal `${`.
    const end = text.charAt(i - 1) !== '$' ? expressionEnd(text, i + 2) : -1;
    if (end < 0) continue;
    masked += `${text.slice(copied, i)}@@EXPR${expressions.length}@@`;
    expressions.push(text.slice(i, end + 1));
    copied = end + 1;
    i = end;
  }
  masked += text.slice(copied);
  try {
    return restore(JSON.parse(masked), expressions);
  } catch {
    return undefined;
  }
}

/** Index of the `}` closing an expression that starts at `from`, skipping nested braces and quoted strings. */
function expressionEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') {
      for (i++; i < text.length && text.charAt(i) !== '"'; i++) if (text.charAt(i) === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function restore(value: unknown, expressions: readonly string[]): unknown {
  if (typeof value === 'string') return value.replace(/@@EXPR(\d+)@@/g, (_m, n: string) => expressions[Number(n)]);
  if (Array.isArray(value)) return value.map((v) => restore(v, expressions));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v, expressions)]));
  return value;
}

function fromJson(s: Config): Statement {
  return {
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    principals: principalValues(s.Principal),
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    notResources: strings(s.NotResource),
    conditionKeys: isObject(s.Condition)
      ? Object.values(s.Condition).flatMap((byKey) => (isObject(byKey) ? Object.keys(byKey) : [])).map((k) => k.toLowerCase())
      : [],
  };
}

/** `"*"` stays `*`; `{ AWS: "*", Service: "x" }` becomes `["*", "x"]`. */
function principalValues(principal: unknown): string[] {
  if (principal === undefined) return [];
  if (typeof principal === 'string') return [principal];
  if (isObject(principal)) return Object.values(principal).flatMap(strings);
  return strings(principal);
}

function strings(value: unknown): string[] {
  return asList(value).filter((v): v is string => typeof v === 'string');
}

/** A whole-attribute reference to `data.aws_iam_policy_document.x.json`: read its blocks instead. */
function fromDataSource(value: string, stack: StackView | undefined): PolicyRead | undefined {
  const address = referencedAddress(value);
  if (!stack || !address?.startsWith('data.aws_iam_policy_document.')) return undefined;
  const doc = stack.resolveReference(value);
  if (!doc) return undefined;
  return {
    statements: blocks(doc.config, 'statement').map((s) => ({
      effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
      principals: blocks(s, 'principals').flatMap((p) => strings(p.identifiers)),
      actions: strings(s.actions),
      notActions: strings(s.not_actions),
      resources: strings(s.resources),
      notResources: strings(s.not_resources),
      conditionKeys: blocks(s, 'condition').map((c) => String(c.variable ?? '').toLowerCase()),
    })),
  };
}

