/**
 * Generated values on GCP: hashicorp/random's ephemeral `random_password` (random 3.7+),
 * produced at every plan and apply and never stored; only a write-only argument
 * (`secret_data_wo`) can take it. Secret Manager has no generator of its own, so this is the
 * GCP twin of AWS's `aws_secretsmanager_random_password`.
 *
 * The block is written through the one typed wrapper of ephemeral blocks the kit has
 * (`EphemeralResource`), which CDKTF 0.21 lacks a construct for.
 */
import type { Construct } from 'constructs';
import type { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { EphemeralResource } from '../cdktf/ephemeral';
import { GcpGenerateOptions, RANDOM_DEFAULT_SPECIALS, characterSets, generateOptionsProblem } from './rotation/generate';

export type { GcpGenerateOptions } from './rotation/generate';

/** The ephemeral block's arguments: at least one character of every class the value may hold. */
export function randomPasswordArguments(g: GcpGenerateOptions): Record<string, string | number | boolean | undefined> {
  const sets = characterSets(g);
  const special = sets.special.length > 0;
  const overridden = sets.special !== RANDOM_DEFAULT_SPECIALS;
  return {
    length: g.length,
    lower: !g.excludeLowercase,
    upper: !g.excludeUppercase,
    numeric: !g.excludeNumbers,
    special,
    override_special: special && overridden ? sets.special : undefined,
    min_lower: g.excludeLowercase ? 0 : 1,
    min_upper: g.excludeUppercase ? 0 : 1,
    min_numeric: g.excludeNumbers ? 0 : 1,
    min_special: special ? 1 : 0,
  };
}

export interface RandomPasswordProps {
  /** The block's name, unique in the stack; derived from the secret id, never an index. */
  readonly name: string;
  readonly provider: RandomProvider;
  readonly generate: GcpGenerateOptions;
}

/** `ephemeral "random_password" "NAME"`: one generated value, never stored. */
export class RandomPassword extends EphemeralResource {
  static readonly TYPE = 'random_password';

  constructor(scope: Construct, id: string, props: RandomPasswordProps) {
    const problem = generateOptionsProblem(props.generate);
    if (problem) throw new Error(`RandomPassword ${props.name}: ${problem}`);
    super(scope, id, { type: RandomPassword.TYPE, name: props.name, provider: props.provider, arguments: randomPasswordArguments(props.generate) });
  }

  /** `ephemeral.random_password.NAME.result`: only for write-only arguments. */
  get result(): string {
    return this.attribute('result');
  }
}
