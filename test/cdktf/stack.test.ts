import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { App, TerraformStack } from 'cdktf';
import { Lazy } from 'cdktf';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { synthesize } from '../../lib/app';
import { GuardrailPack } from '../../lib/guardrails/pack';
import { CrossStackReferenceError, IndependentStack, withoutUndefined } from '../../lib/cdktf/stack';
import { generatedSpec } from '../support/generated-spec';

const ROOT = path.resolve(__dirname, '..', '..');

/** Every file under `dir`, by relative path, with its bytes. */
function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(path.relative(dir, full), fs.readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

/** Synthesizes `specPath` with CDKTF's own three resolution passes, as a stock `TerraformStack` does. */
function synthesizeAsStock(specPath: string, outdir: string): void {
  const prototype = IndependentStack.prototype;
  const [prepareStack, toTerraform] = [prototype.prepareStack, prototype.toTerraform];
  prototype.prepareStack = TerraformStack.prototype.prepareStack;
  prototype.toTerraform = TerraformStack.prototype.toTerraform;
  try {
    synthesize({ specPath, outdir });
  } finally {
    prototype.prepareStack = prepareStack;
    prototype.toTerraform = toTerraform;
  }
}

describe('IndependentStack: each element resolved once', () => {
  let work: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-stack-'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  function expectSameOutputAsStock(specPath: string): void {
    const [ours, stock] = [path.join(work, 'ours'), path.join(work, 'stock')];
    synthesize({ specPath, outdir: ours });
    synthesizeAsStock(specPath, stock);
    const [a, b] = [filesOf(ours), filesOf(stock)];
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [file, bytes] of a) expect({ file, text: bytes.toString('utf8') }).toEqual({ file, text: b.get(file)!.toString('utf8') });
  }

  test.each([
    ['the AWS example', path.join(ROOT, 'platform.yaml')],
    ['the Google Cloud example', path.join(ROOT, 'examples', 'gcp', 'platform.yaml')],
  ])('%s: every file written is the one stock CDKTF writes, byte for byte', (_, spec) => {
    expectSameOutputAsStock(spec);
  });

  test('generated specs, with template sequences in their values: the same output as stock CDKTF', () => {
    fc.assert(
      fc.property(generatedSpec, (spec) => {
        const withTemplates = {
          ...spec,
          parameters: { ...spec.parameters, 'app/template': { value: 'a ${literal} and %{ directive }' } },
        };
        const file = path.join(work, 'platform.yaml');
        fs.writeFileSync(file, stringify(withTemplates));
        expectSameOutputAsStock(file);
        fs.rmSync(path.join(work, 'ours'), { recursive: true, force: true });
        fs.rmSync(path.join(work, 'stock'), { recursive: true, force: true });
      }),
      { numRuns: 8 },
    );
  });

  test('the guardrails judge every stack as it is written, and read none back', () => {
    const readBack = jest.spyOn(GuardrailPack.prototype, 'judgeSynthesized');
    try {
      const result = synthesize({ specPath: path.join(ROOT, 'platform.yaml'), outdir: path.join(work, 'ours') });
      expect(result.guardrails.stacks.map((s) => s.name).sort()).toEqual([...result.stacks].sort());
      expect(result.guardrails.stacks.every((s) => s.elements > 0)).toBe(true);
      // Asked to read back only what was not judged as written: nothing.
      expect(readBack).toHaveBeenCalledTimes(1);
      expect([...(readBack.mock.calls[0][1] ?? [])].sort()).toEqual([...result.stacks].sort());
    } finally {
      readBack.mockRestore();
    }
  });

  test('a listener gets the configuration CDKTF then writes', () => {
    const app = new App({ outdir: work, stackTraces: false });
    const stack = new IndependentStack(app, 'acme-dev');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const first = new SsmParameter(stack, 'first', { name: '/acme/dev/first', type: 'String', value: 'a ${literal}' });
    new SsmParameter(stack, 'second', { name: '/acme/dev/second', type: 'String', value: first.arn });
    const seen: Record<string, unknown>[] = [];
    stack.whenResolved((document) => seen.push(document));
    app.synth();
    expect(seen).toHaveLength(1);
    const written = JSON.parse(fs.readFileSync(path.join(work, 'stacks', 'acme-dev', 'cdk.tf.json'), 'utf8'));
    expect(seen[0]).toEqual(written);
    expect(JSON.stringify(seen[0])).not.toContain('TfToken');
    expect(written.resource.aws_ssm_parameter.second.value).toBe('${aws_ssm_parameter.first.arn}');
  });

  test('a reference between two of the kit\'s stacks is refused, naming both, and nothing is written', () => {
    const app = new App({ outdir: work, stackTraces: false });
    const [dev, prod] = [new IndependentStack(app, 'acme-dev'), new IndependentStack(app, 'acme-prod')];
    for (const stack of [dev, prod]) new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const source = new SsmParameter(dev, 'source', { name: '/acme/dev/source', type: 'String', value: 'x' });
    new SsmParameter(prod, 'copy', { name: '/acme/prod/copy', type: 'String', value: source.arn });
    expect(() => app.synth()).toThrow(CrossStackReferenceError);
    expect(() => app.synth()).toThrow(/stack acme-prod refers to aws_ssm_parameter.source.arn of stack acme-dev: the kit.s stacks are independent/);
    expect(fs.existsSync(path.join(work, 'stacks', 'acme-prod', 'cdk.tf.json'))).toBe(false);
  });
});

describe('withoutUndefined', () => {
  test('drops undefined keys and array items at any depth, and leaves tokens and class instances alone', () => {
    const lazy = Lazy.stringValue({ produce: () => 'x' });
    const token = Lazy.anyValue({ produce: () => ({ a: undefined }) });
    const instance = new (class Holder {
      readonly inner = undefined;
    })();
    expect(
      withoutUndefined({ a: 1, b: undefined, c: { d: undefined, e: [1, undefined, { f: undefined, g: lazy }] }, h: token, i: instance, j: null }),
    ).toEqual({ a: 1, c: { e: [1, { g: lazy }] }, h: token, i: instance, j: null });
    const untouched = [1, 'two', { three: 3 }];
    expect(withoutUndefined(untouched)).toBe(untouched);
    expect(withoutUndefined([undefined])).toEqual([]);
  });
});
