/**
 * Terraform ephemeral resources (Terraform 1.10+), which CDKTF 0.21 has no construct for. The
 * block is written through the stack's override escape hatch, once, here, typed; everything
 * else extends the class below. Ephemeral values are never stored in state or plan files,
 * and Terraform only lets them flow into write-only arguments (such as `secret_string_wo`).
 *
 * Cloud-neutral: each backend's own ephemeral resources (lib/aws/ephemeral.ts,
 * lib/gcp/random-password.ts) extend this class, so after a move to a CDK for Terraform with
 * ephemeral constructs, only this folder goes.
 */
import { Construct } from 'constructs';
import { TerraformProvider, TerraformStack } from 'cdktf';
import { literal } from './literal';

/** A Terraform identifier: what `ephemeral.TYPE.NAME` accepts as NAME. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export interface EphemeralResourceProps {
  /** The provider's ephemeral resource type, e.g. `aws_secretsmanager_random_password`. */
  readonly type: string;
  /** The block's name, unique per type in the stack; derive it from a stable name, never an index. */
  readonly name: string;
  /** Every resource sets its provider explicitly: the kit's providers are all aliased. */
  readonly provider: TerraformProvider;
  /** Arguments in Terraform's own (snake_case) spelling; `undefined` entries are left out. */
  readonly arguments: Readonly<Record<string, string | number | boolean | undefined>>;
}

/** One `ephemeral "TYPE" "NAME" { ... }` block. */
export class EphemeralResource extends Construct {
  readonly type: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: EphemeralResourceProps) {
    super(scope, id);
    if (!IDENTIFIER.test(props.name)) {
      throw new Error(`ephemeral ${props.type}: name ${JSON.stringify(props.name)} is not a Terraform identifier (letters, digits, _ and -, not starting with a digit)`);
    }
    const stack = TerraformStack.of(this);
    const path = `ephemeral.${props.type}.${props.name}`;
    claim(stack, path);
    this.type = props.type;
    this.name = props.name;
    const body = Object.fromEntries(
      Object.entries(props.arguments)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, typeof v === 'string' ? literal(v) : v]),
    );
    stack.addOverride(path, { ...body, provider: props.provider.fqn });
  }

  /** A reference to one of its attributes, for a write-only argument. */
  attribute(name: string): string {
    return `\${ephemeral.${this.type}.${this.name}.${name}}`;
  }
}

/** Stacks and the ephemeral blocks already written into them: a second one would silently merge. */
const claimed = new WeakMap<TerraformStack, Set<string>>();

function claim(stack: TerraformStack, path: string): void {
  const paths = claimed.get(stack) ?? new Set<string>();
  if (paths.has(path)) throw new Error(`${path} is declared twice in stack ${stack.node.id}: give each ephemeral block its own name`);
  paths.add(path);
  claimed.set(stack, paths);
}
