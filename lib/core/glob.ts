/**
 * References from functions and syncs to secrets and parameters: a logical path, or a glob in
 * which `*` matches any run of characters, `/` included (as cloud resource patterns do). So
 * `db/*` is the whole subtree under `db/` and nothing beside it.
 */

export function isGlob(reference: string): boolean {
  return reference.includes('*');
}

export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/** The paths a reference selects, sorted. */
export function expand(reference: string, paths: readonly string[]): string[] {
  if (!isGlob(reference)) return paths.includes(reference) ? [reference] : [];
  const re = globToRegExp(reference);
  return paths.filter((p) => re.test(p)).sort();
}

/** `db/*` -> `db`: a reference that means exactly one subtree; undefined for anything else. */
export function subtreeOf(reference: string): string | undefined {
  if (!reference.endsWith('/*')) return undefined;
  const prefix = reference.slice(0, -2);
  return prefix.length > 0 && !isGlob(prefix) ? prefix : undefined;
}
