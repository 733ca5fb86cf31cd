/**
 * docs/reviewing.md and the README show a real report: this test rebuilds it and fails when the page drifts.
 * `UPDATE_DOCS=1 npx jest test/report/docs-example.test.ts` rewrites the example in place.
 */
import { awsModel } from '../../lib/aws/model';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { parse } from 'yaml';
import { buildStacks, loadPlatform } from '../../lib/app';
import { CLOUDS } from '../../lib/backends';
import { loadPlatformObject } from '../../lib/core/loader';
import type { PlatformModel } from '../../lib/aws/model';
import { auditFootprintOf } from '../../lib/aws/cost';
import { buildReport, renderMarkdown } from '../../lib/report/report';

const ROOT = path.resolve(__dirname, '..', '..');
const DOC = path.join(ROOT, 'docs', 'reviewing.md');
const START = '<!-- example-report:start -->\n';
const END = '\n<!-- example-report:end -->';

/** The pull request the page describes: a new secret `cache/token`, read by token-issuer. */
function exampleReport(): string {
  const base = awsModel(loadPlatform(path.join(ROOT, 'platform.yaml')).model);
  const raw = parse(fs.readFileSync(path.join(ROOT, 'platform.yaml'), 'utf8'));
  raw.secrets['cache/token'] = { description: 'Token of the session cache', type: 'external' };
  raw.functions['token-issuer'].secrets.push('cache/token');
  const changed = awsModel(loadPlatformObject(raw, 'platform.yaml', CLOUDS).model);
  const prod = (m: PlatformModel) => m.environments.find((e) => e.name === 'prod')!;
  const account = base.accounts.find((a) => a.environments.includes('prod'))!;
  const audit = auditFootprintOf(account.stackName, synthesizedStack(base, account.stackName), account.environments);
  const previous = JSON.parse(JSON.stringify(buildReport(base, prod(base), { audit })));
  const md = renderMarkdown(buildReport(changed, prod(changed), { audit, previous }));
  // The page nests the report under its own headings.
  return md.replace(/^(#+) /gm, (_, hashes: string) => `${hashes}## `).trimEnd();
}

function synthesizedStack(model: PlatformModel, stack: string) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-example-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    buildStacks(app, model);
    app.synth();
    return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const README = path.join(ROOT, 'README.md');

it.each([DOC, README].map((file) => [path.relative(ROOT, file), file]))('%s shows the report the kit writes for its example', (_name, file) => {
  const doc = fs.readFileSync(file, 'utf8');
  const start = doc.indexOf(START) + START.length;
  const end = doc.indexOf(END);
  expect(start).toBeGreaterThan(START.length - 1);
  const fresh = exampleReport();
  if (process.env.UPDATE_DOCS === '1') fs.writeFileSync(file, doc.slice(0, start) + fresh + doc.slice(end));
  else expect(doc.slice(start, end)).toBe(fresh);
});
