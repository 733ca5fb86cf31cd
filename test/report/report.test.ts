import * as fs from 'fs';
import { awsModel } from '../../lib/aws/model';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { loadPlatform, synthesize } from '../../lib/app';
import { CLOUDS } from '../../lib/backends';
import { loadPlatformObject } from '../../lib/core/loader';
import type { PlatformModel } from '../../lib/aws/model';
import { auditFootprintOf } from '../../lib/aws/cost';
import { EnvironmentReport, buildReport, renderMarkdown } from '../../lib/report/report';
import { constructSuppressionsOf } from '../../lib/report/write';

const ROOT = path.resolve(__dirname, '..', '..');
const SPEC = path.join(ROOT, 'platform.yaml');
const exampleObject = () => parse(fs.readFileSync(SPEC, 'utf8')) as Record<string, any>;
const load = (raw: unknown): PlatformModel => awsModel(loadPlatformObject(raw, 'platform.yaml', CLOUDS).model);
const envOf = (model: PlatformModel, name: string) => model.environments.find((e) => e.name === name)!;

/** The example with one more secret (read by token-issuer) and one read fewer (webhook-handler's log level). */
function changedExample(): Record<string, any> {
  const raw = exampleObject();
  raw.secrets['cache/token'] = { description: 'Token of the session cache', type: 'external' };
  raw.functions['token-issuer'].secrets.push('cache/token');
  raw.functions['webhook-handler'].parameters = ['stripe/webhook-secret'];
  return raw;
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('reports written at synth', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = path.join(tmp, 'first');
    synthesize({ specPath: SPEC, outdir });
  });

  it('writes Markdown and JSON for each environment stack, none for account stacks', () => {
    expect(fs.readdirSync(path.join(outdir, 'reports')).sort()).toEqual([
      'acme-payments-dev.json',
      'acme-payments-dev.md',
      'acme-payments-prod.json',
      'acme-payments-prod.md',
      'acme-payments-staging.json',
      'acme-payments-staging.md',
    ]);
  });

  it('the Markdown renders every section and embeds the diagram of the JSON', () => {
    const md = fs.readFileSync(path.join(outdir, 'reports', 'acme-payments-prod.md'), 'utf8');
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'reports', 'acme-payments-prod.json'), 'utf8')) as EnvironmentReport;
    for (const heading of ['# Review report: acme-payments-prod', '## Changes', '## Who reads what, where', '## Secrets: replicas and rotation', '## Parameters', '## Guardrail suppressions', '## Monthly cost estimate']) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('```mermaid\n' + json.diagram.trimEnd() + '\n```');
    expect(md).toContain('| `db/password` | generated | eu-central-1, us-east-1 | `rate(30 days)`, window 4h, built-in function | payments-api | — |');
    expect(md).toContain('| `stripe/api-key` | external | eu-central-1, us-east-1 | none | webhook-handler | doppler |');
    expect(md).toMatch(/\*\*Total: \$\d+\.\d\d per month\*\*/);
  });

  it('counts the audit alarms in the synthesized account stack, not in the constructs', () => {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'reports', 'acme-payments-prod.json'), 'utf8')) as EnvironmentReport;
    const stack = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'acme-payments-audit-333333333333', 'cdk.tf.json'), 'utf8'));
    const footprint = auditFootprintOf('acme-payments-audit-333333333333', stack, ['prod']);
    const alarms = json.cost.audit.find((l) => l.priceId === 'cloudWatchAlarm')!;
    expect(footprint.alarms).toBeGreaterThan(0);
    expect(alarms.quantity).toBe(footprint.alarms);
  });

  it('a second synth with the first reports as previous lists what changed', () => {
    const specPath = path.join(tmp, 'changed.yaml');
    fs.writeFileSync(specPath, stringify(changedExample()));
    const second = path.join(tmp, 'second');
    synthesize({ specPath, outdir: second, previousReportDir: path.join(outdir, 'reports') });
    const json = JSON.parse(fs.readFileSync(path.join(second, 'reports', 'acme-payments-staging.json'), 'utf8')) as EnvironmentReport;
    expect(json.changes?.secretsAdded).toEqual(['cache/token']);
    const md = fs.readFileSync(path.join(second, 'reports', 'acme-payments-staging.md'), 'utf8');
    expect(md).toContain('## Changes since the previous report');
    expect(md).toContain('- token-issuer reads secret cache/token in eu-west-1');
  });
});

