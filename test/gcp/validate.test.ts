/**
 * Rung 4 for GCP stacks: validated when a mirror holds hashicorp/google, google-beta and random at
 * the pinned versions; otherwise a loud NOT RUN that names what is missing, never a silent pass.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gcpProviders, gcpValidateReadiness, isGcpConfig } from '../../scripts/lib/gcp-validate';

const arch = `${process.platform}_${{ x64: 'amd64', arm64: 'arm64' }[process.arch as 'x64' | 'arm64'] ?? process.arch}`;

describe('terraform validate of GCP stacks', () => {
  it('pins the providers the bindings were generated for', () => {
    expect(gcpProviders()).toEqual([
      { name: 'google', version: '6.50.0' },
      { name: 'google-beta', version: '6.50.0' },
      { name: 'random', version: '3.7.2' },
    ]);
  });

  it('is not run, naming every missing provider, when the mirror lacks them', () => {
    const mirror = fs.mkdtempSync(path.join(os.tmpdir(), 'mirror-'));
    try {
      const ready = gcpValidateReadiness(mirror);
      expect(ready.runnable).toBe(false);
      expect(!ready.runnable && ready.reason).toMatch(/no hashicorp\/google 6\.50\.0, hashicorp\/google-beta 6\.50\.0, hashicorp\/random 3\.7\.2 provider in .*docs\/verification\.md/);
    } finally {
      fs.rmSync(mirror, { recursive: true, force: true });
    }
  });

  it('runs when the mirror holds all three', () => {
    const mirror = fs.mkdtempSync(path.join(os.tmpdir(), 'mirror-'));
    try {
      for (const p of gcpProviders()) {
        const dir = path.join(mirror, 'registry.terraform.io', 'hashicorp', p.name, p.version, arch);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `terraform-provider-${p.name}_v${p.version}`), '');
      }
      expect(gcpValidateReadiness(mirror)).toEqual({ runnable: true });
    } finally {
      fs.rmSync(mirror, { recursive: true, force: true });
    }
  });

  it('tells a GCP stack from another by its providers', () => {
    expect(isGcpConfig({ provider: { google: [{}] } })).toBe(true);
    expect(isGcpConfig({ provider: { aws: [{}] } })).toBe(false);
  });
});
