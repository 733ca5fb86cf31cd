/**
 * Loads a spec file (YAML or JSON), validates it completely and resolves it into the model.
 * Every problem found is collected and thrown once as a `SpecError`, each with its place in
 * the file (spec path and line), so one run shows everything to fix.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Document, LineCounter, isNode, isScalar, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import type { CloudSupport } from './backend';
import { capabilityProblems } from './capabilities';
import { Problem, SpecError, SpecPath, describeValue, formatPath, problem } from './errors';
import type { PlatformModel } from './model';
import { findCollisions, resolve } from './resolve';
import { CloudSpecFragment, PlatformSpec, platformSchemaFor } from './schema';
import { validateSpec } from './validate';

export interface LoadOptions {
  /** The clouds this build can provision, by `cloud:` value. */
  readonly clouds: Readonly<Record<string, CloudSupport>>;
  /** The cloud of a spec without `cloud:`. */
  readonly defaultCloud: string;
  /**
   * Clouds whose spec is known but whose backend is not part of this build: a spec naming one
   * is refused as not available, and their keys are still recognized in messages.
   * @default none
   */
  readonly unavailable?: Readonly<Record<string, CloudSpecFragment>>;
}

/** Error texts of the cloud choice, next to the check. */
export const CLOUD_ERRORS = {
  unknown: (got: unknown, known: readonly string[]) => `got ${describeValue(got)}; expected one of: ${known.join(', ')}`,
  unavailable: (cloud: string, available: readonly string[]) =>
    `the \`${cloud}\` backend is not available in this build yet; available: ${available.join(', ')}`,
  otherCloudKey: (key: string, owners: readonly string[], cloud: string) =>
    `\`${key}\` is a setting of ${owners.map((c) => `\`cloud: ${c}\``).join(' and ')} only; this spec is \`cloud: ${cloud}\`: remove it or use that cloud's equivalent`,
} as const;

type Schema = ReturnType<typeof platformSchemaFor>;
const schemaCache = new WeakMap<CloudSpecFragment, Schema>();

/** The full schema of one cloud (its fragment merged into the neutral spec). */
export function schemaOf(fragment: CloudSpecFragment, defaultCloud: string): Schema {
  let schema = schemaCache.get(fragment);
  if (!schema) {
    schema = platformSchemaFor(fragment, { isDefault: fragment.cloud === defaultCloud });
    schemaCache.set(fragment, schema);
  }
  return schema;
}

export interface LoadedPlatform {
  readonly file: string;
  readonly spec: PlatformSpec;
  readonly model: PlatformModel;
}

/** Reads and loads a spec file; throws `SpecError` listing every problem. */
export function loadPlatformFile(file: string, options: LoadOptions): LoadedPlatform {
  const shown = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable');
    throw new SpecError(
      [problem([], `cannot read the spec (${why}): create it, or point PLATFORM_SPEC at a YAML or JSON spec`)],
      shown,
    );
  }
  return { file: shown, ...loadPlatformText(text, shown, options) };
}

