/**
 * Which spec entry a resource was built from, so findings name a place in `platform.yaml` and
 * the spec's suppressions reach the right resources.
 *
 * A construct may say it outright (`markOrigin(this, ['secrets', secret.path])`; the mark
 * covers everything beneath it). Otherwise the origin is inferred from the names the kit
 * gives resources (every name comes from `names.ts`, so a secret called
 * `{project}/{env}/{path}` came from `secrets.{path}`), then by following the attribute that
 * ties a dependent resource to its owner (a secret version's `secret_id`, a role policy's
 * `role`); which attributes those are is each cloud's {@link OriginHints}. Whatever remains
 * belongs to its environment, or to `audit` in an account stack.
 */
import type { IConstruct } from 'constructs';
import type { SpecPath } from '../core/errors';
import type { AccountModel, EnvironmentModel } from '../core/model';
import { referencedAddress } from './config';
import { ConstructNotes } from './construct-notes';
import type { OriginHints } from './rule';

const marks = new ConstructNotes<SpecPath>();

/** Declares that `construct` and everything beneath it come from the spec entry at `specPath`. */
export function markOrigin(construct: IConstruct, specPath: SpecPath): void {
  marks.set(construct, [...specPath]);
}

/** The nearest mark on the construct at `path` or one of its ancestors, in the tree of `tree`. */
export function markedOrigin(tree: IConstruct | undefined, path: string): SpecPath | undefined {
  return marks.at(tree, path)[0];
}

export interface OriginSubject {
  readonly type: string;
  readonly address: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly marked?: SpecPath;
}

/** Origins of every element of one stack. */
export function inferOrigins(
  elements: readonly OriginSubject[],
  scope: { readonly environment?: EnvironmentModel; readonly account?: AccountModel },
  hints: OriginHints,
): Map<string, SpecPath | undefined> {
  const byName = scope.environment ? hints.entryNames(scope.environment) : new Map<string, SpecPath>();
  const byAddress = new Map(elements.map((e) => [e.address, e]));
  const fallback: SpecPath | undefined = scope.environment
    ? ['environments', scope.environment.name]
    : scope.account
      ? ['audit']
      : undefined;

  const direct = (e: OriginSubject): SpecPath | undefined => {
    if (e.marked) return e.marked;
    for (const attribute of hints.nameAttributes) {
      const value = e.config[attribute];
      if (typeof value === 'string' && byName.has(value)) return byName.get(value);
    }
    return undefined;
  };
  const viaOwner = (e: OriginSubject, depth: number): SpecPath | undefined => {
    const found = direct(e);
    if (found || depth === 0) return found;
    const attribute = hints.ownerAttributes[e.type];
    const owner = attribute ? byAddress.get(referencedAddress(e.config[attribute]) ?? '') : undefined;
    return owner ? viaOwner(owner, depth - 1) : undefined;
  };
  return new Map(elements.map((e) => [e.address, viaOwner(e, 3) ?? fallback]));
}