describe('changes against a previous report', () => {
  const before = buildReport(load(exampleObject()), envOf(load(exampleObject()), 'prod'));
  const changed = load(changedExample());
  const after = buildReport(changed, envOf(changed, 'prod'), { previous: JSON.parse(JSON.stringify(before)) });

  it('shows the added secret and the changed access', () => {
    expect(after.changes).toMatchObject({
      secretsAdded: ['cache/token'],
      secretsRemoved: [],
      accessGranted: ['token-issuer reads secret cache/token in eu-west-1'],
      accessRevoked: ['webhook-handler reads parameter app/log-level in eu-west-1'],
      functionsAdded: [],
      replicasChanged: [],
    });
  });

  it('prices the change: one more secret and its two replicas', () => {
    const { before: b, after: a } = after.changes!.monthlyCost;
    expect(a - b).toBeGreaterThanOrEqual(3 * 0.4 - 1e-9);
    expect(renderMarkdown(after)).toMatch(/Estimated monthly cost \$\d+\.\d\d -> \$\d+\.\d\d\./);
  });

  it('renders each kind of change under its own heading', () => {
    const md = renderMarkdown(after);
    expect(md).toContain('**Secrets added**\n\n- cache/token');
    expect(md).toContain('**Access granted**\n\n- token-issuer reads secret cache/token in eu-west-1');
    expect(md).toContain('**Access revoked**\n\n- webhook-handler reads parameter app/log-level in eu-west-1');
  });

  it('an identical spec shows no change', () => {
    const again = buildReport(load(exampleObject()), envOf(load(exampleObject()), 'prod'), { previous: before });
    expect(renderMarkdown(again)).toContain('No change in access, secrets, parameters, replicas, rotation or suppressions.');
  });

  it('reports replica and rotation changes', () => {
    const raw = exampleObject();
    raw.secrets['stripe/api-key'].replicate = false;
    raw.secrets['db/password'].rotation.every = '7d';
    const model = load(raw);
    const changes = buildReport(model, envOf(model, 'prod'), { previous: before }).changes!;
    expect(changes.replicasChanged).toEqual(['stripe/api-key: replicas eu-central-1, us-east-1 -> none']);
    expect(changes.rotationChanged).toEqual(['db/password: rotation rate(30 days) by builtin -> rate(7 days) by builtin']);
  });

  it('a previous report of another format version is not compared', () => {
    const old = { ...before, schemaVersion: 0 };
    expect(buildReport(changed, envOf(changed, 'prod'), { previous: old }).changes).toBeUndefined();
  });
});

describe('guardrail suppressions', () => {
  it('lists spec suppressions with where they were written, and construct ones of this stack only', () => {
    const raw = exampleObject();
    raw.secrets['stripe/api-key'].suppress = [{ rule: 'KIT-SECRET-ROTATION', reason: 'Stripe rotates this key in its dashboard' }];
    raw.guardrails = { suppress: [{ rule: 'KIT-AUDIT-DATA-EVENTS', reason: 'data events are logged by the organization trail' }] };
    const model = load(raw);
    const report = buildReport(model, envOf(model, 'prod'), {
      constructSuppressions: [
        { rule: 'KIT-KMS-POLICY', reason: 'the account root must administer the key', target: 'aws/key/primary', stack: 'acme-payments-prod' },
        { rule: 'KIT-KMS-POLICY', reason: 'another stack, another report', target: 'aws/key/primary', stack: 'acme-payments-dev' },
      ],
    });
    expect(report.suppressions).toEqual([
      { rule: 'KIT-AUDIT-DATA-EVENTS', reason: 'data events are logged by the organization trail', target: 'platform', where: 'guardrails.suppress[0]' },
      { rule: 'KIT-SECRET-ROTATION', reason: 'Stripe rotates this key in its dashboard', target: 'secret stripe/api-key', where: 'secrets.stripe/api-key.suppress[0]' },
      { rule: 'KIT-KMS-POLICY', reason: 'the account root must administer the key', target: 'aws/key/primary', where: 'code' },
    ]);
    expect(renderMarkdown(report)).toContain('| `KIT-SECRET-ROTATION` | secret stripe/api-key | `secrets.stripe/api-key.suppress[0]` | Stripe rotates this key in its dashboard |');
  });
});

