/**
 * A stack as the rules see it: every element of the configuration CDKTF wrote for it
 * (`cdk.tf.json`, so escape-hatch overrides and stack-level blocks are included), each with the
 * construct path CDKTF recorded for it and its spec entry. Built from the JSON alone: nothing
 * is resolved a second time.
 */
import type { IConstruct } from 'constructs';
import type { AccountModel, EnvironmentModel } from '../core/model';
import { Config, isExpression, isObject, referencedAddress, stringsIn } from './config';
import { inferOrigins, markedOrigin } from './origin';
import type { ElementKind, OriginHints, ResourceView, StackView } from './rule';

/** One stack's configuration as CDKTF synthesized it. */
export interface SynthesizedStack {
  /** The stack's name (its construct id), e.g. `acme-payments-dev`. */
  readonly name: string;
  /** The configuration CDKTF writes as `cdk.tf.json` (or read back from it), with its `//` metadata. */
  readonly config: Config;
  /**
   * The construct tree the stack was built in (the app, or any construct of it), where marks
   * and suppressions written on constructs are looked up by path.
   * @default none: only the spec's origins and suppressions apply
   */
  readonly tree?: IConstruct;
}

export interface StackScope {
  readonly environment?: EnvironmentModel;
  readonly account?: AccountModel;
}

interface RawElement {
  readonly kind: ElementKind;
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly path: string;
  readonly config: Config;
}

export function buildStackView(stack: SynthesizedStack, scope: StackScope, hints: OriginHints): StackView {
  const raw = rawElements(stack.config, stack.name);
  const origins = inferOrigins(
    raw.map((e) => ({ type: e.type, address: e.address, config: e.config, marked: markedOrigin(stack.tree, e.path) })),
    scope,
    hints,
  );
  const elements: ResourceView[] = raw.map((e) => ({ ...e, stack: stack.name, origin: origins.get(e.address) }));
  const byAddress = new Map(elements.map((e) => [e.address, e]));
  const byType = groupBy(elements, (e) => `${e.kind} ${e.type}`);
  const indexes = new Map<string, Map<string, ResourceView[]>>();
  return {
    name: stack.name,
    elements,
    ofType: (type, kind = 'resource') => byType.get(`${kind} ${type}`) ?? [],
    resolveReference: (expression) => byAddress.get(referencedAddress(expression) ?? ''),
    referrers: (address, type) => {
      const key = type ?? '';
      let index = indexes.get(key);
      if (!index) {
        index = referenceIndex(type === undefined ? elements : (byType.get(`resource ${type}`) ?? []));
        indexes.set(key, index);
      }
      return index.get(address) ?? [];
    },
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Address -> the resources whose expressions may refer to it. An expression refers to
 * `type.name` when the address starts a run of address characters and ends where the run ends
 * or at a `.` (`${aws_kms_key.k.arn}`), so every such prefix of every run is a key: a superset
 * of what `refersTo` accepts, which the caller applies to the attribute it means.
 */
function referenceIndex(elements: readonly ResourceView[]): Map<string, ResourceView[]> {
  const index = new Map<string, ResourceView[]>();
  for (const element of elements) {
    if (element.kind !== 'resource') continue;
    const keys = new Set<string>();
    for (const { value } of stringsIn(element.config)) {
      if (!isExpression(value)) continue;
      for (const run of value.match(/[A-Za-z0-9_.-]+/g) ?? []) {
        for (let dot = run.indexOf('.'); dot >= 0; dot = run.indexOf('.', dot + 1)) keys.add(run.slice(0, dot));
        keys.add(run);
      }
    }
    for (const key of keys) {
      const list = index.get(key);
      if (list) list.push(element);
      else index.set(key, [element]);
    }
  }
  return index;
}

function rawElements(synthesized: Config, stackName: string): RawElement[] {
  const found: RawElement[] = [];
  const pathOf = (config: Config): string => {
    const meta = isObject(config['//']) && isObject(config['//'].metadata) ? config['//'].metadata : {};
    return typeof meta.path === 'string' ? meta.path : stackName;
  };
  for (const [kind, prefix] of [['resource', ''], ['data', 'data.'], ['ephemeral', 'ephemeral.']] as const) {
    for (const [type, named] of entries(synthesized[kind])) {
      for (const [name, config] of entries(named)) {
        found.push({ kind, type, name, address: `${prefix}${type}.${name}`, path: pathOf(config), config: clean(config) });
      }
    }
  }
  const outputPaths = outputPathsOf(synthesized, stackName);
  for (const [name, config] of entries(synthesized.output)) {
    found.push({ kind: 'output', type: 'output', name, address: `output.${name}`, path: outputPaths.get(name) ?? stackName, config: clean(config) });
  }
  for (const [type, list] of Object.entries(isObject(synthesized.provider) ? synthesized.provider : {})) {
    for (const config of Array.isArray(list) ? list.filter(isObject) : []) {
      const name = typeof config.alias === 'string' ? config.alias : 'default';
      found.push({ kind: 'provider', type, name, address: `provider.${type}.${name}`, path: stackName, config: clean(config) });
    }
  }
  return found;
}

/**
 * Output name -> construct path. Outputs carry no metadata of their own; CDKTF writes them in
 * the stack's `//.outputs`, a tree of construct ids whose leaves are output names.
 */
function outputPathsOf(synthesized: Config, stackName: string): Map<string, string> {
  const paths = new Map<string, string>();
  const meta = isObject(synthesized['//']) ? synthesized['//'] : {};
  const walk = (node: unknown, path: string): void => {
    if (typeof node === 'string') paths.set(node, path);
    else if (isObject(node)) for (const [id, child] of Object.entries(node)) walk(child, path === '' ? id : `${path}/${id}`);
  };
  const tree = isObject(meta.outputs) ? meta.outputs[stackName] : undefined;
  walk(tree, stackName);
  return paths;
}

function entries(value: unknown): Array<[string, Config]> {
  return isObject(value) ? Object.entries(value).filter((e): e is [string, Config] => isObject(e[1])) : [];
}

/** The configuration without cdktf's `//` metadata. */
function clean(config: Config): Config {
  if (!('//' in config)) return config;
  const { ['//']: _meta, ...rest } = config;
  return rest;
}
