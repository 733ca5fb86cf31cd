/** Rung 4 finds the provider mirror on any machine; it is never hard-wired to one. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findMirror } from '../../scripts/terraform-cli-config';

const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;

function fakeMirror(version: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mirror-'));
  const dir = path.join(root, 'registry.terraform.io', 'hashicorp', 'aws', version, platform);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `terraform-provider-aws_v${version}_x5`), '');
  return root;
}

describe('findMirror', () => {
  const saved = process.env.TF_PLUGIN_MIRROR;
  afterEach(() => {
    if (saved === undefined) delete process.env.TF_PLUGIN_MIRROR;
    else process.env.TF_PLUGIN_MIRROR = saved;
  });

  test('TF_PLUGIN_MIRROR wins when it holds the wanted provider version for this platform', () => {
    process.env.TF_PLUGIN_MIRROR = fakeMirror('9.8.7');
    expect(findMirror('9.8.7')).toMatchObject({ mirror: process.env.TF_PLUGIN_MIRROR, version: '9.8.7' });
  });

  test('a mirror with another version does not qualify, and the answer lists where it looked', () => {
    process.env.TF_PLUGIN_MIRROR = fakeMirror('9.8.7');
    const result = findMirror('0.0.1');
    expect(result.mirror).toBeUndefined();
    expect(result.searched).toEqual(expect.arrayContaining([process.env.TF_PLUGIN_MIRROR, path.join(os.homedir(), '.terraform.d', 'plugins')]));
  });
});
