/**
 * A stack as the rules see it: every element of the configuration CDKTF wrote for it
 * (`cdk.tf.json`, so escape-hatch overrides and stack-level blocks are included), each with the
 * construct path CDKTF recorded for it and its spec entry. Built from the JSON alone: nothing
 * is resolved a second time.
 */
import type { IConstruct } from 'constructs';
import type { AccountModel, EnvironmentModel } from '../core/model';
import { Config, isObject, referencedAddress } from './config';
import { inferOrigins, markedOrigin } from './origin';
import type { ElementKind, OriginHints, ResourceView, StackView } from './rule';

/** One stack's configuration as CDKTF synthesized it. */
export interface SynthesizedStack {
  /** The stack's name (its construct id), e.g. `acme-payments-dev`. */
  readonly name: string;
  /** The parsed `cdk.tf.json`, with CDKTF's `//` metadata. */
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
  return {
    name: stack.name,
    elements,
    ofType: (type, kind = 'resource') => elements.filter((e) => e.type === type && e.kind === kind),
    resolveReference: (expression) => byAddress.get(referencedAddress(expression) ?? ''),
  };
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
