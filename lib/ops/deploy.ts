/**
 * The deploy path with every exit code checked: synthesize, `terraform init`, `terraform plan
 * -out` to a saved plan, read it as JSON for blocking findings, and apply exactly that plan.
 *
 *   plan   <stack>   synth + init + plan; writes `plan.tfplan`, `plan.json` and `plan-review.json`
 *                    in the stack's folder and prints the findings
 *   apply  <stack>   applies the saved plan; refuses a missing or stale plan, and blocking
 *                    findings not accepted by name (`--accept <subject>`)
 *   deploy <stack>   plan, then apply
 *
 * A plan is stale when the stack was synthesized again after it (its `cdk.tf.json` differs) or
 * when the state changed since (Terraform itself refuses such a plan). Either way nothing is
 * re-planned silently: the person plans again and reviews.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { loadPlatform } from '../app';
import type { PlatformModel } from '../core/model';
import { PlanFinding, PlanJson, PlanNames, accountNames, environmentNames, planFindings, unaccepted } from './plan-findings';
import { ToolRun, projectRoot, runTool, terraformEnv } from './terraform';

export const RECOVERY_DOC = 'docs/recovery.md';
export const PLAN_FILE = 'plan.tfplan';
export const PLAN_JSON = 'plan.json';
export const PLAN_REVIEW = 'plan-review.json';

/** What `plan` saved beside the plan: what an apply checks before it touches anything. */
export interface PlanReview {
  readonly stack: string;
  readonly createdAt: string;
  /** sha256 of the stack's `cdk.tf.json` when it was planned. */
  readonly configSha256: string;
  /** sha256 of the saved plan file. */
  readonly planSha256: string;
  /** Whether the plan changes anything (Terraform's `-detailed-exitcode` 2). */
  readonly changes: boolean;
  readonly findings: readonly PlanFinding[];
}

