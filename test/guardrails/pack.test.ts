/**
 * The pack as synthesis runs it: applied to every stack, findings collected across stacks,
 * synthesis refused with one readable line per problem, suppressions honoured and listed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Aspects, IAspect, TerraformOutput, TerraformResource } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { AWS_RULES, awsGuardrails as AWS_SET } from '../../lib/aws/guardrails';
import { suppressionLines } from '../../lib/guardrails/pack';
import { markOrigin } from '../../lib/guardrails/origin';
import { GuardrailError } from '../../lib/guardrails/report';
import { suppress } from '../../lib/guardrails/suppressions';
import { judged, packReport, platformOf, stackOf } from './support';

describe('the rule pack', () => {
  test('every built-in rule has an id, a one-line description, why it matters and a fix', () => {
    const ids = AWS_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of AWS_RULES) {
      expect(rule.id).toMatch(/^KIT(-[A-Z0-9]+)+$/);
      expect(rule.description).not.toMatch(/\n/);
      expect(rule.why.length).toBeGreaterThan(40);
      expect(rule.fix.length).toBeGreaterThan(20);
    }
  });

  test('every built-in rule is documented in docs/guardrails.md, with its own section', () => {
    const docs = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'guardrails.md'), 'utf8');
    for (const rule of AWS_RULES) {
      expect(docs).toContain(`| \`${rule.id}\` |`);
      expect(docs).toContain(`### ${rule.id}\n`);
    }
  });

  test('a deliberately unsafe stack fails with one line per problem: stack, resource, spec place, rule, fix', () => {
    const platform = platformOf({ secrets: { 'db/password': {} } });
    const built = stackOf('acme-prod');
    const { stack, provider } = built;
    const key = new KmsKey(stack, 'key', { provider });
    new SecretsmanagerSecret(stack, 'db_password', { provider, name: 'acme/prod/db/password', recoveryWindowInDays: 0 });
    new SecretsmanagerSecretVersion(stack, 'db_password_value', { provider, secretId: 'acme/prod/db/password', secretString: 'hunter2hunter2' });
    new CloudwatchLogGroup(stack, 'logs', { provider, name: '/aws/lambda/acme-prod-api', kmsKeyId: key.arn });

    const pack = judged([stack], { platform, specFile: 'platform.yaml' });
    let error: unknown;
    try {
      pack.assertCompliant();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GuardrailError);
    const lines = (error as GuardrailError).lines();
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^acme-prod: aws_secretsmanager_secret\.db_password \(platform\.yaml: secrets\.db\/password\): KIT-SECRET-CMK: no key is set.*\. Fix: Set `kms_key_id`/,
        ),
        expect.stringMatching(/^acme-prod: aws_secretsmanager_secret\.db_password \(platform\.yaml: secrets\.db\/password\): KIT-SECRET-ROTATION: /),
        expect.stringMatching(/^acme-prod: aws_secretsmanager_secret\.db_password .*KIT-PROTECTED-LIFECYCLE: `lifecycle.prevent_destroy` is not true; `recovery_window_in_days` is 0, not 30/),
        expect.stringMatching(/^acme-prod: aws_kms_key\.key \(platform\.yaml: environments\.prod\): KIT-KEY-ROTATION: /),
        expect.stringMatching(/^acme-prod: aws_kms_key\.key .*KIT-PROTECTED-LIFECYCLE: /),
        expect.stringMatching(/^acme-prod: aws_secretsmanager_secret_version\.db_password_value .*KIT-NO-SECRET-LITERAL: `secret_string` is set/),
        expect.stringMatching(/^acme-prod: aws_cloudwatch_log_group\.logs \(platform\.yaml: environments\.prod\): KIT-LOG-GROUP-RETENTION: /),
      ]),
    );
    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line).not.toMatch(/\n|\s+at .+:\d+:\d+/);
  });

  test('findings of every stack are collected before anything is refused', () => {
    const platform = platformOf();
    const dev = stackOf('acme-dev');
    const prod = stackOf('acme-prod', dev.app);
    new KmsKey(dev.stack, 'key', { provider: dev.provider });
    new KmsKey(prod.stack, 'key', { provider: prod.provider, enableKeyRotation: true, lifecycle: { preventDestroy: true } });
    const pack = judged([dev.stack, prod.stack], { platform });
    const report = pack.report();
    expect(report.stacks.map((s) => s.name)).toEqual(['acme-dev', 'acme-prod']);
    expect(report.failures.map((f) => `${f.stack} ${f.rule}`)).toEqual(['acme-dev KIT-KEY-ROTATION']);
  });

  test('a resource refers to its spec entry through its name, its owner, or an explicit mark', () => {
    const platform = platformOf({ secrets: { 'db/password': { rotation: { every: '30d' } } }, functions: { api: { secrets: ['db/password'] } } });
    const built = stackOf('acme-dev');
    const { stack, provider } = built;
    new SecretsmanagerSecretVersion(stack, 'by_owner', { provider, secretId: '${aws_secretsmanager_secret.named.id}', secretString: 'x' });
    new SecretsmanagerSecret(stack, 'named', { provider, name: 'acme/dev/db/password' });
    const marked = new Construct(stack, 'api');
    markOrigin(marked, ['functions', 'api']);
    new CloudwatchLogGroup(marked, 'logs', { provider, name: 'anything' });
    const origins = Object.fromEntries(packReport(built, platform).failures.map((f) => [f.path, f.origin?.join('.')]));
    expect(origins).toMatchObject({
      'acme-dev/named': 'secrets.db/password',
      'acme-dev/by_owner': 'secrets.db/password',
      'acme-dev/api/logs': 'functions.api',
    });
  });
});

describe('the engine is cloud-neutral: rules come from the cloud\'s rule set', () => {
  test('a stack of a cloud with no rule set is refused, never passed unjudged', () => {
    const platform = { ...platformOf(), cloud: 'gcp' };
    const built = stackOf('acme-dev');
    new TerraformResource(built.stack, 'token', { terraformResourceType: 'google_secret_manager_secret' }).addOverride('secret_id', 'token');
    const pack = judged([built.stack], { platform, specFile: 'platform.yaml' });
    expect(pack.rules).toEqual([]);
    expect(() => pack.assertCompliant()).toThrow(GuardrailError);
    expect(pack.report().invalid).toEqual([
      'acme-dev: no guardrail rules for cloud `gcp` (platform.yaml: cloud); rule sets exist for: aws, so nothing would judge this stack. ' +
        "Fix: register the cloud's rule set (lib/gcp/guardrails) in lib/backends.ts",
    ]);
    expect(pack.report().stacks).toEqual([]);
  });

  test('the rule set is picked by the platform\'s cloud', () => {
    const platform = platformOf();
    const built = stackOf('acme-dev');
    new KmsKey(built.stack, 'key', { provider: built.provider });
    const neutral = { cloud: 'gcp', rules: [], origins: { nameAttributes: [], ownerAttributes: {}, entryNames: () => new Map() } };
    const pack = judged([built.stack], { platform, ruleSets: [neutral, ...[AWS_SET]] });
    expect(pack.cloud).toBe('aws');
    expect(pack.report().failures.map((f) => f.rule)).toEqual(['KIT-KEY-ROTATION']);
  });
});

describe('what the pack judges: the JSON CDKTF wrote', () => {
  test('construct paths come from the JSON\'s metadata, so readable logical ids keep findings, marks and suppressions', () => {
    const platform = platformOf({ secrets: { 'db/password': {} } });
    const built = stackOf('acme-dev');
    const entry = new Construct(built.stack, 'db-password');
    markOrigin(entry, ['secrets', 'db/password']);
    const key = new KmsKey(entry, 'key', { provider: built.provider });
    key.overrideLogicalId('db_password_key');
    const legacy = new Construct(built.stack, 'legacy');
    const logs = new CloudwatchLogGroup(legacy, 'logs', { provider: built.provider, name: 'legacy', retentionInDays: 365 });
    logs.overrideLogicalId('legacy_logs');
    suppress(legacy, 'KIT-LOG-GROUP-CMK', 'imported log group, re-encrypted by the platform team in Q3');
    const report = packReport(built, platform);
    expect(report.failures.map((f) => `${f.address} ${f.path} ${f.origin?.join('.')} ${f.rule}`)).toEqual([
      'aws_kms_key.db_password_key acme-dev/db-password/key secrets.db/password KIT-KEY-ROTATION',
    ]);
    expect(report.suppressed.map((f) => `${f.address} ${f.path} ${f.source}`)).toEqual(['aws_cloudwatch_log_group.legacy_logs acme-dev/legacy/logs construct acme-dev/legacy']);
  });

  test('an output is tied to its construct through the stack\'s output metadata', () => {
    const built = stackOf('acme-dev');
    const group = new Construct(built.stack, 'reporting');
    new TerraformOutput(group, 'db_url', { value: 'postgres://app:s3cr3t-pass@db.internal:5432/payments' });
    suppress(group, 'KIT-NO-SECRET-LITERAL', 'a fixture URL of the local test database only');
    const report = packReport(built);
    expect(report.failures).toEqual([]);
    expect(report.suppressed.map((f) => `${f.address} ${f.path}`)).toEqual([expect.stringMatching(/^output\.\S+ acme-dev\/reporting\/db_url$/)]);
  });

  test('changes aspects make to single resources are judged, as they are written', () => {
    const built = stackOf('acme-dev');
    new KmsKey(built.stack, 'key', { provider: built.provider, enableKeyRotation: true });
    const unrotate: IAspect = { visit: (node: IConstruct) => node instanceof KmsKey && node.addOverride('enable_key_rotation', false) };
    Aspects.of(built.stack).add(unrotate);
    expect(packReport(built).failures.map((f) => `${f.address} ${f.rule}`)).toEqual(['aws_kms_key.key KIT-KEY-ROTATION']);
  });
});

describe('suppressions', () => {
  const unrotated = (platform = platformOf({ secrets: { 'auth/key': { suppress: [{ rule: 'KIT-SECRET-ROTATION', reason: 'the issuer has no rotation API yet' }] } } })) => {
    const built = stackOf('acme-dev');
    new SecretsmanagerSecret(built.stack, 'auth_key', { provider: built.provider, name: 'acme/dev/auth/key', kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/1' });
    return { built, platform };
  };

  test('a spec suppression waives the rule for the resources of its entry and is listed with its reason and place', () => {
    const { built, platform } = unrotated();
    const report = packReport(built, platform);
    expect(report.failures).toEqual([]);
    expect(report.suppressed).toEqual([
      expect.objectContaining({
        rule: 'KIT-SECRET-ROTATION',
        stack: 'acme-dev',
        address: 'aws_secretsmanager_secret.auth_key',
        reason: 'the issuer has no rotation API yet',
        source: 'platform.yaml: secrets.auth/key.suppress[0]',
      }),
    ]);
  });

  test('the synthesis summary prints each suppression in force and each one that waives nothing', () => {
    const platform = platformOf({
      secrets: {
        'auth/key': { suppress: [{ rule: 'KIT-SECRET-ROTATION', reason: 'the issuer has no rotation API yet' }] },
        other: { suppress: [{ rule: 'KIT-SECRET-CMK', reason: 'left over from the migration' }] },
      },
    });
    const { built } = unrotated(platform);
    expect(suppressionLines(packReport(built, platform))).toEqual([
      'KIT-SECRET-ROTATION suppressed on acme-dev: aws_secretsmanager_secret.auth_key: "the issuer has no rotation API yet" (platform.yaml: secrets.auth/key.suppress[0])',
      'KIT-SECRET-CMK suppression waives nothing; remove it (platform.yaml: secrets.other.suppress[0])',
    ]);
  });

  test('a spec suppression of another entry does not reach the resource', () => {
    const platform = platformOf({
      secrets: { 'auth/key': {}, other: { suppress: [{ rule: 'KIT-SECRET-ROTATION', reason: 'only this one is exempt' }] } },
    });
    const { built } = unrotated(platform);
    const report = packReport(built, platform);
    expect(report.failures.map((f) => f.rule)).toEqual(['KIT-SECRET-ROTATION']);
    expect(report.unused).toEqual([
      { rule: 'KIT-SECRET-ROTATION', reason: 'only this one is exempt', source: 'platform.yaml: secrets.other.suppress[0]' },
    ]);
  });

  test('a platform-wide suppression covers every stack', () => {
    const platform = platformOf({ secrets: { 'auth/key': {} }, guardrails: { suppress: [{ rule: 'KIT-SECRET-ROTATION', reason: 'rotation arrives in the next release' }] } });
    const { built } = unrotated(platform);
    expect(packReport(built, platform).suppressed.map((s) => s.source)).toEqual(['platform.yaml: guardrails.suppress[0]']);
  });

  test('a construct suppression covers the construct and everything beneath it', () => {
    const built = stackOf('acme-dev');
    const group = new Construct(built.stack, 'legacy');
    new CloudwatchLogGroup(group, 'logs', { provider: built.provider, name: 'legacy', retentionInDays: 365 });
    suppress(group, 'KIT-LOG-GROUP-CMK', 'imported log group, re-encrypted by the platform team in Q3');
    const report = packReport(built);
    expect(report.failures).toEqual([]);
    expect(report.suppressed).toEqual([
      expect.objectContaining({
        rule: 'KIT-LOG-GROUP-CMK',
        reason: 'imported log group, re-encrypted by the platform team in Q3',
        source: 'construct acme-dev/legacy',
      }),
    ]);
  });

  test('a reason shorter than 10 characters, or a rule that is not an id, is refused at once', () => {
    const { stack } = stackOf();
    expect(() => suppress(stack, 'KIT-LOG-GROUP-CMK', 'legacy')).toThrow(
      /suppress\(acme-dev, "KIT-LOG-GROUP-CMK"\): a suppression needs a written reason of at least 10 characters; got "legacy"/,
    );
    expect(() => suppress(stack, 'KIT-LOG-GROUP-CMK', '          ')).toThrow(/at least 10 characters/);
    expect(() => suppress(stack, 'log group', 'a long enough reason')).toThrow(/expected a guardrail rule id/);
  });

  test('a suppression naming no known rule stops synthesis instead of waiving nothing', () => {
    const platform = platformOf({ guardrails: { suppress: [{ rule: 'KIT-SECRETS-CMK', reason: 'typo of the real rule id' }] } });
    const built = stackOf('acme-dev');
    const pack = judged([built.stack], { platform, specFile: 'platform.yaml' });
    expect(() => pack.assertCompliant()).toThrow(GuardrailError);
    expect(pack.report().invalid).toEqual([
      expect.stringMatching(/^platform\.yaml: guardrails\.suppress\[0\]: no guardrail rule `KIT-SECRETS-CMK`; known rules: KIT-SECRET-CMK, /),
    ]);
  });
});
