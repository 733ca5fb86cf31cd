import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cacheFileOf, loadWithCodeCache } from '../lib/code-cache';

describe('code cache', () => {
  let work: string;
  let bundle: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-code-cache-'));
    bundle = path.join(work, 'main.bundle.js');
    fs.writeFileSync(bundle, "const path = require('path');\nmodule.exports = { name: path.basename(__filename), twice: (n) => 2 * n };\n");
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  test('the first run compiles and saves the code; the next runs load it, with the same result', () => {
    const first = loadWithCodeCache(bundle, 'aaaa');
    expect(first.fromCache).toBe(false);
    expect(first.run()).toMatchObject({ name: 'main.bundle.js' });
    first.saveCache();
    expect(fs.existsSync(cacheFileOf(bundle, 'aaaa'))).toBe(true);

    const second = loadWithCodeCache(bundle, 'aaaa');
    expect(second.fromCache).toBe(true);
    const exported = second.run() as { name: string; twice: (n: number) => number };
    expect(exported.name).toBe('main.bundle.js');
    expect(exported.twice(21)).toBe(42);
  });

  test('a cache V8 rejects (corrupt, or from another Node) costs only the speed-up, and is replaced', () => {
    fs.writeFileSync(cacheFileOf(bundle, 'bbbb'), 'not compiled code');
    const loaded = loadWithCodeCache(bundle, 'bbbb');
    expect(loaded.fromCache).toBe(false);
    expect(loaded.run()).toMatchObject({ name: 'main.bundle.js' });
    loaded.saveCache();
    expect(loadWithCodeCache(bundle, 'bbbb').fromCache).toBe(true);
  });

  test('a rebuilt bundle gets a cache of its own: the file is named after the content hash', () => {
    expect(cacheFileOf(bundle, 'cccc')).not.toBe(cacheFileOf(bundle, 'dddd'));
    const loaded = loadWithCodeCache(bundle, 'cccc');
    loaded.run();
    loaded.saveCache();
    expect(loadWithCodeCache(bundle, 'dddd').fromCache).toBe(false);
  });

  test('a folder that cannot be written leaves no partial file and no error', () => {
    const loaded = loadWithCodeCache(bundle, 'eeee');
    loaded.run();
    fs.mkdirSync(cacheFileOf(bundle, 'eeee')); // the rename onto it fails
    expect(() => loaded.saveCache()).not.toThrow();
    expect(fs.readdirSync(work).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});
