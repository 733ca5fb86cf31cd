import { AUDIT_LIMITS, LOG_RETENTION_DAYS } from '../../../lib/aws/limits';
import { FIXED_CHECKS } from '../../../lib/aws/audit/patterns';
import { SpecError } from '../../../lib/core/errors';
import { auditSpec, modelOf } from './audit-fixtures';

const problemsOf = (raw: unknown): string[] => {
  try {
    modelOf(raw);
    return [];
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.problems.map((p) => `${p.path.join('.')}: ${p.message}`);
  }
};

describe('audit limits', () => {
  it('accepts the defaults', () => {
    expect(problemsOf(auditSpec())).toEqual([]);
  });

  it('refuses a log retention CloudWatch does not offer, naming the allowed values', () => {
    const spec = auditSpec();
    spec.audit = { logRetentionDays: 100 };
    expect(problemsOf(spec)).toEqual([expect.stringMatching(/^audit\.logRetentionDays: got 100; .*365, 400/)]);
    for (const days of LOG_RETENTION_DAYS) {
      spec.audit = { logRetentionDays: days };
      expect(problemsOf(spec)).toEqual([]);
    }
  });

  it('refuses a bucket retention below one day', () => {
    const spec = auditSpec();
    spec.audit = { bucketRetentionDays: 0 };
    expect(problemsOf(spec)).toEqual([expect.stringMatching(/^audit\.bucketRetentionDays: got 0/)]);
  });

  it('refuses a project whose trail bucket name S3 reserves', () => {
    const spec = auditSpec();
    spec.project = 'xn--shop';
    expect(problemsOf(spec)).toContainEqual(expect.stringMatching(/^project: S3 reserves bucket names starting with `xn--`/));
  });

  it('accepts an account with more secrets than a filter each allows: the environments fall back to one filter each', () => {
    const budget = AUDIT_LIMITS.metricFiltersPerLogGroup - FIXED_CHECKS.length;
    const secrets = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`s/${i}`, { type: 'external' as const }]));
    const spec = auditSpec();
    spec.environments = { dev: { account: '111111111111' }, staging: { account: '111111111111' } };
    spec.functions = {};
    spec.externalSync = {};
    spec.secrets = secrets(budget / 2);
    expect(problemsOf(spec)).toEqual([]);
    spec.secrets = secrets(budget / 2 + 1);
    expect(problemsOf(spec)).toEqual([]);
  });

  it('refuses an account with more environments than even one filter each allows, naming the count', () => {
    const budget = AUDIT_LIMITS.metricFiltersPerLogGroup - FIXED_CHECKS.length;
    const spec = auditSpec();
    const names = Array.from({ length: budget + 1 }, (_, i) => `e${i}`);
    spec.environments = Object.fromEntries(names.map((e) => [e, { account: '111111111111' }]));
    spec.functions = {};
    spec.externalSync = {};
    spec.parameters = {};
    spec.secrets = Object.fromEntries(Array.from({ length: 2 }, (_, i) => [`s/${i}`, { type: 'external' as const }]));
    expect(problemsOf(spec)).toEqual([
      expect.stringMatching(new RegExp(`account 111111111111 \\(${[...names].sort().join(', ')}\\) would need ${AUDIT_LIMITS.metricFiltersPerLogGroup + 1} metric filters.*allows ${AUDIT_LIMITS.metricFiltersPerLogGroup}`)),
    ]);
  });

  it('says nothing about audit when audit is off', () => {
    const spec = auditSpec();
    spec.audit = { enabled: false, logRetentionDays: 100 };
    expect(problemsOf(spec)).toEqual([]);
  });
});

describe('audit metric filter names', () => {
  it('refuses a secret path whose filter name would pass CloudWatch’s 512 characters', () => {
    const path = ['a'.repeat(120), 'b'.repeat(120), 'c'.repeat(120), 'd'.repeat(77)].join('/'); // its secret name fits 512
    const spec = auditSpec();
    spec.project = 'a-project-with-a-long-name-xyz';
    spec.environments = { 'a-long-environment-name-abcdefgh': { account: '111111111111' } };
    spec.secrets = { [path]: { type: 'external' } };
    spec.functions = {};
    spec.externalSync = {};
    expect(problemsOf(spec)).toEqual([expect.stringMatching(/: its audit metric filter .* would be \d+ characters; CloudWatch Logs allows 512/)]);
  });
});
