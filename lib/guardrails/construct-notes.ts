/**
 * Facts written on constructs for the pack (a spec origin, a suppression), kept by construct
 * path per construct tree. The pack judges the configuration CDKTF writes, whose elements carry their
 * construct path (`"//": {"metadata": {"path": ...}}`), so it finds these facts by path,
 * without walking the tree or resolving anything. A construct's path never changes once it
 * exists, so recording it at the time of writing is exact.
 */
import type { IConstruct } from 'constructs';

export class ConstructNotes<T> {
  private readonly byTree = new WeakMap<IConstruct, Map<string, T[]>>();

  /** Records `note` on `construct` (and so on everything beneath it), after any earlier ones. */
  add(construct: IConstruct, note: T): void {
    const byPath = this.treeOf(construct);
    byPath.set(construct.node.path, [...(byPath.get(construct.node.path) ?? []), note]);
  }

  /** Records `note` on `construct` in place of any earlier one. */
  set(construct: IConstruct, note: T): void {
    this.treeOf(construct).set(construct.node.path, [note]);
  }

  private treeOf(construct: IConstruct): Map<string, T[]> {
    const root = construct.node.root;
    const byPath = this.byTree.get(root) ?? new Map<string, T[]>();
    this.byTree.set(root, byPath);
    return byPath;
  }

  /**
   * Notes on the construct at `path` and on each of its ancestors, nearest first, in the tree
   * of `tree` (any construct of it: the app, a stack).
   */
  at(tree: IConstruct | undefined, path: string): T[] {
    const byPath = tree ? this.byTree.get(tree.node.root) : undefined;
    if (!byPath) return [];
    const found: T[] = [];
    for (let p: string | undefined = path; p !== undefined; p = parentOf(p)) found.push(...(byPath.get(p) ?? []));
    return found;
  }
}

/** `a/b/c` -> `a/b` -> `a` -> `` (the app) -> undefined. */
function parentOf(path: string): string | undefined {
  if (path === '') return undefined;
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
