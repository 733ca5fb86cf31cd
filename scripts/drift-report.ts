/**
 * The drift issue's body from the drift workflow's plans:
 *
 *   node dist/scripts/drift-report.js <dir> <issue file>
 *
 * `<dir>` holds, per stack, `{stack}.status` (the exit code of `npm run plan -- <stack>
 * --detailed-exitcode`: 0 no changes, 2 changes) and `{stack}.plan.json` (`terraform show -json`).
 * Writes the issue body only when something drifted, and prints `drifted=true|false` for
 * $GITHUB_OUTPUT. A stack whose plan failed (any other status) makes the command fail: a check
 * that did not run must not read as "no drift".
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadPlatform } from '../lib/app';
import { driftIssue, stackDrift } from '../lib/ops/drift';
import { PlanJson, PlanNames, accountNames, environmentNames } from '../lib/ops/plan-findings';
import { projectRoot } from '../lib/ops/terraform';

function main(argv: readonly string[]): number {
  const [dir, issueFile] = argv;
  if (!dir || !issueFile) {
    console.error('usage: node dist/scripts/drift-report.js <plans dir> <issue file>');
    return 2;
  }
  const specPath = path.resolve(process.env.PLATFORM_SPEC ?? path.join(projectRoot(), 'platform.yaml'));
  const { model } = loadPlatform(specPath);
  const namesOf = (stack: string): PlanNames => {
    const env = model.environments.find((e) => e.stackName === stack);
    if (env) return environmentNames(env);
    const account = model.accounts.find((a) => a.stackName === stack);
    return account ? accountNames(account) : { secrets: new Map(), parameters: new Map(), roles: new Map() };
  };
  const stacks = fs.readdirSync(dir).filter((f) => f.endsWith('.status')).map((f) => f.slice(0, -'.status'.length)).sort();
  const failed = stacks.filter((s) => !['0', '2'].includes(fs.readFileSync(path.join(dir, `${s}.status`), 'utf8').trim()));
  const drifts = stacks
    .filter((s) => !failed.includes(s) && fs.existsSync(path.join(dir, `${s}.plan.json`)))
    .map((s) => stackDrift(s, JSON.parse(fs.readFileSync(path.join(dir, `${s}.plan.json`), 'utf8')) as PlanJson, namesOf(s)));
  const runUrl = process.env.GITHUB_RUN_ID ? `${process.env.GITHUB_SERVER_URL}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}` : undefined;
  const body = driftIssue(drifts, runUrl);
  if (body) fs.writeFileSync(issueFile, `${body}\n`);
  console.log(`drifted=${body ? 'true' : 'false'}`);
  if (stacks.length === 0 || failed.length > 0) {
    console.error(stacks.length === 0 ? `no plans in ${dir}` : `the drift check could not plan ${failed.join(', ')}: see their job logs`);
    return 1;
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
