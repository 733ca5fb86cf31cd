import { execFileSync } from 'child_process';
import { awsModel } from '../../lib/aws/model';
import * as fs from 'fs';
import * as path from 'path';
import { loadPlatform } from '../../lib/app';
import { CLOUDS } from '../../lib/backends';
import { loadPlatformObject } from '../../lib/core/loader';
import type { EnvironmentModel } from '../../lib/aws/model';
import { MERMAID_MAX_EDGES, accessDiagram, buildAccessDiagram } from '../../lib/report/diagram';
import { baseSpec } from '../core/fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const example = awsModel(loadPlatform(path.join(ROOT, 'platform.yaml')).model);

interface ParseResult {
  readonly ok: boolean;
  readonly type?: string;
  readonly error?: string;
}

/** Mermaid's real parser, in a child process: it is ESM and needs a DOM (jsdom). */
function mermaidParse(diagrams: readonly string[]): ParseResult[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'mermaid-parse.mjs')], {
    input: JSON.stringify(diagrams),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as ParseResult[];
}

/**
 * Names that would break a naive diagram: a Mermaid keyword, and two paths that sanitize to the
 * same id. The resolver refuses the look-alikes in a spec, so the model is built by hand here.
 */
function awkwardEnvironment(): EnvironmentModel {
  const spec = baseSpec();
  spec.secrets = { ...spec.secrets, end: { type: 'external' } };
  spec.functions!.api.secrets = ['db/password', 'end'];
  const env = awsModel(loadPlatformObject(spec, 'spec.yaml', CLOUDS).model).environments[0];
  const template = env.secrets.find((s) => s.path === 'end')!;
  const lookAlikes = ['a-b', 'a_b'].map((p) => ({ ...template, path: p }));
  return {
    ...env,
    secrets: [...env.secrets, ...lookAlikes],
    functions: env.functions.map((f) => (f.name === 'api' ? { ...f, secrets: [...f.secrets, 'a-b', 'a_b'] } : f)),
  };
}

/** An environment with `count` secrets named by `name(i)`, all read by one function. */
function largeEnvironment(count: number, name: (i: number) => string): EnvironmentModel {
  const spec = baseSpec();
  spec.audit = { enabled: false };
  spec.secrets = Object.fromEntries(Array.from({ length: count }, (_, i) => [name(i), { type: 'external' as const }]));
  spec.functions = { api: { secrets: ['*', '*/*'].filter((g) => Object.keys(spec.secrets!).some((k) => (g === '*') === !k.includes('/'))) } };
  return awsModel(loadPlatformObject(spec, 'spec.yaml', CLOUDS).model).environments[0];
}

describe('access diagram', () => {
  const diagrams = example.environments.map(accessDiagram);
  const awkward = accessDiagram(awkwardEnvironment());
  const grouped = buildAccessDiagram(largeEnvironment(300, (i) => `svc${i % 10}/s${i}`));
  const truncated = buildAccessDiagram(largeEnvironment(260, (i) => `s${i}`));
  const large = [grouped.text, truncated.text];
  const documented = [...fs.readFileSync(path.join(ROOT, 'docs', 'reviewing.md'), 'utf8').matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
  const results = mermaidParse([...diagrams, awkward, 'flowchart LR\n  a["unterminated --> b\n', ...documented, ...large]);
  const broken = diagrams.length + 1;

  it.each(example.environments.map((e, i) => [e.name, i] as const))('%s: Mermaid parses it as a flowchart', (_, i) => {
    expect(results[i]).toEqual({ ok: true, type: 'flowchart-v2' });
  });

  it('the parser is real: it rejects a broken diagram', () => {
    expect(results[broken].ok).toBe(false);
  });

  it('the diagram shown in docs/reviewing.md parses too', () => {
    expect(documented.length).toBeGreaterThan(0);
    expect(results.slice(broken + 1, broken + 1 + documented.length)).toEqual(documented.map(() => ({ ok: true, type: 'flowchart-v2' })));
  });

  it('a large environment is grouped by first path segment, within Mermaid\'s edge limit, and parses', () => {
    expect(grouped.detail).toBe('grouped');
    expect(grouped.edges).toBeLessThanOrEqual(MERMAID_MAX_EDGES);
    expect(grouped.text).toContain('secret_svc0["svc0/*<br/>30 secrets"]');
    expect(results[results.length - 2]).toEqual({ ok: true, type: 'flowchart-v2' });
  });

  it('past the limit even when grouped, the extra edges are left out and counted', () => {
    // 260 reads + 260 primary-key edges + 260 replica-key edges + the secure parameter's key edge in each of its 2 regions.
    const all = 260 * 3 + 2;
    expect(truncated).toMatchObject({ detail: 'truncated', edges: MERMAID_MAX_EDGES, omittedEdges: all - MERMAID_MAX_EDGES });
    expect(truncated.text).toContain(`${all - MERMAID_MAX_EDGES} more edges not drawn: see the access matrix`);
    expect(results[results.length - 1]).toEqual({ ok: true, type: 'flowchart-v2' });
  });

  it('keywords and look-alike names still parse, each as its own node', () => {
    expect(results[diagrams.length]).toEqual({ ok: true, type: 'flowchart-v2' });
    expect(awkward).toContain('secret_a_b["a-b');
    expect(awkward).toContain('secret_a_b_2["a_b');
    expect(awkward).toContain('secret_end["end');
  });

  it('draws functions -> secrets and parameters -> keys, and replicas to the regional keys', () => {
    const prod = diagrams[example.environments.findIndex((e) => e.name === 'prod')];
    expect(prod).toMatch(/^flowchart LR\n/);
    expect(prod).toContain('fn_payments_api --> secret_db_password');
    expect(prod).toContain('fn_webhook_handler --> param_stripe_webhook_secret');
    expect(prod).toContain('secret_db_password --> key_eu_west_1');
    expect(prod).toContain('secret_db_password -.-> key_us_east_1');
    expect(prod).toContain('param_stripe_webhook_secret --> key_eu_west_1');
    expect(prod).toContain('sync_doppler -. writes .-> secret_stripe_api_key');
    // Plain parameters are not encrypted: no edge to a key.
    expect(prod).not.toMatch(/param_db_host --> key_/);
    // Every label is quoted.
    expect(prod.split('\n').filter((l) => /\[[^"]/.test(l))).toEqual([]);
  });

  it('edges only connect declared nodes', () => {
    for (const d of diagrams) {
      const declared = new Set([...d.matchAll(/^\s+(\w+)\[/gm)].map((m) => m[1]));
      const used = [...d.matchAll(/^\s+(\w+) (?:-->|-\.->|-\. \w+ \.->) (\w+)$/gm)].flatMap((m) => [m[1], m[2]]);
      expect(used.length).toBeGreaterThan(0);
      expect(used.filter((id) => !declared.has(id))).toEqual([]);
    }
  });
});
