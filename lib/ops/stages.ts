/**
 * The order stacks are deployed in, for the deploy workflow: environments in the spec's
 * `promotion` order (or the order `environments` are declared in), one stage each, every stage
 * only after the earlier ones succeeded; an account's audit stack in the stage before the
 * first environment of that account, so it is in place when that environment deploys.
 */
import type { PlatformModel } from '../core/model';
import type { PlatformSpec } from '../core/schema';

export interface StackJob {
  readonly stack: string;
  readonly kind: 'environment' | 'account';
  /** The environment, or the account's environments joined with `,`. */
  readonly environment: string;
  readonly account: string;
  readonly protected: boolean;
  /**
   * The GitHub environment the job runs in: the environment's name, or for an account stack
   * the name of its first protected environment (else its first environment). Reviewers set on
   * a GitHub environment hold every job that runs in it until approved.
   */
  readonly githubEnvironment: string;
  /** Region for the workflow's AWS credentials. */
  readonly region: string;
}

/** Environment names in the order changes reach them. */
export function promotionOrder(spec: Pick<PlatformSpec, 'environments' | 'promotion'>): string[] {
  return spec.promotion ? [...spec.promotion] : Object.keys(spec.environments);
}

/** Stages of jobs: every job of a stage runs in parallel, stages run one after another. */
export function deployStages(spec: Pick<PlatformSpec, 'environments' | 'promotion'>, model: PlatformModel): StackJob[][] {
  const order = promotionOrder(spec);
  const envs = order.map((name) => model.environments.find((e) => e.name === name)!);
  const placed = new Set<string>();
  const accountJob = (account: string): StackJob | undefined => {
    const a = model.accounts.find((x) => x.account === account);
    if (!a || placed.has(account) || !model.audit.enabled) return undefined;
    placed.add(account);
    const inOrder = order.filter((n) => a.environments.includes(n));
    const firstProtected = inOrder.find((n) => model.environments.find((e) => e.name === n)!.protect);
    return {
      stack: a.stackName,
      kind: 'account',
      environment: inOrder.join(','),
      account,
      protected: a.protect,
      githubEnvironment: firstProtected ?? inOrder[0],
      region: a.homeRegion,
    };
  };
  const stages: StackJob[][] = [];
  const first = accountJob(envs[0].account);
  if (first) stages.push([first]);
  envs.forEach((env, i) => {
    const stage: StackJob[] = [
      { stack: env.stackName, kind: 'environment', environment: env.name, account: env.account, protected: env.protect, githubEnvironment: env.name, region: env.primaryRegion },
    ];
    // The next environment's account, when new, gets its audit stack now: in place before it.
    const next = envs[i + 1] ? accountJob(envs[i + 1].account) : undefined;
    if (next) stage.push(next);
    stages.push(stage);
  });
  return stages;
}

/** How many stage jobs `.github/workflows/deploy.yml` declares; more stages are refused. */
export const WORKFLOW_STAGES = 8;
