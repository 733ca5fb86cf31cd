/**
 * A small evaluator for the subset of CloudWatch Logs JSON filter patterns the kit writes:
 * `{ expr }` with `&&`, `||`, parentheses, `$.a.b = "v"`, `$.a.b != "v"` (`*` is a wildcard
 * anywhere in the value) and `$.a.b NOT EXISTS`. It refuses anything else, and refuses `&&`
 * mixed with `||` without parentheses, so a pattern never depends on operator precedence.
 *
 * It checks the kit's pattern logic against sample CloudTrail records; it is not CloudWatch.
 * CloudWatch's documentation does not say whether `!=` matches a missing field, so the
 * evaluator takes that as an option and the tests assert the same outcome either way.
 */
export interface EvaluateOptions {
  /** Whether `$.x != "v"` matches when `x` is absent. */
  readonly notEqualsMatchesMissing: boolean;
}

type Token = { kind: 'op'; value: '&&' | '||' | '(' | ')' } | { kind: 'cmp'; field: string; op: '=' | '!=' | 'NOT EXISTS'; value?: string };

const COMPARISON = /^\$\.([A-Za-z0-9_.]+)\s*(=|!=)\s*"((?:[^"\\]|\\.)*)"/;
const NOT_EXISTS = /^\$\.([A-Za-z0-9_.]+)\s+NOT EXISTS/;

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let rest = body.trim();
  while (rest.length > 0) {
    const two = rest.slice(0, 2);
    let m: RegExpExecArray | null;
    if (two === '&&' || two === '||') {
      tokens.push({ kind: 'op', value: two });
      rest = rest.slice(2);
    } else if (rest[0] === '(' || rest[0] === ')') {
      tokens.push({ kind: 'op', value: rest[0] as '(' | ')' });
      rest = rest.slice(1);
    } else if ((m = NOT_EXISTS.exec(rest))) {
      tokens.push({ kind: 'cmp', field: m[1], op: 'NOT EXISTS' });
      rest = rest.slice(m[0].length);
    } else if ((m = COMPARISON.exec(rest))) {
      tokens.push({ kind: 'cmp', field: m[1], op: m[2] as '=' | '!=', value: JSON.parse(`"${m[3]}"`) as string });
      rest = rest.slice(m[0].length);
    } else {
      throw new Error(`unsupported filter pattern text at: ${rest.slice(0, 40)}`);
    }
    rest = rest.trimStart();
  }
  return tokens;
}

type Node = { and: Node[] } | { or: Node[] } | Extract<Token, { kind: 'cmp' }>;

function parse(tokens: Token[]): Node {
  let i = 0;
  const expr = (): Node => {
    const terms = [term()];
    let joiner: '&&' | '||' | undefined;
    while (i < tokens.length && tokens[i].kind === 'op' && (tokens[i] as { value: string }).value !== ')') {
      const op = (tokens[i] as { value: '&&' | '||' }).value;
      if (joiner && joiner !== op) throw new Error('`&&` and `||` mixed without parentheses');
      joiner = op;
      i++;
      terms.push(term());
    }
    if (terms.length === 1) return terms[0];
    return joiner === '&&' ? { and: terms } : { or: terms };
  };
  const term = (): Node => {
    const t = tokens[i++];
    if (!t) throw new Error('pattern ends early');
    if (t.kind === 'cmp') return t;
    if (t.value !== '(') throw new Error(`unexpected ${t.value}`);
    const inner = expr();
    const close = tokens[i++];
    if (!close || close.kind !== 'op' || close.value !== ')') throw new Error('missing `)`');
    return inner;
  };
  const root = expr();
  if (i !== tokens.length) throw new Error('trailing text');
  return root;
}

function lookup(event: unknown, field: string): unknown {
  return field.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), event);
}

function glob(value: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

function evaluate(node: Node, event: unknown, options: EvaluateOptions): boolean {
  if ('and' in node) return node.and.every((n) => evaluate(n, event, options));
  if ('or' in node) return node.or.some((n) => evaluate(n, event, options));
  const value = lookup(event, node.field);
  if (node.op === 'NOT EXISTS') return value === undefined;
  if (value === undefined || value === null) return node.op === '!=' ? options.notEqualsMatchesMissing : false;
  const matches = glob(String(value), node.value!);
  return node.op === '=' ? matches : !matches;
}

/** Whether `pattern` matches the JSON log event `event`. Throws on text outside the subset. */
export function matches(pattern: string, event: unknown, options: EvaluateOptions): boolean {
  const trimmed = pattern.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) throw new Error('not a JSON filter pattern');
  return evaluate(parse(tokenize(trimmed.slice(1, -1))), event, options);
}

/** Whether `pattern` matches under both readings of `!=` on a missing field, and they agree. */
export function matchesEitherWay(pattern: string, event: unknown): boolean {
  const a = matches(pattern, event, { notEqualsMatchesMissing: false });
  const b = matches(pattern, event, { notEqualsMatchesMissing: true });
  if (a !== b) throw new Error(`pattern outcome depends on how != treats a missing field: ${pattern}`);
  return a;
}

/** A CloudTrail record as CloudTrail writes it, trimmed to the fields the patterns read. */
export function cloudTrailEvent(fields: {
  source: string;
  name: string;
  caller: { role: string } | { user: string } | 'root';
  requestParameters?: Record<string, unknown>;
  errorCode?: string;
  account?: string;
}): Record<string, unknown> {
  const account = fields.account ?? '111111111111';
  const caller = fields.caller;
  const userIdentity =
    caller === 'root'
      ? { type: 'Root', arn: `arn:aws:iam::${account}:root`, accountId: account }
      : 'user' in caller
        ? { type: 'IAMUser', arn: `arn:aws:iam::${account}:user/${caller.user}`, userName: caller.user, accountId: account }
        : {
            type: 'AssumedRole',
            arn: `arn:aws:sts::${account}:assumed-role/${caller.role}/session`,
            accountId: account,
            sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${account}:role/${caller.role}`, userName: caller.role, accountId: account } },
          };
  return {
    eventVersion: '1.09',
    userIdentity,
    eventSource: fields.source,
    eventName: fields.name,
    awsRegion: 'eu-west-1',
    requestParameters: fields.requestParameters ?? null,
    ...(fields.errorCode ? { errorCode: fields.errorCode, errorMessage: 'denied' } : {}),
    readOnly: fields.name.startsWith('Get') || fields.name.startsWith('Describe'),
    eventType: 'AwsApiCall',
    recipientAccountId: account,
  };
}