/** Loads a spec from text; `file` is only used in messages. */
export function loadPlatformText(text: string, file: string, options: LoadOptions): { spec: PlatformSpec; model: PlatformModel } {
  if (text.trim() === '') {
    throw new SpecError([problem([], 'the spec is empty: start from the example `platform.yaml`')], file);
  }
  const lines = new LineCounter();
  // Duplicate keys are found in one pass below: the parser's own check compares every pair.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, strict: true });
  const duplicates = duplicateKeys(doc, lines);
  if (doc.errors.length > 0 || duplicates.length > 0) {
    throw new SpecError(
      [...doc.errors.map((err) => {
        const pos = lines.linePos(err.pos[0]);
        const what = firstLine(err.message);
        return { path: [], message: `syntax error: ${what}`, line: pos.line, column: pos.col };
      }), ...duplicates].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
      file,
    );
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  return loadPlatformObject(raw, file, options, doc, lines);
}

/** Loads a spec already parsed into plain data (e.g. from a test). */
export function loadPlatformObject(
  raw: unknown,
  file: string,
  options: LoadOptions,
  doc?: Document,
  lines?: LineCounter,
): { spec: PlatformSpec; model: PlatformModel } {
  const locate = (p: Problem): Problem => withLine(p, doc, lines);
  const fail = (problems: Problem[]): never => {
    const located = problems.map(locate);
    located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new SpecError(located, file);
  };

  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fail([problem([], `the spec must be a mapping of keys (project, environments, ...); got ${describeValue(raw)}`)]);
  }
  const cloudName = (raw as { cloud?: unknown }).cloud ?? options.defaultCloud;
  const available = Object.keys(options.clouds);
  const unavailable = options.unavailable ?? {};
  if (typeof cloudName !== 'string' || !(cloudName in options.clouds)) {
    fail([
      typeof cloudName === 'string' && cloudName in unavailable
        ? problem(['cloud'], CLOUD_ERRORS.unavailable(cloudName, available))
        : problem(['cloud'], CLOUD_ERRORS.unknown(cloudName, [...available, ...Object.keys(unavailable)])),
    ]);
  }
  const cloud = options.clouds[cloudName as string];
  const schema = schemaOf(cloud.spec, options.defaultCloud);
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    // The other clouds' schemas only explain a refused key: built (and their backends loaded) only then.
    const others = [...Object.values(options.clouds), ...Object.values(unavailable).map((spec) => ({ spec }))]
      .filter((c) => c.spec.cloud !== cloud.spec.cloud)
      .map((c) => ({ cloud: c.spec.cloud, schema: schemaOf(c.spec, options.defaultCloud) }));
    fail(parsed.error.issues.flatMap((issue) => toProblems(issue, { cloud: cloud.spec.cloud, schema, others })));
  }
  const spec = parsed.data as unknown as PlatformSpec;

  const semantic = [...validateSpec(spec), ...capabilityProblems(spec, cloud.spec.cloud, cloud.capabilities)];
  const cloudChecks = (model: PlatformModel): Problem[] => [...findCollisions(model), ...cloud.validate(model, spec)];
  if (semantic.length > 0) {
    // The cloud's checks run too, so every problem is printed at once (an unknown region and a
    // function naming another region are two lines, not one after the other). A spec too broken
    // to resolve has its semantic problems printed alone.
    let cloudProblems: Problem[] = [];
    try {
      cloudProblems = cloudChecks(resolve(spec));
    } catch {
      cloudProblems = [];
    }
    const seen = new Set(semantic.map((p) => `${formatPath(p.path)}\n${p.message}`));
    fail([...semantic, ...cloudProblems.filter((p) => !seen.has(`${formatPath(p.path)}\n${p.message}`))]);
  }

  const model = resolve(spec);
  const cloudProblems = cloudChecks(model);
  if (cloudProblems.length > 0) fail(cloudProblems);
  return { spec, model };
}

function duplicateKeys(doc: Document, lines: LineCounter): Problem[] {
  const found: Problem[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key) && isNode(pair.key) && pair.key.range) {
          const pos = lines.linePos(pair.key.range[0]);
          found.push({ path: [], message: `syntax error: the key ${describeValue(key)} appears twice in the same mapping; keep one`, line: pos.line, column: pos.col });
        }
        seen.add(key);
      }
    },
  });
  return found;
}

