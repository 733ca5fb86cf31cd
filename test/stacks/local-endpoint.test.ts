/** Local mode end to end: the variable the backend reads reaches every provider of every stack. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesize } from '../../lib/app';

const ROOT = path.resolve(__dirname, '..', '..');

describe('synthesize with the process environment', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-endpoint-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('points every AWS provider at AWS_ENDPOINT_URL, and at nothing without it', () => {
    const endpointsOf = (dir: string) => {
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'stacks', 'acme-payments-dev', 'cdk.tf.json'), 'utf8'));
      return (json.provider.aws as Array<{ endpoints?: Array<Record<string, string>> }>).map((p) => new Set(Object.values(p.endpoints?.[0] ?? {})));
    };
    const local = path.join(outdir, 'local');
    synthesize({ specPath: path.join(ROOT, 'platform.yaml'), outdir: local, variables: { AWS_ENDPOINT_URL: 'http://127.0.0.1:5999' } });
    const providers = endpointsOf(local);
    expect(providers.length).toBeGreaterThan(0);
    for (const endpoints of providers) expect([...endpoints]).toEqual(['http://127.0.0.1:5999']);

    const real = path.join(outdir, 'real');
    synthesize({ specPath: path.join(ROOT, 'platform.yaml'), outdir: real, variables: {} });
    for (const endpoints of endpointsOf(real)) expect(endpoints.size).toBe(0);
  });
});
