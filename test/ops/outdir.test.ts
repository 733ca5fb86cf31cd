/** `CDKTF_OUTDIR` whose parent does not exist yet: synthesis creates it instead of failing with ENOENT. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesize } from '../../lib/app';

test('synthesis into an output folder whose parents do not exist creates them', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'outdir-'));
  try {
    const outdir = path.join(base, 'not', 'yet', 'cdktf.out');
    const result = synthesize({ specPath: path.join(__dirname, '..', '..', 'platform.yaml'), outdir });
    expect(result.stacks.length).toBeGreaterThan(0);
    for (const stack of result.stacks) expect(fs.existsSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