function firstLine(text: string): string {
  return text.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function withLine(p: Problem, doc: Document | undefined, lines: LineCounter | undefined): Problem {
  if (!doc || !lines || p.line !== undefined) return p;
  // A key's own position first (for unknown keys and keyed entries), then the nearest node
  // that exists in the file, walking up from the exact place.
  if (p.path.length > 0) {
    const parent = doc.getIn(p.path.slice(0, -1), true) as { items?: Array<{ key?: unknown }> } | undefined;
    const pair = parent?.items?.find((it) => isNode(it.key) && (it.key as { value?: unknown }).value === p.path[p.path.length - 1]);
    if (pair && isNode(pair.key) && pair.key.range) {
      const pos = lines.linePos(pair.key.range[0]);
      return { ...p, line: pos.line, column: pos.col };
    }
  }
  for (let n = p.path.length; n >= 0; n--) {
    const node = doc.getIn(p.path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lines.linePos(node.range[0]);
      return { ...p, line: pos.line, column: pos.col };
    }
  }
  return p;
}

type Issue = z.core.$ZodIssue;

interface SchemaContext {
  readonly cloud: string;
  readonly schema: unknown;
  /** The other clouds' schemas, to tell a typo from another cloud's key. */
  readonly others: ReadonlyArray<{ readonly cloud: string; readonly schema: unknown }>;
}

/** A zod issue in words: what was found, what is allowed. */
function toProblems(issue: Issue, context: SchemaContext): Problem[] {
  const at = issue.path as SpecPath;
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(context.schema, at);
      return issue.keys.map((key) => {
        const owners = context.others.filter((o) => allowedKeysAt(o.schema, at).includes(key)).map((o) => o.cloud);
        if (owners.length > 0) return problem([...at, key], CLOUD_ERRORS.otherCloudKey(key, owners, context.cloud));
        const hint = suggest(key, allowed);
        return problem(
          [...at, key],
          `unknown key${hint ? `; did you mean \`${hint}\`?` : ''}${allowed.length ? ` Allowed here: ${allowed.join(', ')}` : ''}`,
        );
      });
    }
    case 'invalid_type':
      if (input === undefined) return [problem(at, `required: ${issue.message.startsWith('Invalid input') ? `expected ${issue.expected}` : issue.message}`)];
      return [problem(at, `got ${describeValue(input)}; ${issue.message.startsWith('Invalid input') ? `expected ${expectedWords(issue.expected)}` : issue.message}`)];
    case 'invalid_key': {
      const inner = issue.issues.map((i) => i.message).join('; ');
      const key = at[at.length - 1];
      return [problem(at, `got ${describeValue(key)}; ${inner}`)];
    }
    case 'invalid_value':
      return [problem(at, `got ${describeValue(input)}; expected one of: ${issue.values.map((v) => String(v)).join(', ')}`)];
    case 'too_small':
    case 'too_big':
      return [problem(at, `got ${describeValue(input)}; ${issue.message}`)];
    default:
      return [problem(at, input !== undefined && typeof input !== 'object' ? `got ${describeValue(input)}; ${issue.message}` : issue.message)];
  }
}

function expectedWords(expected: string): string {
  return expected === 'object' ? 'a mapping' : expected === 'array' ? 'a list' : `a ${expected}`;
}

/** The keys a strict object accepts at a spec path, from the schema itself. */
function allowedKeysAt(root: unknown, at: SpecPath): string[] {
  let schema: unknown = root;
  for (const part of [...at, undefined]) {
    schema = unwrap(schema);
    const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return [];
    if (part === undefined) return def.type === 'object' ? Object.keys(def.shape as object) : [];
    if (def.type === 'object') schema = (def.shape as Record<string, unknown>)[String(part)];
    else if (def.type === 'record') schema = def.valueType;
    else if (def.type === 'array') schema = def.element;
    else if (def.type === 'union') {
      const options = def.options as unknown[];
      schema = options.map(unwrap).find((o) => (o as { _zod: { def: { type: string } } })._zod.def.type === 'object');
    } else return [];
  }
  return [];
}

function unwrap(schema: unknown): unknown {
  let s = schema as { _zod?: { def?: { type?: string; innerType?: unknown } } };
  while (s?._zod?.def && ['optional', 'default', 'nullable', 'prefault'].includes(s._zod.def.type ?? '')) {
    s = s._zod.def.innerType as typeof s;
  }
  return s;
}

/** The closest allowed key, when a typo is likely. */
function suggest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of allowed) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