describe('the example as a reviewer reads it', () => {
  it('prod report snapshot', () => {
    const model = awsModel(loadPlatform(SPEC).model);
    const audit = { stackName: 'acme-payments-audit-333333333333', trails: 1, alarms: 5, keys: 1, sharedBy: ['prod'] };
    expect(renderMarkdown(buildReport(model, envOf(model, 'prod'), { audit }))).toMatchSnapshot();
  });
});

describe('suppressions from the guardrails output', () => {
  it('keeps those written in code; spec ones come from the model', () => {
    const finding = { stack: 'acme-payments-prod', address: 'aws_kms_key.key', rule: 'KIT-KMS-POLICY', reason: 'the account root must administer the key' };
    const found = constructSuppressionsOf({
      suppressed: [
        { ...finding, source: 'construct acme-payments-prod/aws/key' },
        { ...finding, rule: 'KIT-SECRET-ROTATION', source: 'platform.yaml: secrets.stripe/api-key.suppress[0]' },
      ],
    });
    expect(found).toEqual([
      { rule: 'KIT-KMS-POLICY', reason: 'the account root must administer the key', target: 'aws_kms_key.key (construct acme-payments-prod/aws/key)', stack: 'acme-payments-prod' },
    ]);
  });
});

describe('large environments', () => {
  it('say so when the diagram is grouped to fit Mermaid', () => {
    const raw = exampleObject();
    raw.audit = { enabled: false };
    for (let i = 0; i < 200; i++) raw.secrets[`bulk/s${i}`] = { type: 'external' };
    raw.functions['payments-api'].secrets.push('bulk/*');
    const model = load(raw);
    const report = buildReport(model, envOf(model, 'prod'));
    expect(report.diagramDetail).toBe('grouped');
    expect(renderMarkdown(report)).toContain('secrets and parameters are grouped by their first path segment.');
  });
});

describe('reading parameters by path', () => {
  it('is absent from the report unless a function opts in', () => {
    const report = buildReport(load(exampleObject()), envOf(load(exampleObject()), 'prod'));
    expect(report.readByPath).toEqual([]);
    expect(renderMarkdown(report)).not.toContain('Read by path');
  });

  it('is shown, per function and path, when a function sets `readParametersByPath`', () => {
    const raw = exampleObject();
    raw.functions['payments-api'].readParametersByPath = true;
    const model = load(raw);
    const report = buildReport(model, envOf(model, 'prod'));
    expect(report.readByPath).toEqual([
      { function: 'payments-api', path: '/acme-payments/prod/app', regions: ['eu-west-1', 'us-east-1'] },
      { function: 'payments-api', path: '/acme-payments/prod/db', regions: ['eu-west-1', 'us-east-1'] },
    ]);
    const md = renderMarkdown(report);
    expect(md).toContain('**Read by path** (`readParametersByPath: true`)');
    expect(md).toContain('- `payments-api` reads everything under `/acme-payments/prod/db` in eu-west-1, us-east-1');
  });
});

describe('cost without usage', () => {
  it('says API costs were not estimated instead of claiming what caching saves', () => {
    const raw = exampleObject();
    for (const fn of Object.values<any>(raw.functions)) delete fn.usage;
    const model = load(raw);
    const md = renderMarkdown(buildReport(model, envOf(model, 'prod')));
    expect(md).toContain('API costs were not estimated: no function states `usage`.');
    expect(md).not.toMatch(/caching saves/);
  });
});

describe('warnings', () => {
  it('none for the example, whose audit alarms have a recipient', () => {
    const model = load(exampleObject());
    expect(buildReport(model, envOf(model, 'prod')).warnings).toEqual([]);
    expect(renderMarkdown(buildReport(model, envOf(model, 'prod')))).not.toContain('Warning');
  });

  it('audit without alarmEmails: said in every report and returned by synthesis (main prints it)', () => {
    const raw = exampleObject();
    delete raw.audit.alarmEmails;
    const model = load(raw);
    for (const env of model.environments) {
      expect(renderMarkdown(buildReport(model, env))).toContain('> **Warning:** audit.alarmEmails: none given, so the audit alarms notify nobody');
    }
    const spec = path.join(tmp, 'no-emails.yaml');
    fs.writeFileSync(spec, stringify(raw));
    const result = synthesize({ specPath: spec, outdir: path.join(tmp, 'no-emails') });
    expect(result.warnings).toEqual([expect.stringMatching(/^audit\.alarmEmails: none given/)]);
    expect(fs.readFileSync(path.join(tmp, 'no-emails', 'reports', 'acme-payments-dev.md'), 'utf8')).toContain('notify nobody');
  });
});
