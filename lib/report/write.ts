/**
 * Writes one review report per environment stack next to the synthesized stacks:
 * `{outdir}/reports/{stack}.md` and `{stack}.json`. Called on the scratch output before it is
 * swapped in, so reports and stacks always come from the same run.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { PlatformModel as CoreModel } from '../core/model';
import { PlatformModel, awsModel } from '../aws/model';
import { AuditFootprint, SynthesizedStack, auditFootprintOf } from '../aws/cost';
import { ConstructSuppression, EnvironmentReport, buildReport, renderMarkdown } from './report';

/** The folder of reports inside the synthesized output. */
export const REPORTS_DIR = 'reports';

export interface WriteReportsOptions {
  /**
   * A folder holding a previous run's `{stack}.json` reports (e.g. the base branch's
   * `cdktf.out/reports`); each report then lists what changed since.
   * @default no comparison
   */
  readonly previousDir?: string;
  /** Suppressions the guardrails added in code. @default none */
  readonly constructSuppressions?: readonly ConstructSuppression[];
}

/**
 * The suppressions the guardrails applied that were written in code, not in the spec (the
 * report lists spec suppressions from the model). Typed by shape, so the report needs nothing
 * from the guardrails module but its output.
 */
export function constructSuppressionsOf(guardrails: {
  readonly suppressed: ReadonlyArray<{ readonly rule: string; readonly reason: string; readonly stack: string; readonly address: string; readonly source: string }>;
}): ConstructSuppression[] {
  return guardrails.suppressed
    .filter((s) => s.source.startsWith('construct '))
    .map((s) => ({ rule: s.rule, reason: s.reason, target: `${s.address} (${s.source})`, stack: s.stack }));
}

/** Returns the paths written. */
export function writeReports(model: CoreModel, outdir: string, options: WriteReportsOptions = {}): string[] {
  const platform = awsModel(model);
  const dir = path.join(outdir, REPORTS_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const audits = auditFootprints(platform, outdir);
  return platform.environments.flatMap((env) => {
    const report = buildReport(platform, env, {
      audit: audits.get(env.auditStackName),
      constructSuppressions: options.constructSuppressions,
      previous: options.previousDir ? readPrevious(options.previousDir, env.stackName) : undefined,
    });
    const md = path.join(dir, `${env.stackName}.md`);
    const json = path.join(dir, `${env.stackName}.json`);
    fs.writeFileSync(md, renderMarkdown(report));
    fs.writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
    return [md, json];
  });
}

/** The audit resources of each account stack that was synthesized, by stack name. */
function auditFootprints(platform: PlatformModel, outdir: string): Map<string, AuditFootprint> {
  const found = new Map<string, AuditFootprint>();
  if (!platform.audit.enabled) return found;
  for (const account of platform.accounts) {
    const file = path.join(outdir, 'stacks', account.stackName, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    const stack = JSON.parse(fs.readFileSync(file, 'utf8')) as SynthesizedStack;
    found.set(account.stackName, auditFootprintOf(account.stackName, stack, account.environments));
  }
  return found;
}

/** A previous report of the stack, or undefined when there is none (a new environment). */
function readPrevious(dir: string, stack: string): EnvironmentReport | undefined {
  const file = path.join(dir, `${stack}.json`);
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as EnvironmentReport;
  } catch (e) {
    throw new Error(`previous report ${file}: not valid JSON (${(e as Error).message}); expected a \`${stack}.json\` written by an earlier synth`);
  }
}
