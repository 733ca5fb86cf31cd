/**
 * From a spec file to `cdktf.out`: load and validate everything first, build every stack,
 * then synthesize into a scratch folder that replaces the output only when all succeeded.
 * The guardrails judge the stacks as written to the scratch folder, so a bad spec or a failed
 * check never leaves a half-written `cdktf.out`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import type { DeployOptions } from './core/backend';
import { LoadedPlatform, loadPlatformFile } from './core/loader';
import type { PlatformModel } from './core/model';
import { CLOUDS, GUARDRAIL_RULE_SETS, backendFor } from './backends';
import { LEGACY_ADDRESSES_CONTEXT } from './aws/addresses';
import { constructSuppressionsOf } from './report/write';
import { platformWarnings } from './report/warnings';
import { GuardrailPack, GuardrailReport, writeReport as writeGuardrailReport } from './guardrails';
import { withBinaryVersionsCheckedOnce } from './binary-version-checks';
import { withoutTokenStackTraces } from './token-stack-traces';
import { AccountStack } from '../stacks/account-stack';
import { EnvironmentStack } from '../stacks/environment-stack';

export interface PlatformStacks {
  readonly environments: EnvironmentStack[];
  readonly accounts: AccountStack[];
}

/** Loads a spec file with every check of its cloud. Throws `SpecError`. */
export function loadPlatform(specPath: string): LoadedPlatform {
  return loadPlatformFile(specPath, CLOUDS);
}

/** Adds one stack per environment, plus one per account when audit is on. */
export function buildStacks(app: App, platform: PlatformModel, options: DeployOptions = {}): PlatformStacks {
  const backend = backendFor(platform.cloud);
  const environments = platform.environments.map((env) => new EnvironmentStack(app, { platform, env, backend, options }));
  const accounts = platform.audit.enabled
    ? platform.accounts.map((account) => new AccountStack(app, { platform, account, backend, options }))
    : [];
  return { environments, accounts };
}

export interface SynthesizeOptions extends DeployOptions {
  readonly specPath: string;
  /**
   * The process environment, where the spec's backend finds its local-mode endpoint
   * (`AWS_ENDPOINT_URL` on AWS). An explicit `localEndpoint` wins.
   * @default no variables: real endpoints
   */
  readonly variables?: Readonly<Record<string, string | undefined>>;
  /** @default `cdktf.out` (or `CDKTF_OUTDIR` when the cdktf CLI runs the app) */
  readonly outdir: string;
  /** Previous `{stack}.json` review reports to compare with. @default no comparison */
  readonly previousReportDir?: string;
  /**
   * Synthesize at the construct-path addresses of kit versions before stable addresses, without
   * `moved` blocks: only the upgrade test uses it, to build the state an earlier version left.
   * @default false
   */
  readonly legacyAddresses?: boolean;
}

export interface SynthesisResult {
  readonly platform: LoadedPlatform;
  readonly stacks: string[];
  readonly outdir: string;
  /** What the guardrails checked and which suppressions are in force (also in `guardrails.json`). */
  readonly guardrails: GuardrailReport;
  /** What the spec allows but leaves weak; also in every review report. */
  readonly warnings: readonly string[];
}

export function synthesize(options: SynthesizeOptions): SynthesisResult {
  const platform = loadPlatform(options.specPath);
  const backend = backendFor(platform.model.cloud);
  const outdir = path.resolve(options.outdir);
  const scratch = `${outdir}.partial-${process.pid}`;
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  try {
    const context = options.legacyAddresses ? { [LEGACY_ADDRESSES_CONTEXT]: true } : {};
    const app = new App({ outdir: scratch, stackTraces: false, context });
    const localEndpoint = options.localEndpoint ?? backend.localEndpoint(options.variables ?? {});
    // The pack judges each stack's configuration as CDKTF writes it to the scratch folder (the
    // object it serializes, so each stack is resolved once and never read back); a failing rule
    // throws below, before anything replaces the previous output.
    const guardrails = new GuardrailPack({ ruleSets: GUARDRAIL_RULE_SETS, platform: platform.model, specFile: platform.file });
    const stacks = withoutTokenStackTraces(() =>
      withBinaryVersionsCheckedOnce(() => {
        const built = buildStacks(app, platform.model, { localEndpoint });
        for (const stack of [...built.environments, ...built.accounts]) {
          stack.whenResolved((config) => guardrails.judge({ name: stack.node.id, config, tree: app }));
        }
        app.synth();
        return built;
      }),
    );
    // A stack whose configuration did not pass through `whenResolved` is judged from its file.
    guardrails.judgeSynthesized(app, guardrails.judgedStacks);
    const guardrailReport = guardrails.assertCompliant();
    writeGuardrailReport(scratch, guardrailReport);
    backend.writeReports(platform.model, scratch, {
      handles: new Map(stacks.environments.map((s) => [s.node.id, s.handles])),
      previousDir: options.previousReportDir,
      constructSuppressions: constructSuppressionsOf(guardrailReport),
    });
    replaceOutput(scratch, outdir);
    return {
      platform,
      outdir,
      stacks: [...stacks.environments, ...stacks.accounts].map((s) => s.node.id),
      guardrails: guardrailReport,
      warnings: platformWarnings(platform.model),
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Swaps the new output in, keeping each surviving stack's `terraform init` work. */
function replaceOutput(fresh: string, outdir: string): void {
  const kept = ['.terraform', '.terraform.lock.hcl'];
  const stacksDir = path.join(outdir, 'stacks');
  if (fs.existsSync(stacksDir)) {
    for (const stack of fs.readdirSync(stacksDir)) {
      const target = path.join(fresh, 'stacks', stack);
      if (!fs.existsSync(target)) continue;
      for (const name of kept) {
        const from = path.join(stacksDir, stack, name);
        if (fs.existsSync(from)) fs.renameSync(from, path.join(target, name));
      }
    }
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.renameSync(fresh, outdir);
}
