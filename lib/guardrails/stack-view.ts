/**
 * A stack as the rules see it: every element of the configuration the stack will write
 * (`stack.toTerraform()`, so escape-hatch overrides and stack-level blocks are included), each
 * tied back to the construct that produced it and to its spec entry.
 */
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { AccountModel, EnvironmentModel } from '../aws/model';
import { Config, isObject, referencedAddress } from './config';
import { inferOrigins, markedOrigin } from './origin';
import type { ElementKind, ResourceView, StackView } from './rule';

export interface StackScope {
  readonly environment?: EnvironmentModel;
  readonly account?: AccountModel;
}

export interface BuiltStackView {
  readonly view: StackView;
  /** The construct that produced each element, by address (the stack itself when unknown). */
  readonly constructs: ReadonlyMap<string, IConstruct>;
}

interface RawElement {
  readonly kind: ElementKind;
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly config: Config;
  readonly construct: IConstruct;
}

export function buildStackView(stack: TerraformStack, scope: StackScope): BuiltStackView {
  const synthesized = stack.toTerraform() as Config;
  const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c] as const));
  const outputs = new Map(
    stack.node.findAll().filter(TerraformOutput.isTerraformOutput).map((o) => [o.friendlyUniqueId, o as IConstruct] as const),
  );
  const raw = rawElements(synthesized, stack, byPath, outputs);
  const origins = inferOrigins(
    raw.map((e) => ({ type: e.type, address: e.address, config: e.config, marked: markedOrigin(e.construct) })),
    scope,
  );
  const elements: ResourceView[] = raw.map((e) => ({
    kind: e.kind,
    type: e.type,
    name: e.name,
    address: e.address,
    path: e.construct.node.path,
    config: e.config,
    stack: stack.node.id,
    origin: origins.get(e.address),
  }));
  const byAddress = new Map(elements.map((e) => [e.address, e]));
  const view: StackView = {
    name: stack.node.id,
    elements,
    ofType: (type, kind = 'resource') => elements.filter((e) => e.type === type && e.kind === kind),
    resolveReference: (expression) => byAddress.get(referencedAddress(expression) ?? ''),
  };
  return { view, constructs: new Map(raw.map((e) => [e.address, e.construct])) };
}

function rawElements(
  synthesized: Config,
  stack: TerraformStack,
  byPath: ReadonlyMap<string, IConstruct>,
  outputs: ReadonlyMap<string, IConstruct>,
): RawElement[] {
  const found: RawElement[] = [];
  const constructOf = (config: Config): IConstruct => {
    const meta = isObject(config['//']) && isObject(config['//'].metadata) ? config['//'].metadata : {};
    return (typeof meta.path === 'string' ? byPath.get(meta.path) : undefined) ?? stack;
  };
  for (const [kind, prefix] of [['resource', ''], ['data', 'data.'], ['ephemeral', 'ephemeral.']] as const) {
    for (const [type, named] of entries(synthesized[kind])) {
      for (const [name, config] of entries(named)) {
        found.push({ kind, type, name, address: `${prefix}${type}.${name}`, config: clean(config), construct: constructOf(config) });
      }
    }
  }
  for (const [name, config] of entries(synthesized.output)) {
    found.push({ kind: 'output', type: 'output', name, address: `output.${name}`, config: clean(config), construct: outputs.get(name) ?? stack });
  }
  for (const [type, list] of Object.entries(isObject(synthesized.provider) ? synthesized.provider : {})) {
    for (const config of Array.isArray(list) ? list.filter(isObject) : []) {
      const name = typeof config.alias === 'string' ? config.alias : 'default';
      found.push({ kind: 'provider', type, name, address: `provider.${type}.${name}`, config: clean(config), construct: stack });
    }
  }
  return found;
}

function entries(value: unknown): Array<[string, Config]> {
  return isObject(value) ? Object.entries(value).filter((e): e is [string, Config] => isObject(e[1])) : [];
}

/** The configuration without cdktf's `//` metadata. */
function clean(config: Config): Config {
  const { ['//']: _meta, ...rest } = config;
  return rest;
}
