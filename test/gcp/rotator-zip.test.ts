/**
 * The GCP rotator's source archive comes from the same bundler as the AWS rotation function,
 * with a package.json beside index.js for Cloud Run functions: same sources, same bytes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hook = require('../../scripts/build-hooks/gcp-rotation.js') as {
  (options: { root: string; outdir: string }): string;
  gcpRotationZip(root: string): Buffer;
  bundleGcpRotation(root: string): Buffer;
};

const ROOT = path.resolve(__dirname, '..', '..');

describe('the GCP rotator source archive', () => {
  const zip = hook.gcpRotationZip(ROOT);

  it('is byte-identical across builds of the same sources', () => {
    expect(zip.equals(hook.gcpRotationZip(ROOT))).toBe(true);
  });

  it('holds index.js (the bundle, stored) and a package.json naming it, nothing else', () => {
    const names: string[] = [];
    for (let at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 46)) {
      names.push(zip.subarray(at + 46, at + 46 + zip.readUInt16LE(at + 28)).toString());
    }
    expect(names).toEqual(['index.js', 'package.json']);
    expect(zip.includes(hook.bundleGcpRotation(ROOT))).toBe(true);
    const manifest = '{\n  "name": "secrets-platform-kit-rotator",\n  "private": true,\n  "main": "index.js",\n  "engines": {\n    "node": "22"\n  }\n}\n';
    expect(zip.includes(Buffer.from(manifest))).toBe(true);
  });

  it('is written by the build hook where the rotator construct looks for it', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-'));
    try {
      const written = hook({ root: ROOT, outdir });
      expect(written).toBe(path.join(outdir, 'assets', 'gcp-rotation.zip'));
      expect(fs.readFileSync(written).equals(zip)).toBe(true);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
