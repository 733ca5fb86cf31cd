import * as fs from 'fs';
import * as path from 'path';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const FILE = path.join(ROOT, '.github', 'workflows', 'pull-request.yml');
const text = fs.readFileSync(FILE, 'utf8');

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
const workflow = parse(text) as {
  on: { pull_request: unknown };
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const runs = steps.map((s) => s.run ?? '').join('\n');

describe('pull-request workflow', () => {
  it('passes the GitHub workflow JSON schema (SchemaStore, via action-validator)', () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it('the schema check is real: a misspelt key fails it', () => {
    const broken = text.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it('runs on pull requests with OIDC and comment permissions only', () => {
    expect(workflow.on.pull_request).toBeDefined();
    expect(workflow.permissions).toEqual({ contents: 'read', 'id-token': 'write', 'pull-requests': 'write' });
  });

  it('pins every action at least to a major version', () => {
    const uses = steps.map((s) => s.uses).filter((u): u is string => u !== undefined);
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.filter((u) => !/@v\d+(\.\d+){0,2}$|@[0-9a-f]{40}$/.test(u))).toEqual([]);
  });

  it('installs, tests and synthesizes in order, with Node 20', () => {
    const node = steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!;
    expect(node.with?.['node-version']).toBe(20);
    const order = ['npm ci', 'bash scripts/setup-python.sh', 'npm test', 'node dist/main.js'].map((cmd) => runs.indexOf(cmd));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('takes AWS credentials from an OIDC role in a repository variable, never from stored keys', () => {
    const aws = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))!;
    expect(aws.with?.['role-to-assume']).toBe('${{ vars.AWS_REVIEW_ROLE_ARN }}');
    expect(Object.keys(aws.with ?? {})).not.toContain('aws-access-key-id');
    expect(text).not.toMatch(/secrets\.AWS_/);
  });

  it('plans each environment stack through the deploy path and posts the plans and findings with the reports', () => {
    expect(runs).toMatch(/node dist\/scripts\/deploy\.js plan "\$stack" --skip-synth --no-lock/);
    expect(runs).toContain('cp "cdktf.out/stacks/$stack/plan-review.json" "cdktf.out/diffs/$stack.findings.json"');
    expect(runs).toContain('for report in cdktf.out/reports/*.json');
    expect(runs).toContain('node dist/scripts/review-comment.js cdktf.out/reports cdktf.out/diffs');
    const comment = steps.find((s) => s.uses?.startsWith('marocchino/sticky-pull-request-comment@'))!;
    expect(comment.with?.path).toBe('cdktf.out/review-comment.md');
  });

  it('compares with the base branch reports through PLATFORM_PREVIOUS_REPORT_DIR', () => {
    const synth = steps.find((s) => s.env?.PLATFORM_PREVIOUS_REPORT_DIR !== undefined)!;
    expect(synth.env!.PLATFORM_PREVIOUS_REPORT_DIR).toContain('.review-base/cdktf.out/reports');
  });
});