/** A failure a person can act on: the message says what happened and what to do. */
export class DeployError extends Error {
  constructor(
    message: string,
    /** The process exit code to end with. */
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface DeployContext {
  readonly root: string;
  readonly specPath: string;
  readonly outdir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Print progress and Terraform's output. @default true */
  readonly echo?: boolean;
  readonly log?: (line: string) => void;
  /** The signal this process received, if any: set by the CLI's handlers. */
  readonly interrupted?: () => NodeJS.Signals | undefined;
  readonly onSpawn?: (pid: number) => void;
}

export function contextFromEnv(env: NodeJS.ProcessEnv = process.env): DeployContext {
  const root = projectRoot();
  return {
    root,
    specPath: path.resolve(env.PLATFORM_SPEC ?? path.join(root, 'platform.yaml')),
    outdir: path.resolve(env.CDKTF_OUTDIR ?? path.join(root, 'cdktf.out')),
    env,
  };
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const stackDir = (ctx: DeployContext, stack: string) => path.join(ctx.outdir, 'stacks', stack);
const say = (ctx: DeployContext, line: string) => (ctx.log ?? ((l: string) => console.log(l)))(line);

/** What to do after an apply that did not finish; the same words for every way it can stop. */
export function afterBrokenApply(stack: string): string {
  return [
    'Some changes may have been made and recorded in state; a resource being created at that moment may exist in the account but not in state.',
    'What to do:',
    `  1. npm run doctor -- ${stack}     lists resources of this environment that are not in state, with the import or removal command for each`,
    `  2. npm run plan -- ${stack}       plans again from what is recorded now; review it, then npm run apply -- ${stack}`,
    `  If Terraform says the state is locked, no apply is running any more and the lock is stale: see ${RECOVERY_DOC} (a stale state lock).`,
    `Details: ${RECOVERY_DOC}`,
  ].join('\n');
}

/** Ends a step that was interrupted or killed with the words for it; passes otherwise. */
function checkStep(ctx: DeployContext, stack: string, step: string, result: ToolRun, applying: boolean): void {
  const received = ctx.interrupted?.();
  const after = applying ? `\n${afterBrokenApply(stack)}` : `\nNothing was applied. Run it again when ready; details: ${RECOVERY_DOC}`;
  if (received) {
    throw new DeployError(
      `interrupted (${received}) during ${step} of ${stack}: Terraform was asked to stop and exited ${result.code ?? result.signal}.${after}`,
      received === 'SIGINT' ? 130 : 143,
    );
  }
  if (result.signal) {
    throw new DeployError(`${step} of ${stack} was killed (${result.signal}) before it finished.${after}`, 1);
  }
}

function platformOf(ctx: DeployContext): PlatformModel {
  return loadPlatform(ctx.specPath).model;
}

/** The spec names a stack's resources carry, for findings; and the account it must deploy into. */
function stackModel(platform: PlatformModel, stack: string): { names: PlanNames; account: string; where: string } | undefined {
  const env = platform.environments.find((e) => e.stackName === stack);
  if (env) return { names: environmentNames(env), account: env.account, where: `environments.${env.name}.account` };
  const account = platform.accounts.find((a) => a.stackName === stack);
  if (account) return { names: accountNames(account), account: account.account, where: `environments.${account.environments.join('/')}.account` };
  return undefined;
}

function stacksIn(ctx: DeployContext): string[] {
  const dir = path.join(ctx.outdir, 'stacks');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((s) => fs.existsSync(path.join(dir, s, 'cdk.tf.json'))).sort() : [];
}

function requireStack(ctx: DeployContext, stack: string | undefined): string {
  const known = stacksIn(ctx);
  if (!stack) throw new DeployError(`name a stack; synthesized: ${known.join(', ') || '(none: run npm run synth)'}`, 2);
  if (!known.includes(stack)) {
    throw new DeployError(`unknown stack \`${stack}\`; synthesized from ${path.relative(process.cwd(), ctx.specPath) || ctx.specPath}: ${known.join(', ') || '(none)'}`, 2);
  }
  return stack;
}

/** The wrong-account error of the AWS provider, with both accounts named. */
export function explainTerraformFailure(output: string, stack: string, expected?: { account: string; where: string }): string | undefined {
  const m = /AWS account ID not allowed: (\d{12})/.exec(output);
  if (m && expected) {
    return `wrong AWS account: the credentials belong to account ${m[1]}, but ${stack} deploys into account ${expected.account} (${expected.where} in the spec). Use credentials (or the deploy role) of account ${expected.account}; nothing was changed.`;
  }
  if (/Saved plan is stale/.test(output)) {
    return `the saved plan of ${stack} is stale: the state changed after it was planned (another apply ran). Terraform refused it and nothing was applied. Run npm run plan -- ${stack} again, review, then apply.`;
  }
  if (/Error acquiring the state lock/.test(output)) {
    return `the state of ${stack} is locked by another run (its lock is shown above). Wait for it to finish; if no run is active, the lock is stale: see ${RECOVERY_DOC} (a stale state lock).`;
  }
  return undefined;
}

async function terraform(ctx: DeployContext, stack: string, args: string[], step: string, options: { applying?: boolean; echo?: boolean; allowed?: number[] } = {}): Promise<ToolRun> {
  // A signal that arrived between two steps stops the run before the next one starts.
  const before = ctx.interrupted?.();
  if (before) throw new DeployError(`interrupted (${before}) before ${step} of ${stack}. Nothing more was started; details: ${RECOVERY_DOC}`, before === 'SIGINT' ? 130 : 143);
  const { env } = terraformEnv(ctx.env);
  const result = await runTool('terraform', args, { cwd: stackDir(ctx, stack), env, echo: options.echo ?? ctx.echo ?? true, onSpawn: ctx.onSpawn });
  checkStep(ctx, stack, step, result, options.applying ?? false);
  if (result.code === 127) throw new DeployError(`terraform could not be started (${result.stderr.trim()}): install Terraform >= 1.10`);
  if (!(options.allowed ?? [0]).includes(result.code ?? 1)) {
    const output = `${result.stdout}\n${result.stderr}`;
    let platform: PlatformModel | undefined;
    try {
      platform = platformOf(ctx);
    } catch {
      platform = undefined;
    }
    const explained = explainTerraformFailure(output, stack, platform ? stackModel(platform, stack) : undefined);
    const brokenApply = options.applying ? `\n${afterBrokenApply(stack)}` : '';
    throw new DeployError(`${step} of ${stack} failed (exit ${result.code}).${explained ? `\n${explained}` : ' Its error is printed above.'}${brokenApply}`);
  }
  return result;
}

/** Synthesizes with the kit's own build (`node dist/main.js`), into `ctx.outdir`. */
export async function synth(ctx: DeployContext): Promise<void> {
  const main = path.join(ctx.root, 'dist', 'main.js');
  if (!fs.existsSync(main)) throw new DeployError(`no build at ${main}: run node scripts/build.js (npm run plan does)`);
  const result = await runTool(process.execPath, [main], {
    cwd: ctx.root,
    env: { ...ctx.env, CDKTF_OUTDIR: ctx.outdir },
    echo: ctx.echo ?? true,
  });
  const received = ctx.interrupted?.();
  if (received) throw new DeployError(`interrupted (${received}) during synthesis: nothing was planned or applied.`, received === 'SIGINT' ? 130 : 143);
  if (result.code !== 0) throw new DeployError(`synthesis failed (exit ${result.code ?? result.signal}); its problems are printed above. Nothing was planned or applied.`);
}

/** `terraform init` in the stack's folder (offline from the mirror when there is one). */
export async function init(ctx: DeployContext, stack: string): Promise<void> {
  const args = ['init', '-input=false', '-no-color'];
  const backendFile = localBackendConfig(ctx, stack);
  if (backendFile) args.push(`-backend-config=${backendFile}`, '-reconfigure');
  await terraform(ctx, stack, args, 'terraform init', { echo: false });
}

/**
 * Local mode (`AWS_ENDPOINT_URL`) with S3 state: the backend talks to the same endpoint, path
 * style. Written as a `-backend-config` file so the synthesized config stays the same.
 */
function localBackendConfig(ctx: DeployContext, stack: string): string | undefined {
  const endpoint = ctx.env.AWS_ENDPOINT_URL;
  if (!endpoint) return undefined;
  const config = JSON.parse(fs.readFileSync(path.join(stackDir(ctx, stack), 'cdk.tf.json'), 'utf8')) as { terraform?: { backend?: Record<string, unknown> } };
  if (!config.terraform?.backend?.s3) return undefined;
  const file = path.join(stackDir(ctx, stack), 'local-endpoint.s3.tfbackend');
  const e = JSON.stringify(endpoint);
  fs.writeFileSync(file, `use_path_style = true\nskip_credentials_validation = true\nendpoints = { s3 = ${e}, sts = ${e}, iam = ${e} }\n`);
  return file;
}

export interface PlanOutcome {
  readonly review: PlanReview;
  /** Terraform's plan as JSON (`terraform show -json`). */
  readonly plan: PlanJson;
}

/** synth + init + `terraform plan -out`, then findings. */
export interface PlanOptions {
  /** Use the stacks already in the output folder (`--skip-synth`). @default synthesize first */
  readonly skipSynth?: boolean;
  /** Plan without taking the state lock (`--no-lock`): read-only review credentials. @default lock */
  readonly noLock?: boolean;
}

export async function plan(ctx: DeployContext, stackArg: string | undefined, options: PlanOptions = {}): Promise<PlanOutcome> {
  if (!options.skipSynth) await synth(ctx);
  const stack = requireStack(ctx, stackArg);
  const dir = stackDir(ctx, stack);
  for (const f of [PLAN_FILE, PLAN_JSON, PLAN_REVIEW]) fs.rmSync(path.join(dir, f), { force: true });
  await init(ctx, stack);
  const planned = await terraform(ctx, stack, ['plan', '-input=false', '-no-color', '-detailed-exitcode', ...(options.noLock ? ['-lock=false'] : []), `-out=${PLAN_FILE}`], 'terraform plan', { allowed: [0, 2] });
  const show = await terraform(ctx, stack, ['show', '-json', '-no-color', PLAN_FILE], 'terraform show', { echo: false });
  const json = JSON.parse(show.stdout) as PlanJson;
  fs.writeFileSync(path.join(dir, PLAN_JSON), show.stdout);
  const model = stackModel(platformOf(ctx), stack);
  const findings = planFindings(json, model?.names ?? { secrets: new Map(), parameters: new Map(), roles: new Map() });
  const review: PlanReview = {
    stack,
    createdAt: new Date().toISOString(),
    configSha256: sha256(path.join(dir, 'cdk.tf.json')),
    planSha256: sha256(path.join(dir, PLAN_FILE)),
    changes: planned.code === 2,
    findings,
  };
  fs.writeFileSync(path.join(dir, PLAN_REVIEW), `${JSON.stringify(review, null, 2)}\n`);
  say(ctx, '');
  say(ctx, `Saved plan of ${stack}: ${path.relative(process.cwd(), path.join(dir, PLAN_FILE))} (${review.changes ? 'changes' : 'no changes'})`);
  for (const line of findingLines(findings)) say(ctx, line);
  return { review, plan: json };
}

export function findingLines(findings: readonly PlanFinding[]): string[] {
  if (findings.length === 0) return ['No blocking findings.'];
  return [
    `${findings.length} blocking finding${findings.length === 1 ? '' : 's'}:`,
    ...findings.map((f) => `  - ${f.message}  [accept with --accept ${f.subject}]`),
  ];
}

/** Applies exactly the saved plan, after checking it is there, current, and accepted. */
export async function apply(ctx: DeployContext, stackArg: string | undefined, accepted: readonly string[]): Promise<void> {
  const stack = requireStack(ctx, stackArg);
  const dir = stackDir(ctx, stack);
  const planFile = path.join(dir, PLAN_FILE);
  const reviewFile = path.join(dir, PLAN_REVIEW);
  if (!fs.existsSync(planFile) || !fs.existsSync(reviewFile)) {
    throw new DeployError(`no saved plan for ${stack} (a synth removes it, an apply uses it up): run npm run plan -- ${stack}, review it, then apply. Nothing was applied.`);
  }
  const review = JSON.parse(fs.readFileSync(reviewFile, 'utf8')) as PlanReview;
  if (sha256(path.join(dir, 'cdk.tf.json')) !== review.configSha256) {
    throw new DeployError(`the saved plan of ${stack} is stale: the stack was synthesized with different content after it was planned (${review.createdAt}). Run npm run plan -- ${stack} again and review it. Nothing was applied.`);
  }
  if (sha256(planFile) !== review.planSha256) {
    throw new DeployError(`the plan file of ${stack} is not the one that was reviewed (its checksum differs): run npm run plan -- ${stack} again. Nothing was applied.`);
  }
  const blocking = unaccepted(review.findings, accepted);
  if (blocking.length > 0) {
    throw new DeployError(
      [
        `the plan of ${stack} has ${blocking.length} blocking finding${blocking.length === 1 ? '' : 's'} not accepted; nothing was applied:`,
        ...blocking.map((f) => `  - ${f.message}`),
        `If this is intended: npm run apply -- ${stack} ${[...new Set(blocking.map((f) => `--accept ${f.subject}`))].join(' ')} (the plan stays saved; to restore instead, see ${RECOVERY_DOC}).`,
      ].join('\n'),
    );
  }
  const unknown = accepted.filter((a) => !review.findings.some((f) => f.subject === a));
  for (const a of unknown) say(ctx, `note: --accept ${a} names no finding of this plan`);
  if (!fs.existsSync(path.join(dir, '.terraform'))) await init(ctx, stack);
  await terraform(ctx, stack, ['apply', '-input=false', '-no-color', PLAN_FILE], 'terraform apply', { applying: true });
  for (const f of [PLAN_FILE, PLAN_REVIEW]) fs.rmSync(path.join(dir, f), { force: true });
  say(ctx, `Applied the saved plan of ${stack}.`);
}

export interface CliArgs {
  readonly command: string | undefined;
  readonly stack: string | undefined;
  readonly accepted: string[];
  readonly detailedExitcode: boolean;
  readonly skipSynth: boolean;
  readonly noLock: boolean;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const accepted: string[] = [];
  const positional: string[] = [];
  let detailedExitcode = false;
  let skipSynth = false;
  let noLock = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--accept') {
      const v = argv[++i];
      if (!v) throw new DeployError('--accept needs the subject of a finding, e.g. --accept db/password', 2);
      accepted.push(v);
    } else if (a.startsWith('--accept=')) accepted.push(a.slice('--accept='.length));
    else if (a === '--detailed-exitcode') detailedExitcode = true;
    else if (a === '--skip-synth') skipSynth = true;
    else if (a === '--no-lock') noLock = true;
    else if (a.startsWith('-')) throw new DeployError(`unknown option ${a}; options: --accept <subject> (apply, deploy), --detailed-exitcode, --skip-synth, --no-lock (plan)`, 2);
    else positional.push(a);
  }
  if (positional.length > 2) throw new DeployError(`one stack at a time; got ${positional.slice(1).join(', ')}`, 2);
  return { command: positional[0], stack: positional[1], accepted, detailedExitcode, skipSynth, noLock };
}
