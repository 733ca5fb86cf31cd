/**
 * What the pack found, in the forms people read: one line per failure (the resource, its place
 * in the spec, the rule, what is wrong, the fix), one line per suppression in force, and the
 * `guardrails.json` written beside the synthesized stacks.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SpecPath, formatPath } from '../core/errors';

export interface Finding {
  readonly rule: string;
  readonly stack: string;
  /** Terraform address, e.g. `aws_secretsmanager_secret.db_password`. */
  readonly address: string;
  /** Construct path. */
  readonly path: string;
  /** The spec entry the resource comes from, when known. */
  readonly origin?: SpecPath;
  readonly detail: string;
  readonly fix: string;
}

export interface SuppressedFinding extends Finding {
  readonly reason: string;
  /** Where the suppression was written. */
  readonly source: string;
}

export interface UnusedSuppression {
  readonly rule: string;
  readonly reason: string;
  readonly source: string;
}

export interface GuardrailReport {
  readonly specFile: string;
  readonly rules: ReadonlyArray<{ readonly id: string; readonly description: string }>;
  /** Stacks checked, with how many elements each. */
  readonly stacks: ReadonlyArray<{ readonly name: string; readonly elements: number }>;
  readonly failures: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** Suppressions that waived nothing: candidates for removal. */
  readonly unused: readonly UnusedSuppression[];
  /** Suppressions that cannot be honoured (e.g. an unknown rule id), one line each. */
  readonly invalid: readonly string[];
}

/** The file written beside the stacks. */
export const REPORT_FILE = 'guardrails.json';

function where(f: Finding, specFile: string): string {
  return f.origin ? ` (${specFile}: ${formatPath(f.origin)})` : '';
}

/** `acme-payments-prod: aws_kms_key.key (platform.yaml: environments.prod): KIT-KEY-ROTATION: ... Fix: ...` */
export function formatFailure(f: Finding, specFile: string): string {
  return `${f.stack}: ${f.address}${where(f, specFile)}: ${f.rule}: ${f.detail}. Fix: ${f.fix}`;
}

/** `KIT-SECRET-ROTATION suppressed on acme-payments-dev: aws_secretsmanager_secret.x: "reason" (platform.yaml: ...)` */
export function formatSuppressed(s: SuppressedFinding): string {
  return `${s.rule} suppressed on ${s.stack}: ${s.address}: ${JSON.stringify(s.reason)} (${s.source})`;
}

export function formatUnused(u: UnusedSuppression): string {
  return `${u.rule} suppression waives nothing; remove it (${u.source})`;
}

/** Writes `guardrails.json` into a synthesis output folder. */
export function writeReport(outdir: string, report: GuardrailReport): void {
  const { failures: _none, ...shown } = report;
  fs.writeFileSync(path.join(outdir, REPORT_FILE), `${JSON.stringify(shown, null, 2)}\n`);
}

/** Synthesis refused: the guardrails found resources that break a rule, or unusable suppressions. */
export class GuardrailError extends Error {
  constructor(readonly report: GuardrailReport) {
    const lines = GuardrailError.linesOf(report);
    super(`${lines.length} guardrail problem${lines.length === 1 ? '' : 's'}:\n${lines.map((l) => `  ${l}`).join('\n')}`);
    this.name = 'GuardrailError';
  }

  private static linesOf(report: GuardrailReport): string[] {
    return [...report.invalid, ...report.failures.map((f) => formatFailure(f, report.specFile))];
  }

  /** The lines a person reads, one problem each. */
  lines(): string[] {
    return GuardrailError.linesOf(this.report);
  }
}
