import * as fs from 'fs';
import { awsModel } from '../../lib/aws/model';
import * as os from 'os';
import * as path from 'path';
import { loadPlatform } from '../../lib/app';
import { writeReports } from '../../lib/report/write';
import { COMMENT_LIMIT, COMMENT_MARKER, buildComment, cleanDiff, readReviews } from '../../scripts/review-comment';

const ROOT = path.resolve(__dirname, '..', '..');
let tmp: string;
let reports: string;
let diffs: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'comment-'));
  writeReports(awsModel(loadPlatform(path.join(ROOT, 'platform.yaml')).model), path.join(tmp, 'out'));
  reports = path.join(tmp, 'out', 'reports');
  diffs = path.join(tmp, 'diffs');
  fs.mkdirSync(diffs);
  fs.writeFileSync(path.join(diffs, 'acme-payments-dev.txt'), 'Plan: 42 to add, 0 to change, 0 to destroy.\n');
  fs.writeFileSync(path.join(diffs, 'acme-payments-dev.status'), '0\n');
  fs.writeFileSync(
    path.join(diffs, 'acme-payments-dev.findings.json'),
    JSON.stringify({ findings: [{ subject: 'db/password', kind: 'recreate', message: 'secret db/password was deleted outside Terraform and will be created again with a new ARN; db/password will get a NEW value', address: 'x', blocking: true }] }),
  );
  fs.writeFileSync(path.join(diffs, 'acme-payments-prod.txt'), 'Error: No valid credential sources found\n');
  fs.writeFileSync(path.join(diffs, 'acme-payments-prod.status'), '1\n');
  fs.writeFileSync(path.join(diffs, 'acme-payments-staging.status'), 'skipped\n');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('review comment', () => {
  it('summarizes every environment, with its plan and its report', () => {
    const comment = buildComment(readReviews(reports, diffs));
    expect(comment.startsWith(COMMENT_MARKER)).toBe(true);
    expect(comment).toMatch(/\| acme-payments-dev \| Plan: 42 to add, 0 to change, 0 to destroy\. \| \*\*1\*\* \| no base report \| \$\d+\.\d\d \|/);
    expect(comment).toMatch(/\| acme-payments-prod \| failed \(exit 1\) \| not run \|/);
    expect(comment).toMatch(/\| acme-payments-staging \| not run \| not run \|/);
    expect(comment).toContain('**1 blocking finding** (an apply refuses it unless accepted by name):');
    expect(comment).toContain('- :warning: secret db/password was deleted outside Terraform and will be created again with a new ARN; db/password will get a NEW value (accept with `--accept db/password`)');
    expect(comment).toContain('Plan: 42 to add, 0 to change, 0 to destroy.');
    expect(comment).toContain('```mermaid');
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT);
  });

  it('stays under GitHub\'s comment limit when plans are huge', () => {
    const reviews = readReviews(reports, diffs).map((r) => ({ ...r, diff: { output: 'x'.repeat(200_000), status: '0' } }));
    const comment = buildComment(reviews);
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(comment).toContain('characters cut here; the whole plan is in the workflow log');
  });
});

describe('plan output', () => {
  it('keeps Terraform\'s text and drops the CLI\'s spinner, escape codes and stack column', () => {
    const raw = [
      '\u280b  Processing',
      '\x1b[2K\x1b[1A\x1b[2K\x1b[Gacme-payments-dev  Terraform will perform the following actions:',
      '',
      '                   # aws_kms_key.key will be created',
      '\u2834  Processing',
      'acme-payments-dev  Plan: 32 to add, 0 to change, 0 to destroy.',
    ].join('\n');
    expect(cleanDiff(raw, 'acme-payments-dev')).toBe(
      ['Terraform will perform the following actions:', '', '# aws_kms_key.key will be created', 'Plan: 32 to add, 0 to change, 0 to destroy.'].join('\n'),
    );
  });

  it('a long plan keeps its summary line', () => {
    const long = `${'  + resource\n'.repeat(5_000)}Plan: 5000 to add, 0 to change, 0 to destroy.`;
    const reviews = readReviews(reports, diffs).map((r) => ({ ...r, diff: { output: long, status: '0' } }));
    expect(buildComment(reviews)).toContain('Plan: 5000 to add, 0 to change, 0 to destroy.');
  });
});
