/**
 * Builds the pull-request comment from the review reports and the plans:
 * `node dist/scripts/review-comment.js <reports dir> <diffs dir>` prints Markdown on stdout.
 * A plan is `{stack}.txt` with its exit status in `{stack}.status` (`0`, a number, or `skipped`),
 * and its blocking findings in `{stack}.findings.json` (the `plan-review.json` that
 * `npm run plan` writes beside the saved plan).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { EnvironmentReport } from '../lib/report/report';
import { money } from '../lib/report/format';
import { PlanFinding, findingsMarkdown } from '../lib/ops/plan-findings';

/** The marker the comment action finds its own comment by. */
export const COMMENT_MARKER = '<!-- secrets-platform-review -->';
/** GitHub refuses comments over 65,536 characters. */
export const COMMENT_LIMIT = 65_000;
const DIFF_LIMIT = 12_000;

export interface StackReview {
  readonly stack: string;
  readonly report: EnvironmentReport;
  readonly markdown: string;
  /** `undefined` when no diff ran for this stack. */
  readonly diff?: { readonly output: string; readonly status: string };
  /** Blocking findings of the plan; `undefined` when no plan was read. */
  readonly findings?: readonly PlanFinding[];
}

export function readReviews(reportsDir: string, diffsDir: string): StackReview[] {
  const stacks = fs
    .readdirSync(reportsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
  return stacks.map((stack) => {
    const diffFile = path.join(diffsDir, `${stack}.txt`);
    const statusFile = path.join(diffsDir, `${stack}.status`);
    const findingsFile = path.join(diffsDir, `${stack}.findings.json`);
    return {
      stack,
      report: JSON.parse(fs.readFileSync(path.join(reportsDir, `${stack}.json`), 'utf8')) as EnvironmentReport,
      markdown: fs.readFileSync(path.join(reportsDir, `${stack}.md`), 'utf8'),
      diff: fs.existsSync(statusFile)
        ? { output: fs.existsSync(diffFile) ? fs.readFileSync(diffFile, 'utf8') : '', status: fs.readFileSync(statusFile, 'utf8').trim() }
        : undefined,
      findings: fs.existsSync(findingsFile) ? (JSON.parse(fs.readFileSync(findingsFile, 'utf8')) as { findings: PlanFinding[] }).findings : undefined,
    };
  });
}

export function buildComment(reviews: readonly StackReview[]): string {
  const full = render(reviews, true);
  return full.length <= COMMENT_LIMIT ? full : render(reviews, false);
}

function render(reviews: readonly StackReview[], withReports: boolean): string {
  const parts = [
    COMMENT_MARKER,
    '## Secrets platform review',
    '',
    '| stack | plan | blocking findings | changes since base | estimated monthly cost |',
    '|---|---|---|---|---|',
    ...reviews.map((r) => `| ${r.stack} | ${diffStatus(r)} | ${findingCount(r)} | ${changeCount(r.report)} | ${money(r.report.cost.totals.monthly)} |`),
    '',
  ];
  for (const r of reviews) {
    parts.push(`### ${r.stack}`, '', ...findingsMarkdown(r.findings ?? []));
    if (r.diff && r.diff.status !== 'skipped') {
      parts.push('<details><summary>terraform plan</summary>', '', '```text', clip(cleanDiff(r.diff.output, r.stack), DIFF_LIMIT), '```', '', '</details>', '');
    }
    parts.push(
      ...(withReports
        ? ['<details><summary>Review report</summary>', '', r.markdown.replace(/^# .*\n/, '').trim(), '', '</details>', '']
        : ['The review report is too long for a comment: see the `review` artifact of this run.', '']),
    );
  }
  return parts.join('\n');
}

function diffStatus(r: StackReview): string {
  if (!r.diff || r.diff.status === 'skipped') return 'not run';
  if (r.diff.status !== '0') return `failed (exit ${r.diff.status})`;
  return planSummary(cleanDiff(r.diff.output, r.stack)) ?? 'planned';
}

/** Terraform's one-line verdict: `Plan: 1 to add, 0 to change, 0 to destroy.` or `No changes.` */
export function planSummary(plan: string): string | undefined {
  return /^(Plan: .*|No changes\..*)$/m.exec(plan)?.[1];
}

function findingCount(r: StackReview): string {
  if (!r.findings) return 'not run';
  return r.findings.length === 0 ? 'none' : `**${r.findings.length}**`;
}

function changeCount(report: EnvironmentReport): string {
  const c = report.changes;
  if (!c) return 'no base report';
  const lists = [c.secretsAdded, c.secretsRemoved, c.parametersAdded, c.parametersRemoved, c.functionsAdded, c.functionsRemoved, c.accessGranted, c.accessRevoked, c.replicasChanged, c.rotationChanged, c.suppressionsAdded, c.suppressionsRemoved];
  const n = lists.reduce((sum, l) => sum + l.length, 0);
  return n === 0 ? 'none' : `${n}`;
}

/**
 * The plan as Terraform printed it: without the cdktf CLI's spinner lines and terminal escape
 * sequences, and without the `{stack}  ` column it puts before each line.
 */
export function cleanDiff(output: string, stack: string): string {
  const prefix = `${stack}  `;
  const indent = ' '.repeat(prefix.length);
  return output
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .split('\n')
    .filter((line) => !/^\s*[\u2800-\u28ff]/.test(line))
    .map((line) => (line.startsWith(prefix) ? line.slice(prefix.length) : line.startsWith(indent) ? line.slice(indent.length) : line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Head and tail of a long plan: the tail holds Terraform's `Plan: ... to add` summary. */
function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const tail = Math.floor(limit / 4);
  const cut = text.length - limit;
  return `${text.slice(0, limit - tail)}\n\n... (${cut} characters cut here; the whole plan is in the workflow log)\n\n${text.slice(-tail)}`;
}

if (require.main === module) {
  const [reportsDir, diffsDir] = process.argv.slice(2);
  if (!reportsDir || !diffsDir) {
    console.error('usage: node dist/scripts/review-comment.js <reports dir> <diffs dir>');
    process.exit(2);
  }
  process.stdout.write(buildComment(readReviews(reportsDir, diffsDir)));
}
