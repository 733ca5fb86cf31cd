/**
 * The guardrails inside a real synthesis (`synthesize`, what `main.ts` runs): a failing rule
 * stops it before the previous `cdktf.out` is touched, and the suppressions in force are
 * written to `guardrails.json` for reviewers.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IndependentStack } from '../../lib/cdktf/stack';
import { stringify } from 'yaml';
import { synthesize } from '../../lib/app';
import { GuardrailError, REPORT_FILE } from '../../lib/guardrails/report';

const base = {
  project: 'shop',
  regions: { primary: 'eu-west-1', replicas: ['us-east-1'] },
  environments: { dev: { account: '111111111111' } },
  secrets: { 'api/token': { description: 'Token the API signs requests with' } },
};

describe('guardrails at synthesis', () => {
  let work: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-guardrails-'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  const write = (name: string, spec: object) => {
    const file = path.join(work, name);
    fs.writeFileSync(file, stringify(spec));
    return file;
  };

  test('the example passes every rule, and every suppression it needs is listed here', () => {
    const outdir = path.join(work, 'cdktf.out');
    const result = synthesize({ specPath: path.resolve(__dirname, '..', '..', 'platform.yaml'), outdir });
    expect(result.guardrails.failures).toEqual([]);
    expect(result.guardrails.invalid).toEqual([]);
    expect(result.guardrails.unused).toEqual([]);
    // Every suppression the example needs is listed here, so adding one is a reviewed change.
    expect(result.guardrails.suppressed.map((s) => `${s.rule} ${s.stack} ${s.address} (${s.source}): ${s.reason}`)).toEqual([]);
    expect(result.guardrails.stacks.map((s) => s.name)).toEqual([
      'acme-payments-audit-111111111111',
      'acme-payments-audit-222222222222',
      'acme-payments-audit-333333333333',
      'acme-payments-dev',
      'acme-payments-prod',
      'acme-payments-staging',
    ]);
  });

  test('each stack is resolved once: the pack judges the configuration written for it, not a second rendering', () => {
    const rendered = jest.spyOn(IndependentStack.prototype, 'toTerraform');
    try {
      const result = synthesize({ specPath: path.resolve(__dirname, '..', '..', 'platform.yaml'), outdir: path.join(work, 'cdktf.out') });
      expect(result.guardrails.stacks.length).toBe(6);
      expect(rendered).toHaveBeenCalledTimes(result.stacks.length);
    } finally {
      rendered.mockRestore();
    }
  });

  test('a deliberately unsafe spec is refused with readable lines and leaves the previous output as it was', () => {
    const outdir = path.join(work, 'cdktf.out');
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, 'previous.txt'), 'kept');
    const unsafe = write('unsafe.yaml', {
      ...base,
      environments: { prod: { account: '333333333333' } },
      secrets: { ...base.secrets, 'db/password': { rotation: { every: '180d' } } },
      parameters: { 'legacy/api-key': { value: 'f00dfeedf00dfeed' } },
      audit: { logRetentionDays: 30 },
      tags: { 'deploy-key': 'AKIAIOSFODNN7EXAMPLE' },
    });

    let error: unknown;
    try {
      synthesize({ specPath: unsafe, outdir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GuardrailError);
    const lines = (error as GuardrailError).lines();
    const where = (place: string) => `\\(.*unsafe\\.yaml: ${place.replace(/[./]/g, '\\$&')}\\)`;
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^shop-prod: aws_secretsmanager_secret\\.\\S+ ${where('secrets.api/token')}: KIT-SECRET-ROTATION: .*Fix: `)),
        expect.stringMatching(new RegExp(`^shop-prod: aws_secretsmanager_secret_rotation\\.\\S+ ${where('secrets.db/password')}: KIT-SECRET-ROTATION: rotates every 180 days`)),
        expect.stringMatching(new RegExp(`^shop-prod: aws_ssm_parameter\\.\\S+ ${where('parameters.legacy/api-key')}: KIT-NO-SECRET-LITERAL: plain String parameter named like a secret`)),
        expect.stringMatching(/^shop-prod: provider\.aws\.eu-west-1 .*KIT-NO-SECRET-LITERAL: `default_tags\[0\]\.tags\.deploy-key` contains an AWS access key id/),
        expect.stringMatching(new RegExp(`^shop-audit-333333333333: aws_cloudwatch_log_group\\.\\S+ ${where('audit')}: KIT-LOG-GROUP-RETENTION: \`retention_in_days\` is 30, below 365`)),
      ]),
    );
    expect(fs.readdirSync(outdir)).toEqual(['previous.txt']);
    expect(fs.readdirSync(work).sort()).toEqual(['cdktf.out', 'unsafe.yaml']);
  });

  test('a justified spec suppression lets synthesis pass and is listed in guardrails.json', () => {
    const outdir = path.join(work, 'cdktf.out');
    const spec = write('platform.yaml', {
      ...base,
      secrets: {
        'api/token': {
          ...base.secrets['api/token'],
          suppress: [{ rule: 'KIT-SECRET-ROTATION', reason: 'the partner API cannot issue a second token yet' }],
        },
      },
    });
    const result = synthesize({ specPath: spec, outdir });
    expect(result.guardrails.failures).toEqual([]);
    const written = JSON.parse(fs.readFileSync(path.join(outdir, REPORT_FILE), 'utf8'));
    expect(written.suppressed).toEqual([
      expect.objectContaining({
        rule: 'KIT-SECRET-ROTATION',
        stack: 'shop-dev',
        reason: 'the partner API cannot issue a second token yet',
        source: expect.stringMatching(/platform\.yaml: secrets\.api\/token\.suppress\[0\]$/),
      }),
    ]);
    expect(written.rules.map((r: { id: string }) => r.id)).toContain('KIT-SECRET-CMK');
  });
});
