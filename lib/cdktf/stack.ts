/**
 * A stack that is resolved once when it is written.
 *
 * CDKTF 0.21 resolves every element of every stack three times on synth: a "preparing" pass
 * over all stacks first, which exists only to discover references between stacks and add the
 * outputs and remote-state lookups that carry them; then each element again as the stack is
 * written; then the whole merged document once more. On a large platform those passes are most
 * of the synth time and a good share of its garbage.
 *
 * The kit's stacks never reference each other, by design: each environment and each audit
 * account is its own state, planned, reviewed and applied on its own, so no deploy waits on
 * another's outputs. This base class makes that a rule rather than a habit: a reference
 * between stacks is refused with an error naming both, and in exchange each element is
 * resolved once, in preparing mode, as its stack is written. Only the stack-level overrides
 * and metadata are resolved besides, not the whole document again; the text is written by
 * `stableJson`, not json-stable-stringify. The output is the one CDKTF writes, byte for byte
 * (`test/cdktf/stack.test.ts` compares them).
 *
 * Delete this file when CDKTF resolves a stack once.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ISynthesisSession, IStackSynthesizer, TerraformElement, TerraformOutput, TerraformStack } from 'cdktf';
import { resolve } from 'cdktf/lib/_tokens';
import { deepMerge } from 'cdktf/lib/util';
import type { Construct, IConstruct } from 'constructs';
import { stableJson } from './stable-json';

interface CdktfStackInternals {
  readonly rawOverrides: Record<string, unknown>;
  readonly cdktfVersion: string;
}

/** Thrown when one of the kit's stacks would read another's outputs. */
export class CrossStackReferenceError extends Error {}

export class IndependentStack extends TerraformStack {
  private readonly resolvedListeners: Array<(document: Record<string, unknown>) => void> = [];
  /** Set while CDKTF's synthesizer writes this stack: the document it asked for, written here. */
  private writing?: { document?: Record<string, unknown> };

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // CDKTF's synthesizer runs aspects, validations, the manifest and the annotations as ever;
    // only the configuration's text is written by `stableJson` (the same bytes, see there).
    const cdktf = this.synthesizer;
    this.synthesizer = { synthesize: (session) => this.synthesizeWith(cdktf, session) };
  }

  private synthesizeWith(cdktf: IStackSynthesizer, session: ISynthesisSession): void {
    const writing: { document?: Record<string, unknown> } = {};
    this.writing = writing;
    try {
      cdktf.synthesize(session);
    } finally {
      this.writing = undefined;
    }
    // Nothing to do when CDKTF wrote HCL instead (it asked for no JSON document).
    if (writing.document === undefined) return;
    fs.writeFileSync(path.join(session.outdir, session.manifest.forStack(this).synthesizedStackPath), stableJson(writing.document));
  }

  /**
   * Calls `listener` with the stack's resolved configuration each time it is synthesized, just
   * before CDKTF writes that same object as `cdk.tf.json`: a check can judge the output without
   * reading it back. The listener must not change the document.
   */
  whenResolved(listener: (document: Record<string, unknown>) => void): void {
    this.resolvedListeners.push(listener);
  }

  /** Resolution happens as the stack is written; the preparing pass only makes sure of a backend. */
  prepareStack(): void {
    this.ensureBackendExists();
  }

  /** What CDKTF's `toTerraform` writes, with each element resolved once. */
  toTerraform(): any {
    // Both are private in the typings; they are what CDKTF's own `toTerraform` reads.
    const { rawOverrides: overrides, cdktfVersion } = this as unknown as CdktfStackInternals;
    const tf: Record<string, unknown> = {};
    const metadata: Record<string, unknown> = {
      version: cdktfVersion,
      stackName: this.node.id,
      backend: 'local', // overwritten by backend implementations
      cloud: undefined,
      ...(Object.keys(overrides).length > 0 ? { overrides: { stack: Object.keys(overrides) } } : {}),
    };
    const elements = elementsOf(this);
    for (const element of elements) deepMerge(metadata, resolve(this, element.toMetadata()));
    const outputs: Record<string, unknown> = {};
    for (const element of elements) {
      if (!TerraformOutput.isTerraformOutput(element)) continue;
      deepMerge(
        outputs,
        element.node.path
          .split('/')
          .reduceRight<Record<string, unknown>>(
            (inner, part) => ({ [part]: Object.keys(inner).length === 0 ? element.friendlyUniqueId : inner }),
            {},
          ),
      );
    }
    tf['//'] = resolve(this, { metadata, outputs });
    // Preparing mode: a reference to another stack reaches `registerIncomingCrossStackReference`
    // below and is refused, instead of resolving to an address this stack does not declare.
    resolving = this.node.id;
    try {
      for (const element of elements) deepMerge(tf, resolve(this, withoutUndefined(element.toTerraform()), true));
    } finally {
      resolving = undefined;
    }
    deepMerge(tf, resolve(this, overrides));
    for (const listener of this.resolvedListeners) listener(tf);
    if (this.writing) {
      // CDKTF writes this placeholder, and `synthesizeWith` replaces it with the document's text.
      this.writing.document = tf;
      return {};
    }
    return tf;
  }

  registerIncomingCrossStackReference(fromStack: TerraformStack): never {
    throw crossStackReference(this.node.id, `a value of stack ${fromStack.node.id}`);
  }

  registerOutgoingCrossStackReference(identifier: string): never {
    throw crossStackReference(resolving ?? 'another stack', `${identifier} of stack ${this.node.id}`);
  }
}

/** The stack being resolved, so a refused reference names the stack it comes from. */
let resolving: string | undefined;

function crossStackReference(from: string, to: string): CrossStackReferenceError {
  return new CrossStackReferenceError(
    `stack ${from} refers to ${to}: the kit's stacks are independent (each is its own state, deployed on its own), ` +
      'so a value two stacks need must come from the spec, not from one of them',
  );
}

/**
 * `value` without the keys whose value is undefined, in plain objects and arrays at any depth
 * (a provider binding hands over every attribute it has, set or not); what has none is returned
 * as it is, not copied. CDKTF's resolution drops
 * those keys anyway, after paying for a resolution context per key and per value; tokens and
 * other class instances are left as they are, for the resolution to handle.
 */
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const pruned = item === undefined ? item : withoutUndefined(item);
      if (out === undefined && (pruned !== item || item === undefined)) out = value.slice(0, i);
      if (out !== undefined && pruned !== undefined) out.push(pruned);
    }
    return out ?? value;
  }
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const keys = Object.keys(value);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const item = (value as Record<string, unknown>)[keys[i]];
    const pruned = item === undefined ? item : withoutUndefined(item);
    if (out === undefined && (pruned !== item || item === undefined)) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]] = (value as Record<string, unknown>)[keys[j]];
    }
    if (out !== undefined && pruned !== undefined) out[keys[i]] = pruned;
  }
  return out ?? value;
}

/** The stack's elements in construct order, not descending into nested stacks (as CDKTF walks them). */
function elementsOf(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (TerraformStack.isStack(child)) continue;
    elementsOf(child, into);
  }
  return into;
}
