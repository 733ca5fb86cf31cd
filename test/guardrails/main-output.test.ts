/**
 * A platform the guardrails refuse, as users meet it: `node dist/main.js` exits 1, prints one
 * line per problem without a stack trace, and writes nothing.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');

describe('main with a platform the guardrails refuse', () => {
  let work: string;
  beforeAll(() => {
    const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status).toBe(0);
  });
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-guardrails-main-'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  test('exit 1, a count, one line per problem naming resource, spec place, rule and fix; no trace, no output', () => {
    const spec = path.join(work, 'unsafe.yaml');
    fs.writeFileSync(
      spec,
      stringify({
        project: 'shop',
        regions: { primary: 'eu-west-1' },
        environments: { prod: { account: '333333333333' } },
        secrets: { 'api/token': {}, 'db/password': { rotation: { every: '180d' } } },
      }),
    );
    const outdir = path.join(work, 'out');
    const res = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, PLATFORM_DEBUG: '', PLATFORM_SPEC: spec, CDKTF_OUTDIR: outdir },
      encoding: 'utf8',
    });
    expect(res.status).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^\d+ guardrail problems?; nothing was synthesized:$/);
    expect(lines.length).toBe(Number(lines[0].split(' ')[0]) + 1);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ {2}shop-prod: aws_secretsmanager_secret\.\S+ \(.*unsafe\.yaml: secrets\.api\/token\): KIT-SECRET-ROTATION: .+\. Fix: .+/),
        expect.stringMatching(/^ {2}shop-prod: aws_secretsmanager_secret_rotation\.\S+ \(.*unsafe\.yaml: secrets\.db\/password\): KIT-SECRET-ROTATION: rotates every 180 days\. Fix: /),
      ]),
    );
    expect(res.stderr).not.toMatch(/\s+at .+\(.+:\d+:\d+\)/);
    expect(fs.readdirSync(work)).toEqual(['unsafe.yaml']);
  });

});
