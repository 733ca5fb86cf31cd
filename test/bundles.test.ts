/**
 * Each backend finds its built-in function's zip through one helper, which names the build hook
 * and rebuilds the zip when it is missing or older than its sources.
 */
import * as fs from 'fs';
import * as path from 'path';
import { rotationBundlePath } from '../lib/aws/rotation-bundle';
import { builtBundlePath } from '../lib/bundles';
import { gcpRotatorBundlePath } from '../lib/gcp/rotator-bundle';

const ROOT = path.resolve(__dirname, '..');

function newestUnder(file: string): number {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(file).map((entry) => newestUnder(path.join(file, entry))));
}

describe('builtBundlePath', () => {
  it.each([
    ['AWS rotation function', rotationBundlePath, 'rotation.zip', 'lib/aws/rotation'],
    ['GCP rotator', gcpRotatorBundlePath, 'gcp-rotation.zip', 'lib/gcp/rotation'],
  ])('gives the %s zip under dist/assets, no older than its sources', (_name, locate, zip, sources) => {
    const found = locate();
    expect(found).toBe(path.join(ROOT, 'dist', 'assets', zip));
    expect(fs.statSync(found).mtimeMs).toBeGreaterThanOrEqual(newestUnder(path.join(ROOT, sources)));
  });

  it('is what each backend calls with its own hook', () => {
    expect(builtBundlePath('rotation.js')).toBe(rotationBundlePath());
    expect(builtBundlePath('gcp-rotation.js')).toBe(gcpRotatorBundlePath());
  });
});
