/** The deploy path's checks that run before Terraform: arguments, saved plan, findings, messages. */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DeployContext, DeployError, PlanReview, apply, explainTerraformFailure, parseArgs } from '../../lib/ops/deploy';

let dir: string;
let ctx: DeployContext;
const stack = 'acme-payments-dev';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function savePlan(findings: PlanReview['findings'], config = '{"a":1}'): void {
  const stackDir = path.join(dir, 'cdktf.out', 'stacks', stack);
  fs.mkdirSync(stackDir, { recursive: true });
  fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), '{"a":1}');
  fs.writeFileSync(path.join(stackDir, 'plan.tfplan'), 'plan');
  const review: PlanReview = { stack, createdAt: 'now', configSha256: sha(config), planSha256: sha('plan'), changes: true, findings };
  fs.writeFileSync(path.join(stackDir, 'plan-review.json'), JSON.stringify(review));
}

async function refusal(accepted: string[] = []): Promise<string> {
  try {
    await apply(ctx, stack, accepted);
  } catch (e) {
    if (e instanceof DeployError) return e.message;
    throw e;
  }
  throw new Error('apply was not refused');
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-'));
  ctx = { root: dir, specPath: path.join(dir, 'platform.yaml'), outdir: path.join(dir, 'cdktf.out'), env: {}, log: () => undefined };
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const finding = { subject: 'db/password', kind: 'recreate' as const, message: 'secret db/password ... will get a NEW value', address: 'x', blocking: true as const };

describe('apply refuses before Terraform runs', () => {
  test('an unknown stack, naming the synthesized ones', async () => {
    savePlan([]);
    await expect(apply(ctx, 'acme-payments-qa', [])).rejects.toThrow(/unknown stack `acme-payments-qa`; synthesized from .*: acme-payments-dev/);
  });

  test('no saved plan', async () => {
    savePlan([]);
    fs.rmSync(path.join(dir, 'cdktf.out', 'stacks', stack, 'plan.tfplan'));
    expect(await refusal()).toMatch(/^no saved plan for acme-payments-dev .*run npm run plan -- acme-payments-dev/);
  });

  test('a stack synthesized again with other content since the plan', async () => {
    savePlan([], '{"a":0}');
    expect(await refusal()).toMatch(/the saved plan of acme-payments-dev is stale: the stack was synthesized with different content/);
  });

  test('a plan file that is not the reviewed one', async () => {
    savePlan([]);
    fs.writeFileSync(path.join(dir, 'cdktf.out', 'stacks', stack, 'plan.tfplan'), 'other');
    expect(await refusal()).toMatch(/is not the one that was reviewed/);
  });

  test('blocking findings not accepted by name, with the command that accepts them', async () => {
    savePlan([finding]);
    const message = await refusal(['db/other']);
    expect(message).toMatch(/1 blocking finding not accepted; nothing was applied:\n  - secret db\/password/);
    expect(message).toContain('npm run apply -- acme-payments-dev --accept db/password');
  });
});

describe('arguments and messages', () => {
  test('parseArgs', () => {
    expect(parseArgs(['apply', stack, '--accept', 'db/password', '--accept=x'])).toMatchObject({ command: 'apply', stack, accepted: ['db/password', 'x'] });
    expect(parseArgs(['plan', stack, '--detailed-exitcode', '--skip-synth', '--no-lock'])).toMatchObject({ detailedExitcode: true, skipSynth: true, noLock: true });
    expect(() => parseArgs(['apply', stack, '--acept', 'x'])).toThrow(/unknown option --acept/);
    expect(() => parseArgs(['apply', stack, '--accept'])).toThrow(/--accept needs the subject/);
  });

  test('a wrong account names both accounts and the spec place', () => {
    const text = explainTerraformFailure('Error: AWS account ID not allowed: 999999999999', stack, { account: '111111111111', where: 'environments.dev.account' });
    expect(text).toBe('wrong AWS account: the credentials belong to account 999999999999, but acme-payments-dev deploys into account 111111111111 (environments.dev.account in the spec). Use credentials (or the deploy role) of account 111111111111; nothing was changed.');
  });
});
