/** The deploy and drift workflows: GitHub's workflow schema, and the properties the kit promises. */
import * as fs from 'fs';
import * as path from 'path';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { WORKFLOW_STAGES } from '../../lib/ops/stages';

const DIR = path.resolve(__dirname, '..', '..', '.github', 'workflows');
const read = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');

interface Step { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> }
interface Job { needs?: string[] | string; if?: string; uses?: string; with?: Record<string, string>; steps?: Step[]; environment?: string; concurrency?: { group: string; 'cancel-in-progress': boolean }; strategy?: { matrix: { include: string } } }
interface Workflow { on: Record<string, unknown>; permissions: Record<string, string>; concurrency?: { group: string; 'cancel-in-progress': boolean }; jobs: Record<string, Job> }
const load = (name: string) => parse(read(name)) as Workflow;
const runs = (job: Job) => (job.steps ?? []).map((s) => s.run ?? '').join('\n');

describe.each(['deploy.yml', 'deploy-stage.yml', 'drift.yml'])('%s', (name) => {
  test('passes the GitHub workflow JSON schema (SchemaStore, via action-validator)', () => {
    expect(validateWorkflow(read(name)).errors).toEqual([]);
  });

  test('the schema check is real: a misspelt key fails it', () => {
    expect(validateWorkflow(read(name).replace('runs-on:', 'runs_on:').replace('uses: ./', 'usez: ./')).errors.length).toBeGreaterThan(0);
  });

  test('OIDC only: no stored AWS keys', () => {
    expect(load(name).permissions['id-token']).toBe('write');
    expect(read(name)).not.toMatch(/secrets\.AWS_|aws-access-key-id/);
  });
});

describe('deploy workflow', () => {
  const wf = load('deploy.yml');
  const stage = load('deploy-stage.yml');

  test('runs on merge to main, one run at a time, never cancelled', () => {
    expect(wf.on.push).toEqual({ branches: ['main'] });
    expect(wf.concurrency).toEqual({ group: 'deploy', 'cancel-in-progress': false });
  });

  test('synthesizes once and computes the matrix from the synthesized stacks', () => {
    const synth = runs(wf.jobs.synthesize);
    expect(synth.indexOf('node dist/main.js')).toBeLessThan(synth.indexOf('node dist/scripts/deploy-stages.js >> "$GITHUB_OUTPUT"'));
    expect(synth.indexOf('node dist/main.js')).toBeGreaterThanOrEqual(0);
  });

  test(`${WORKFLOW_STAGES} stage jobs, each after the one before and only when it succeeded`, () => {
    const stages = Object.keys(wf.jobs).filter((j) => /^stage-\d+$/.test(j));
    expect(stages).toEqual(Array.from({ length: WORKFLOW_STAGES }, (_, i) => `stage-${i + 1}`));
    stages.forEach((id, i) => {
      const job = wf.jobs[id];
      expect(job.needs).toEqual(i === 0 ? ['synthesize'] : ['synthesize', `stage-${i}`]);
      expect(job.if).toBe(`\${{ !cancelled() && !failure() && fromJSON(needs.synthesize.outputs.count) >= ${i + 1} }}`);
      expect(job.uses).toBe('./.github/workflows/deploy-stage.yml');
      expect(job.with?.stacks).toBe(`\${{ toJSON(fromJSON(needs.synthesize.outputs.stages)[${i}]) }}`);
    });
  });

  test('a stage: one job per stack in its GitHub environment, a concurrency group per stack never cancelled, plan saved then exactly that plan applied', () => {
    const job = stage.jobs.deploy;
    expect(job.strategy?.matrix.include).toBe('${{ fromJSON(inputs.stacks) }}');
    expect(job.environment).toBe('${{ matrix.githubEnvironment }}');
    expect(job.concurrency).toEqual({ group: 'deploy-stack-${{ matrix.stack }}', 'cancel-in-progress': false });
    const aws = job.steps!.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))!;
    expect(aws.with?.['role-to-assume']).toBe('${{ vars.AWS_DEPLOY_ROLE_ARN }}');
    const names = job.steps!.map((s) => s.name);
    const plan = job.steps!.findIndex((s) => s.run?.includes('node dist/scripts/deploy.js plan "$STACK" --skip-synth'));
    const keep = job.steps!.findIndex((s) => s.uses?.startsWith('actions/upload-artifact@'));
    const apply = job.steps!.findIndex((s) => s.run?.includes('node dist/scripts/deploy.js apply "$STACK"'));
    expect([plan, keep, apply].every((i) => i >= 0)).toBe(true);
    expect(plan < keep && keep < apply).toBe(true);
    expect(names.indexOf('Configure AWS credentials (OIDC)')).toBeLessThan(plan);
    expect(runs(job)).not.toMatch(/cdktf deploy|terraform apply/);
  });
});

describe('drift workflow', () => {
  const wf = load('drift.yml');

  test('scheduled, plans every stack with -detailed-exitcode and fails on a plan that errs', () => {
    expect(wf.on.schedule).toEqual([{ cron: expect.any(String) }]);
    const plan = runs(wf.jobs.plan);
    expect(plan).toContain('node dist/scripts/deploy.js plan "$STACK" --skip-synth --no-lock --detailed-exitcode');
    expect(plan).toContain('[ "$status" -eq 0 ] || [ "$status" -eq 2 ]');
    expect(wf.jobs.plan.strategy?.matrix.include).toBe('${{ fromJSON(needs.synthesize.outputs.stacks) }}');
  });

  test('opens or updates one issue, and only when something drifted', () => {
    const steps = wf.jobs.report.steps!;
    const describe = steps.find((s) => s.run?.includes('node dist/scripts/drift-report.js drift drift-issue.md'))!;
    expect(describe).toBeDefined();
    const issue = steps.find((s) => s.uses?.startsWith('actions/github-script@'))!;
    expect(issue.if).toContain("steps.report.outputs.drifted == 'true'");
    expect(String(issue.with?.script)).toContain('<!-- secrets-platform-drift -->');
    expect(wf.permissions.issues).toBe('write');
  });
});
