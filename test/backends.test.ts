import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

describe('backends', () => {
  test('each backend and rule set is filed under the cloud it declares', () => {
    const { BACKENDS, GUARDRAIL_RULE_SETS } = require('../lib/backends') as typeof import('../lib/backends');
    for (const [cloud, backend] of Object.entries(BACKENDS)) expect(backend.spec.cloud).toBe(cloud);
    expect(Object.keys(BACKENDS).sort()).toEqual(['aws', 'gcp']);
    const { gcpGuardrails } = require('../lib/gcp/guardrails') as typeof import('../lib/gcp/guardrails');
    const gcp = GUARDRAIL_RULE_SETS.find((set) => set.cloud === 'gcp')!;
    expect(gcp.rules).toBe(gcpGuardrails.rules);
    expect(gcp.origins).toBe(gcpGuardrails.origins);
  });

  test('an AWS spec loads, builds and is judged without loading the Google Cloud backend', () => {
    jest.isolateModules(() => {
      jest.doMock('../lib/gcp/backend', () => {
        throw new Error('the Google Cloud backend was loaded');
      });
      jest.doMock('../lib/gcp/guardrails', () => {
        throw new Error('the Google Cloud guardrails were loaded');
      });
      const { synthesize } = require('../lib/app') as typeof import('../lib/app');
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-backends-'));
      try {
        const result = synthesize({ specPath: path.join(__dirname, '..', 'platform.yaml'), outdir });
        expect(result.stacks.length).toBeGreaterThan(0);
        expect(result.guardrails.stacks.length).toBe(result.stacks.length);
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    });
  });
});
