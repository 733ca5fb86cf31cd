/** Rung 5's skip file: every skip carries a check id and a written reason, or the scan refuses to run. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadSkips } = require('../../scripts/checkov.js') as { loadSkips(file?: string): Array<{ id: string; reason: string; resources?: string[] }> };

function skipsFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skips-'));
  const file = path.join(dir, 'checkov-skips.yaml');
  fs.writeFileSync(file, text);
  return file;
}

test('the checked-in checkov-skips.yaml is valid', () => {
  expect(() => loadSkips()).not.toThrow();
});

test('every skip is listed in docs/verification.md', () => {
  const docs = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'verification.md'), 'utf8');
  const undocumented = loadSkips().map((s) => s.id).filter((id) => !docs.includes(`| \`${id}\` |`));
  expect(undocumented).toEqual([]);
});

test('a skip without a reason, with a bad id or an unknown key is refused, naming each problem', () => {
  const file = skipsFile('skips:\n  - id: CKV_AWS_7\n  - id: nope\n    reason: a reason long enough\n    scope: all\n');
  expect(() => loadSkips(file)).toThrow(/skips\[0\]\.reason: every skip needs a written reason[\s\S]*skips\[1\]: unknown key\(s\) scope[\s\S]*skips\[1\]\.id: got "nope"/);
});

test('a skip scoped to resources keeps them', () => {
  const file = skipsFile('skips:\n  - id: CKV2_AWS_64\n    reason: the policy is attached by a separate resource\n    resources: [aws_kms_key.k]\n');
  expect(loadSkips(file)).toEqual([{ id: 'CKV2_AWS_64', reason: 'the policy is attached by a separate resource', resources: ['aws_kms_key.k'] }]);
});
