/**
 * The ephemeral-block helper: CDKTF 0.21 has no ephemeral construct, so the block goes through
 * the stack's override escape hatch. These tests pin the JSON Terraform reads
 * (`ephemeral.TYPE.NAME`), the provider meta-argument, escaping and refusals, with no cloud's
 * provider: the wrapper is shared by every backend.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { EphemeralResource } from '../../lib/cdktf/ephemeral';
import { literal } from '../../lib/cdktf/literal';

function stackWithProvider(): { stack: TerraformStack; provider: RandomProvider } {
  const stack = new TerraformStack(Testing.app(), 'test');
  const provider = new RandomProvider(stack, 'random', { alias: 'r' });
  return { stack, provider };
}

describe('EphemeralResource', () => {
  it('keeps two blocks of one type apart by name', () => {
    const { stack, provider } = stackWithProvider();
    new EphemeralResource(stack, 'a', { type: 'random_x', name: 'a', provider, arguments: { n: 1 } });
    new EphemeralResource(stack, 'b', { type: 'random_x', name: 'b', provider, arguments: { n: 2 } });
    expect(JSON.parse(Testing.synth(stack)).ephemeral.random_x).toEqual({ a: { n: 1, provider: 'random.r' }, b: { n: 2, provider: 'random.r' } });
  });

  it('leaves out undefined arguments, escapes strings and references an attribute as ephemeral.TYPE.NAME.ATTR', () => {
    const { stack, provider } = stackWithProvider();
    const block = new EphemeralResource(stack, 'a', { type: 'random_x', name: 'a', provider, arguments: { s: '${x}', n: 1, b: false, u: undefined } });
    expect(JSON.parse(Testing.synth(stack)).ephemeral.random_x).toEqual({ a: { s: '$${x}', n: 1, b: false, provider: 'random.r' } });
    expect(block.attribute('result')).toBe('${ephemeral.random_x.a.result}');
  });

  it('refuses a second block with the same type and name, which would silently merge', () => {
    const { stack, provider } = stackWithProvider();
    new EphemeralResource(stack, 'a', { type: 'random_x', name: 'same', provider, arguments: {} });
    expect(() => new EphemeralResource(stack, 'b', { type: 'random_x', name: 'same', provider, arguments: {} })).toThrow(
      /ephemeral\.random_x\.same is declared twice in stack test/,
    );
  });

  it('refuses a name Terraform would not accept', () => {
    const { stack, provider } = stackWithProvider();
    expect(() => new EphemeralResource(stack, 'a', { type: 'random_x', name: 'db/password', provider, arguments: {} })).toThrow(
      /name "db\/password" is not a Terraform identifier/,
    );
  });
});

describe('literal', () => {
  it('escapes interpolations and directives, and nothing else', () => {
    expect(literal('a${b}c%{d}e$f%g{}')).toBe('a$${b}c%%{d}e$f%g{}');
  });
});

describe('lib/cdktf knows no cloud', () => {
  const dir = path.join(__dirname, '..', '..', 'lib', 'cdktf');
  it.each(fs.readdirSync(dir).filter((f) => f.endsWith('.ts')))('%s imports no backend, provider package or cloud SDK', (file) => {
    const imports = [...fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.filter((i) => /^\.\.\/|@cdktf\/provider-|@aws-sdk|@google-cloud|googleapis|@azure/.test(i))).toEqual([]);
  });
});
