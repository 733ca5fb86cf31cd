/**
 * The rotation function's zip is reproducible: same sources, same bytes, so the plan shows a
 * code change only when the code changed. The writer itself is checked against a reader that
 * is not ours (Python's zipfile, from the test virtualenv, when present) and against its
 * format's fixed fields.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { crc32, deterministicZip } from '../../scripts/lib/deterministic-zip';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hook = require('../../scripts/build-hooks/rotation.js') as {
  (options: { root: string; outdir: string }): string;
  rotationZip(root: string): Buffer;
  bundleRotation(root: string): Buffer;
};

const ROOT = path.resolve(__dirname, '..', '..');
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');

describe('deterministicZip', () => {
  const entries = [
    { name: 'b.txt', data: Buffer.from('second') },
    { name: 'a/index.js', data: Buffer.from('exports.handler = async () => 1;\n') },
  ];

  it('gives the same bytes for the same entries, whatever their order', () => {
    expect(deterministicZip(entries).equals(deterministicZip([...entries].reverse()))).toBe(true);
  });

  it('changes when one byte of content changes', () => {
    const changed = [entries[0], { ...entries[1], data: Buffer.from('exports.handler = async () => 2;\n') }];
    expect(deterministicZip(changed).equals(deterministicZip(entries))).toBe(false);
  });

  it('writes fixed timestamps (1980-01-01 00:00) and mode 0644, entries sorted', () => {
    const zip = deterministicZip(entries);
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    expect(zip.readUInt16LE(10)).toBe(0); // time
    expect(zip.readUInt16LE(12)).toBe(0x21); // date: 1980-01-01
    expect(zip.subarray(30, 30 + 'a/index.js'.length).toString()).toBe('a/index.js');
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(zip.readUInt32LE(central + 38) >>> 16).toBe(0o100644);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('refuses duplicate and absolute names', () => {
    expect(() => deterministicZip([entries[0], entries[0]])).toThrow(/duplicate entry b.txt/);
    expect(() => deterministicZip([{ name: '/etc/x', data: Buffer.alloc(0) }])).toThrow(/must be relative printable ASCII/);
  });

  const pythonAvailable = fs.existsSync(PYTHON);
  (pythonAvailable ? it : it.skip)('is read back intact by Python\'s zipfile (CRC checked)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-'));
    try {
      const file = path.join(dir, 'test.zip');
      fs.writeFileSync(file, deterministicZip(entries));
      const script = 'import sys, zipfile, json; z = zipfile.ZipFile(sys.argv[1]); print(json.dumps([z.testzip(), [[i.filename, list(i.date_time), i.external_attr >> 16] for i in z.infolist()], z.read("b.txt").decode()]))';
      const out = JSON.parse(execFileSync(PYTHON, ['-c', script, file]).toString());
      expect(out).toEqual([null, [['a/index.js', [1980, 1, 1, 0, 0, 0], 0o100644], ['b.txt', [1980, 1, 1, 0, 0, 0], 0o100644]], 'second']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the rotation function bundle', () => {
  it('is byte-identical across builds of the same sources', () => {
    expect(hook.rotationZip(ROOT).equals(hook.rotationZip(ROOT))).toBe(true);
  });

  it('holds one index.js exporting the Lambda handler, with every dependency inside', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    try {
      const file = path.join(dir, 'index.js');
      fs.writeFileSync(file, hook.bundleRotation(ROOT));
      const source = fs.readFileSync(file, 'utf8');
      const external = [...new Set(source.match(/require\(["'][^"']+["']\)/g) ?? [])]
        .map((r) => r.slice(9, -2))
        .filter((m) => !m.startsWith('node:'));
      // The SDK's signer tries these inside a try/catch, only for SigV4a (multi-region S3
      // access points); Secrets Manager never asks for it.
      expect(external.sort()).toEqual(['@aws-sdk/signature-v4-crt', '@aws-sdk/signature-v4a']);
      expect(source.includes('sourceMappingURL')).toBe(false);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(file) as { handler: unknown; createRotationHandler: unknown };
      expect(typeof loaded.handler).toBe('function');
      expect(typeof loaded.createRotationHandler).toBe('function');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is written by the build hook where the construct looks for it', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-'));
    try {
      const written = hook({ root: ROOT, outdir });
      expect(written).toBe(path.join(outdir, 'assets', 'rotation.zip'));
      expect(fs.readFileSync(written).equals(hook.rotationZip(ROOT))).toBe(true);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
