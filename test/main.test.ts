/**
 * The app as users run it: `node dist/main.js` (what `npm run synth` and `cdktf synth` call).
 * Bad input: exit 1, one line per problem with its place, no stack trace, nothing written.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

function run(env: Record<string, string>) {
  return spawnSync(process.execPath, [path.join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, PLATFORM_DEBUG: '', ...env },
    encoding: 'utf8',
  });
}

describe('main', () => {
  let work: string;

  beforeAll(() => {
    const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status).toBe(0);
  });
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-main-'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  it('synthesizes every stack of the example', () => {
    const outdir = path.join(work, 'out');
    const res = run({ CDKTF_OUTDIR: outdir });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    for (const env of ['dev', 'staging', 'prod']) {
      expect(fs.existsSync(path.join(outdir, 'stacks', `acme-payments-${env}`, 'cdk.tf.json'))).toBe(true);
    }
    expect(fs.readdirSync(work)).toEqual(['out']);
  });

  it('runs from one bundle, through a code cache the next run accepts (same Node, same V8 flags)', () => {
    const dist = path.join(ROOT, 'dist');
    const caches = () => fs.readdirSync(dist).filter((f) => /^\.main\.bundle\.js\.[0-9a-f]+\.v8-cache$/.test(f));
    expect(run({ CDKTF_OUTDIR: path.join(work, 'first') }).status).toBe(0);
    expect(caches()).toHaveLength(1);
    const file = path.join(dist, caches()[0]);
    const saved = { bytes: fs.readFileSync(file), mtime: fs.statSync(file).mtimeMs };
    expect(run({ CDKTF_OUTDIR: path.join(work, 'second') }).status).toBe(0);
    // A rejected cache is compiled anew and saved again on exit: this one was used as it was.
    expect(fs.statSync(file).mtimeMs).toBe(saved.mtime);
    expect(fs.readFileSync(file).equals(saved.bytes)).toBe(true);
    expect(fs.readFileSync(path.join(dist, 'main.js'), 'utf8')).toMatch(/runWithCodeCache\(.*main\.bundle\.js/);
  });

  it('refuses a bad spec: exit 1, one placed line per problem, no stack trace, nothing written', () => {
    const spec = path.join(work, 'bad.yaml');
    fs.writeFileSync(spec, 'project: Bad\nenvironments:\n  dev: {account: "12"}\nregions: {primary: eu-west-1}\nsecrets:\n  x: {rotation: {every: 1y}}\n');
    const outdir = path.join(work, 'out');
    const res = run({ PLATFORM_SPEC: spec, CDKTF_OUTDIR: outdir });
    expect(res.status).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^3 problems in .*bad\.yaml; nothing was synthesized:$/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/bad\.yaml:1:1: project: got "Bad"/),
      expect.stringMatching(/bad\.yaml:3:\d+: environments\.dev\.account: got "12"; expected a 12-digit account id/),
      expect.stringMatching(/bad\.yaml:6:\d+: secrets\.x\.rotation\.every: got "1y"/),
    ]);
    expect(res.stderr).not.toMatch(/\s+at .+\(.+:\d+:\d+\)/);
    expect(fs.existsSync(outdir)).toBe(false);
    expect(fs.readdirSync(work)).toEqual(['bad.yaml']);
  });

  it('leaves an earlier output untouched when a later spec is bad', () => {
    const outdir = path.join(work, 'out');
    expect(run({ CDKTF_OUTDIR: outdir }).status).toBe(0);
    const before = fs.readFileSync(path.join(outdir, 'stacks', 'acme-payments-dev', 'cdk.tf.json'), 'utf8');
    const spec = path.join(work, 'bad.yaml');
    fs.writeFileSync(spec, 'project: shop\n');
    expect(run({ PLATFORM_SPEC: spec, CDKTF_OUTDIR: outdir }).status).toBe(1);
    expect(fs.readFileSync(path.join(outdir, 'stacks', 'acme-payments-dev', 'cdk.tf.json'), 'utf8')).toBe(before);
  });

  it('a missing spec file says how to fix it', () => {
    const res = run({ PLATFORM_SPEC: path.join(work, 'nope.yaml'), CDKTF_OUTDIR: path.join(work, 'out') });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/nope\.yaml: \(root\): cannot read the spec \(no such file\): create it, or point PLATFORM_SPEC at a YAML or JSON spec/);
  });

  it('prints the stack trace only when PLATFORM_DEBUG asks for it', () => {
    const spec = path.join(work, 'bad.yaml');
    fs.writeFileSync(spec, 'project: shop\n');
    const res = run({ PLATFORM_SPEC: spec, CDKTF_OUTDIR: path.join(work, 'out'), PLATFORM_DEBUG: '1' });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/SpecError/);
  });
});
