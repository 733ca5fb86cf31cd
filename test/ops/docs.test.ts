/** The deploying and recovery docs: linked from the README, pictures that Mermaid parses, commands that exist. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const deploying = fs.readFileSync(path.join(ROOT, 'docs', 'deploying.md'), 'utf8');
const recovery = fs.readFileSync(path.join(ROOT, 'docs', 'recovery.md'), 'utf8');
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

const mermaidBlocks = (md: string) => [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);

test('the README links the recovery and deploying pages and shows the deploy flow in one picture', () => {
  expect(readme).toContain('[docs/recovery.md](docs/recovery.md)');
  expect(readme).toContain('[docs/deploying.md](docs/deploying.md)');
  const section = readme.slice(readme.indexOf('### Deploying'), readme.indexOf('## Reviewing a change'));
  expect(mermaidBlocks(section)).toHaveLength(1);
});

test('every Mermaid picture parses with Mermaid itself', () => {
  const diagrams = [...mermaidBlocks(readme.slice(readme.indexOf('### Deploying'))).slice(0, 1), ...mermaidBlocks(deploying)];
  const out = execFileSync(process.execPath, [path.join(ROOT, 'test', 'report', 'mermaid-parse.mjs')], { input: JSON.stringify(diagrams), encoding: 'utf8', timeout: 60_000 });
  expect(JSON.parse(out)).toEqual(diagrams.map(() => ({ ok: true, type: 'flowchart-v2' })));
});

test('every npm run command in the docs is a script of package.json', () => {
  const used = [...`${readme}\n${deploying}\n${recovery}`.matchAll(/npm run (?:-s )?([a-z:-]+)/g)].map((m) => m[1]);
  expect(used.length).toBeGreaterThan(5);
  expect([...new Set(used)].filter((s) => !(s in scripts))).toEqual([]);
});
