/**
 * The scanner rung (`scripts/checkov.js`, rung 5) on specs other than the example: every
 * written-down skip is derived from the model (`targets:` in checkov-skips.yaml), so the rung
 * passes on any valid spec, not only on the addresses of platform.yaml.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { synthesize } from '../../lib/app';
import { checkovTargetAddresses } from '../../lib/aws/checkov-targets';
import { loadPlatform } from '../../lib/app';
import { generatedSpec } from '../support/generated-spec';
import { ROOT } from '../support/declared-access';

const CHECKOV = path.join(ROOT, '.venv', 'bin', 'checkov');

let tmp: string;
beforeAll(() => {
  if (!fs.existsSync(CHECKOV)) throw new Error('NOT RUN: checkov is not installed; run bash scripts/setup-python.sh');
  // scripts/checkov.js resolves targets through the built kit.
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'checkov-generated-'));
});
afterAll(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

/** Two generated specs, fixed seeds: one with a generated, rotated secret (so a rotation function) and one without. */
function specs(): Record<string, unknown>[] {
  const [a, b] = fc.sample(generatedSpec, { seed: 13, numRuns: 2 }) as Record<string, any>[];
  a.secrets['gen/token'] = { rotation: { every: '30d' } };
  a.audit = { alarmEmails: ['ops@example.com'] };
  b.audit = { enabled: false };
  return [a, b];
}

describe('checkov rung on generated specs', () => {
  // One scan (checkov takes ~15 s): the spec with audit, rotation and external secrets, where every skip applies.
  it.each(specs().slice(0, 1).map((spec, i) => [i, spec] as const))('generated spec %i: no failed check, every skip scoped by the model', (i, spec) => {
    const file = path.join(tmp, `spec-${i}.yaml`);
    fs.writeFileSync(file, stringify(spec));
    const outdir = path.join(tmp, `out-${i}`);
    synthesize({ specPath: file, outdir });
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'checkov.js'), outdir], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PLATFORM_SPEC: file },
    });
    expect({ code: run.status, out: `${run.stdout}\n${run.stderr}`.slice(-3000) }).toEqual({ code: 0, out: expect.stringMatching(/checkov: \d+ stacks, [1-9]\d* passed, 0 failed/) });
    expect(run.stdout).not.toContain('matched nothing');
  }, 120_000);

  it('targets follow the model: every external secret, and the audit and rotation resources only where they exist', () => {
    const [withRotation, withoutAudit] = specs();
    const write = (spec: unknown, name: string) => {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, stringify(spec));
      return checkovTargetAddresses(loadPlatform(file).model);
    };
    const a = write(withRotation, 'targets-a.yaml');
    const external = Object.entries((withRotation as any).secrets).filter(([, s]: [string, any]) => s.type === 'external').map(([p]) => `aws_secretsmanager_secret.secret_${p.replace(/[^A-Za-z0-9_-]/g, '_')}`);
    expect(a['external-secrets']).toEqual([...new Set(external)].sort());
    expect(a['rotation-function']).toEqual(['aws_lambda_function.rotation']);
    expect(a['audit-trail-bucket']).toEqual(['aws_s3_bucket.audit_trail_logs']);
    const b = write(withoutAudit, 'targets-b.yaml');
    expect(b['audit-trail-bucket']).toEqual([]);
    expect(b['rotation-function']).toEqual([]);
  });
});
