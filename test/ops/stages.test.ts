/**
 * The deploy workflow's matrix and stage order, from the example and from a generated spec with
 * five environments in three accounts; and the `promotion` key's validation.
 */
import * as path from 'path';
import fc from 'fast-check';
import { CLOUDS } from '../../lib/backends';
import { SpecError, formatPath } from '../../lib/core/errors';
import { loadPlatformObject } from '../../lib/core/loader';
import type { PlatformSpecInput } from '../../lib/aws/spec';
import { loadPlatform } from '../../lib/app';
import { StackJob, WORKFLOW_STAGES, deployStages, promotionOrder } from '../../lib/ops/stages';

const load = (spec: PlatformSpecInput) => loadPlatformObject(spec, 'platform.yaml', CLOUDS);
const stacksOf = (stages: StackJob[][]) => stages.map((s) => s.map((j) => j.stack));

/** Invariants every stage order must keep, whatever the spec. */
function checkOrder(spec: PlatformSpecInput, stages: StackJob[][]): void {
  const { spec: parsed, model } = load(spec);
  const order = promotionOrder(parsed);
  const stageOf = (stack: string) => stages.findIndex((s) => s.some((j) => j.stack === stack));
  // Every stack exactly once.
  const all = stages.flat().map((j) => j.stack).sort();
  expect(all).toEqual([...model.environments.map((e) => e.stackName), ...(model.audit.enabled ? model.accounts.map((a) => a.stackName) : [])].sort());
  // Environments one per stage, in promotion order.
  const envStages = order.map((name) => stageOf(model.environments.find((e) => e.name === name)!.stackName));
  expect([...envStages].sort((a, b) => a - b)).toEqual(envStages);
  expect(new Set(envStages).size).toBe(envStages.length);
  // An account's stack deploys in a stage before each of its environments.
  for (const a of model.audit.enabled ? model.accounts : []) {
    for (const env of a.environments) expect(stageOf(a.stackName)).toBeLessThan(stageOf(model.environments.find((e) => e.name === env)!.stackName));
  }
  // Protected stacks run in a GitHub environment of a protected environment (where reviewers wait).
  for (const job of stages.flat()) {
    if (job.protected) expect(model.environments.find((e) => e.name === job.githubEnvironment)?.protect).toBe(true);
  }
  expect(stages.length).toBeLessThanOrEqual(WORKFLOW_STAGES);
}

describe('deploy stages', () => {
  test('the example: dev, staging, prod in declaration order, each account stack one stage ahead of its environment', () => {
    const { spec, model } = loadPlatform(path.join(__dirname, '..', '..', 'platform.yaml'));
    const stages = deployStages(spec, model);
    expect(stacksOf(stages)).toEqual([
      ['acme-payments-audit-111111111111'],
      ['acme-payments-dev', 'acme-payments-audit-222222222222'],
      ['acme-payments-staging', 'acme-payments-audit-333333333333'],
      ['acme-payments-prod'],
    ]);
    const prod = stages.flat().find((j) => j.stack === 'acme-payments-prod')!;
    expect(prod).toMatchObject({ protected: true, githubEnvironment: 'prod', account: '333333333333', region: 'eu-west-1' });
    expect(stages.flat().find((j) => j.stack === 'acme-payments-audit-333333333333')).toMatchObject({ protected: true, githubEnvironment: 'prod' });
  });

  const fiveInThree = (promotion?: string[]): PlatformSpecInput => ({
    project: 'five',
    regions: { primary: 'eu-west-1', replicas: [] },
    // Declared out of promotion order on purpose; accounts shared across stages.
    environments: {
      prod: { account: '333333333333' },
      dev: { account: '111111111111' },
      qa: { account: '111111111111' },
      staging: { account: '222222222222' },
      perf: { account: '222222222222', protect: true },
    },
    ...(promotion ? { promotion } : {}),
    secrets: { 'db/password': { type: 'external' } },
  });

  test('five environments in three accounts follow `promotion`; shared accounts deploy once, before their first environment', () => {
    const spec = fiveInThree(['dev', 'qa', 'staging', 'perf', 'prod']);
    const { spec: parsed, model } = load(spec);
    const stages = deployStages(parsed, model);
    expect(stacksOf(stages)).toEqual([
      ['five-audit-111111111111'],
      ['five-dev'],
      ['five-qa', 'five-audit-222222222222'],
      ['five-staging'],
      ['five-perf', 'five-audit-333333333333'],
      ['five-prod'],
    ]);
    // The account of staging and perf holds a protected environment: its stack waits for perf's reviewers.
    expect(stages.flat().find((j) => j.stack === 'five-audit-222222222222')).toMatchObject({ protected: true, githubEnvironment: 'perf', environment: 'staging,perf' });
    checkOrder(spec, stages);
  });

  test('without `promotion`, the declaration order', () => {
    const spec = fiveInThree();
    const { spec: parsed, model } = load(spec);
    expect(stacksOf(deployStages(parsed, model)).map((s) => s[0])).toEqual(['five-audit-333333333333', 'five-prod', 'five-dev', 'five-qa', 'five-staging', 'five-perf']);
    checkOrder(spec, deployStages(parsed, model));
  });

  test('any promotion order of any environments keeps the invariants', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    fc.assert(
      fc.property(
        fc.shuffledSubarray(names, { minLength: 1 }),
        fc.array(fc.constantFrom('111111111111', '222222222222', '333333333333'), { minLength: 5, maxLength: 5 }),
        fc.boolean(),
        (envs, accounts, audit) => {
          const spec: PlatformSpecInput = {
            project: 'prop',
            regions: { primary: 'eu-west-1', replicas: [] },
            environments: Object.fromEntries([...envs].sort().map((e, i) => [e, { account: accounts[i] }])),
            promotion: envs,
            secrets: { s: { type: 'external' } },
            audit: { enabled: audit },
          };
          const { spec: parsed, model } = load(spec);
          checkOrder(spec, deployStages(parsed, model));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('`promotion` in the spec', () => {
  const problems = (promotion: unknown): string[] => {
    try {
      load({ ...({ project: 'shop', regions: { primary: 'eu-west-1', replicas: [] }, environments: { dev: { account: '111111111111' }, prod: { account: '222222222222' } } } as PlatformSpecInput), promotion } as PlatformSpecInput);
      return [];
    } catch (e) {
      if (e instanceof SpecError) return e.problems.map((p) => `${formatPath(p.path)}: ${p.message}`);
      throw e;
    }
  };

  test('lists every environment once, by name', () => {
    expect(problems(['dev', 'prod'])).toEqual([]);
    expect(problems(['dev', 'prd'])).toEqual(['promotion[1]: unknown environment "prd"; declared: dev, prod', 'promotion: missing prod; list every environment once, in the order changes reach them']);
    expect(problems(['dev', 'dev', 'prod'])).toEqual(['promotion[1]: "dev" is listed twice; list every environment once']);
    expect(problems(['dev'])).toEqual(['promotion: missing prod; list every environment once, in the order changes reach them']);
  });
});
