/**
 * Errors for people: every problem names its place in the spec, what was received and what is
 * allowed. Nothing here prints a stack trace; `main.ts` decides how to show them.
 */

/** A place in the spec, as keys and list indexes from the root. */
export type SpecPath = ReadonlyArray<string | number>;

export interface Problem {
  /** Where in the spec, e.g. `['secrets', 'db/password', 'rotation', 'every']`. */
  readonly path: SpecPath;
  /** What is wrong and what is allowed. */
  readonly message: string;
  /** 1-based line in the spec file, when the loader knows it. */
  readonly line?: number;
  readonly column?: number;
}

/** `secrets.db/password.rotation.every`, `functions.api.secrets[1]`. */
export function formatPath(path: SpecPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(root)' : out;
}

/** One line per problem: `platform.yaml:14:7: secrets.db/password.rotation.every: ...`. */
export function formatProblem(problem: Problem, file?: string): string {
  const where = file ? `${file}${problem.line ? `:${problem.line}${problem.column ? `:${problem.column}` : ''}` : ''}: ` : '';
  return `${where}${formatPath(problem.path)}: ${problem.message}`;
}

/** A value as it appears in a message: short, quoted, never multi-line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** The spec cannot be used: every problem found, in file order. */
export class SpecError extends Error {
  constructor(
    readonly problems: readonly Problem[],
    readonly file?: string,
  ) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${file ?? 'the platform spec'}:\n` +
        problems.map((p) => `  ${formatProblem(p, file)}`).join('\n'),
    );
    this.name = 'SpecError';
  }

  /** The lines a person reads, one problem each. */
  lines(): string[] {
    return this.problems.map((p) => formatProblem(p, this.file));
  }
}

/** Builds a problem; keeps call sites short and uniform. */
export function problem(path: SpecPath, message: string): Problem {
  return { path, message };
}
