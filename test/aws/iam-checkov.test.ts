/**
 * checkov's IAM checks over every role the example synthesizes.
 *
 * A genuine gap in checkov 3.3: its policy checks built on cloudsplaining (CKV_AWS_286..290,
 * CKV_AWS_355) return UNKNOWN, reported neither passed nor failed, for an `aws_iam_role_policy`
 * whose `policy` is a JSON string in `terraform_json`, which is how CDKTF writes every policy.
 * A `Resource: "*"` policy passes the `terraform_json` scan unnoticed. So this suite hands
 * checkov the same roles and policies as HCL (`--framework terraform`), references resolved to
 * the ARNs they stand for, and proves with a canary that the checks really judge them.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeRoles } from '../support/iam-analysis';
import { ROOT, exampleSpec, synthEnvironments } from '../support/declared-access';

const CHECKOV = path.join(ROOT, '.venv', 'bin', 'checkov');
const POLICY_CHECKS = ['CKV_AWS_62', 'CKV_AWS_63', 'CKV_AWS_286', 'CKV_AWS_287', 'CKV_AWS_288', 'CKV_AWS_289', 'CKV_AWS_290', 'CKV_AWS_355'];
const ROLE_CHECKS = ['CKV_AWS_60', 'CKV_AWS_61'];
/** A policy every IAM check must fail: if it passes, checkov did not look. */
const CANARY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'ssm:PutParameter', 'iam:PassRole'], Resource: '*' }] };
const CANARY_FAILS = ['CKV_AWS_288', 'CKV_AWS_289', 'CKV_AWS_290', 'CKV_AWS_355'];

const hclId = (name: string) => name.replace(/[^A-Za-z0-9_]/g, '_');
const heredoc = (json: unknown) => `<<POLICY\n${JSON.stringify(json, null, 2)}\nPOLICY`;

/** The example's roles and inline policies as HCL, plus the canary policy. */
function renderExample(): { hcl: string; roles: number; policies: number } {
  const { environments } = synthEnvironments(exampleSpec());
  const blocks: string[] = [];
  let roles = 0;
  let policies = 0;
  for (const { stack } of environments) {
    for (const role of analyzeRoles(stack).values()) {
      roles += 1;
      blocks.push(`resource "aws_iam_role" "${hclId(role.roleName)}" {\n  name = "${role.roleName}"\n  assume_role_policy = ${heredoc(role.trust)}\n}`);
      for (const [name, policy] of Object.entries(role.policies)) {
        policies += 1;
        expect(JSON.stringify(policy)).not.toMatch(/<unresolved|\$\{|%\{/);
        blocks.push(`resource "aws_iam_role_policy" "${hclId(name)}" {\n  name = "${name}"\n  role = "${role.roleName}"\n  policy = ${heredoc(policy)}\n}`);
      }
    }
  }
  blocks.push(`resource "aws_iam_role_policy" "canary" {\n  name = "canary"\n  role = "canary"\n  policy = ${heredoc(CANARY)}\n}`);
  return { hcl: blocks.join('\n\n'), roles, policies };
}

interface Finding {
  check_id: string;
  resource: string;
}

function runCheckov(dir: string): { passed: Finding[]; failed: Finding[] } {
  const run = spawnSync(
    CHECKOV,
    ['-d', dir, '--framework', 'terraform', '--check', [...POLICY_CHECKS, ...ROLE_CHECKS].join(','), '-o', 'json', '--skip-download', '--skip-results-upload'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, BC_SKIP_MAPPING: 'TRUE' } },
  );
  const report = JSON.parse(run.stdout);
  const results = (Array.isArray(report) ? report[0] : report).results;
  return { passed: results.passed_checks, failed: results.failed_checks };
}

const describeIfCheckov = fs.existsSync(CHECKOV) ? describe : describe.skip;

describeIfCheckov('checkov IAM checks on the execution and sync roles', () => {
  let dir: string;
  let scan: { passed: Finding[]; failed: Finding[] };
  let counts: { roles: number; policies: number };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-checkov-'));
    const { hcl, ...rest } = renderExample();
    counts = rest;
    fs.writeFileSync(path.join(dir, 'iam.tf'), hcl);
    scan = runCheckov(dir);
  }, 120_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('judges for real: the canary `*` policy fails', () => {
    const canary = scan.failed.filter((f) => f.resource === 'aws_iam_role_policy.canary').map((f) => f.check_id).sort();
    expect(canary).toEqual(expect.arrayContaining(CANARY_FAILS));
  });

  it('fails no IAM check on any role or policy of the kit', () => {
    expect(scan.failed.filter((f) => f.resource !== 'aws_iam_role_policy.canary')).toEqual([]);
  });

  it('evaluates every check on every policy and role (none left unknown)', () => {
    const kit = scan.passed.filter((f) => f.resource !== 'aws_iam_role_policy.canary');
    for (const id of POLICY_CHECKS) expect({ id, n: kit.filter((f) => f.check_id === id).length }).toEqual({ id, n: counts.policies });
    for (const id of ROLE_CHECKS) expect({ id, n: kit.filter((f) => f.check_id === id).length }).toEqual({ id, n: counts.roles });
  });
});
