import * as path from 'path';
import { awsModel } from '../../lib/aws/model';
import { loadPlatform } from '../../lib/app';
import { CLOUDS } from '../../lib/backends';
import { loadPlatformObject } from '../../lib/core/loader';
import { PRICES, auditFootprintOf, estimateCost } from '../../lib/aws/cost';
import { money } from '../../lib/report/format';
import pricing from '../../lib/aws/pricing.json';
import { baseSpec } from '../core/fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const example = awsModel(loadPlatform(path.join(ROOT, 'platform.yaml')).model);
const envOf = (name: string) => example.environments.find((e) => e.name === name)!;

const P = pricing.prices;
const SECRET = P.secretsManagerSecret.price; // per secret-month
const KEY = P.kmsKey.price; // per key-month
const ALARM = P.cloudWatchAlarm.price; // per alarm-month
const SM_CALLS = P.secretsManagerApiCalls.price / P.secretsManagerApiCalls.per; // per call
const KMS_CALLS = P.kmsRequests.price / P.kmsRequests.per; // per request
const MONTH_SECONDS = 730 * 3600; // 2,628,000
const REFRESHES = MONTH_SECONDS / 300; // 8,760 fetches per value per warm environment with a 300 s TTL

describe('cost estimate of the example prod environment, by hand', () => {
  // 3 secrets, each replicated to 2 regions; one key per region (3); 5 alarms in the account stack.
  const audit = { stackName: 'acme-payments-audit-333333333333', trails: 1, alarms: 5, keys: 1, sharedBy: ['prod'] };
  const estimate = estimateCost(envOf('prod'), { audit });

  it('prices resources: secrets, each replica, keys, advanced parameters', () => {
    const byItem = Object.fromEntries(estimate.fixed.map((l) => [l.item, l.monthly]));
    expect(byItem['Secrets (primary)']).toBeCloseTo(3 * SECRET, 6); // $1.20
    expect(byItem['Secret replicas']).toBeCloseTo(3 * 2 * SECRET, 6); // $2.40
    expect(byItem['KMS keys (one per region)']).toBeCloseTo(3 * KEY, 6); // $3.00
    expect(byItem['Advanced parameters (per region)']).toBe(0);
    // The built-in rotation function's own key for its logs.
    expect(byItem["KMS key of the rotation function's logs"]).toBeCloseTo(KEY, 6); // $1.00
    expect(estimate.totals.fixed).toBeCloseTo(3 * SECRET + 6 * SECRET + 3 * KEY + KEY, 6); // $7.60
    // The trail's first copy is free; the alarms and the audit key are not.
    expect(estimate.totals.audit).toBeCloseTo(5 * ALARM + KEY, 6); // $1.50
  });

  it('payments-api: 6M invocations over 2 regions, 2 secrets, 4 plain parameters, 2 warm environments per region', () => {
    const f = estimate.functions.find((x) => x.function === 'payments-api')!;
    // Without cache: every invocation reads both secrets; each read is one call plus one KMS Decrypt.
    expect(f.uncached.secretsManager).toBe(6_000_000 * 2);
    expect(f.uncached.kms).toBe(6_000_000 * 2);
    expect(f.uncached.parameterStore).toBe(6_000_000 * 4);
    expect(f.uncached.monthly).toBeCloseTo(12_000_000 * SM_CALLS + 12_000_000 * KMS_CALLS, 6); // $60 + $36
    // With cache: 3M invocations per region dwarf 2 environments x 8,760 refreshes per value.
    const perValue = 2 /* regions */ * 2 /* warm environments */ * REFRESHES; // 35,040
    expect(f.cached.secretsManager).toBe(perValue * 2);
    expect(f.cached.kms).toBe(perValue * 2);
    expect(f.cached.monthly).toBeCloseTo(70_080 * SM_CALLS + 70_080 * KMS_CALLS, 6); // $0.3504 + $0.21024
  });

  it('webhook-handler: a SecureString read costs a KMS request but no Parameter Store charge', () => {
    const f = estimate.functions.find((x) => x.function === 'webhook-handler')!;
    expect(f.uncached.secretsManager).toBe(400_000);
    expect(f.uncached.kms).toBe(400_000 * 2); // the secret and stripe/webhook-secret
    expect(f.uncached.parameterStoreBilled).toBe(0);
    expect(f.uncached.monthly).toBeCloseTo(400_000 * SM_CALLS + 800_000 * KMS_CALLS, 6); // $4.40
    expect(f.cached.monthly).toBeCloseTo(REFRESHES * SM_CALLS + 2 * REFRESHES * KMS_CALLS, 6);
  });

  it('totals: resources + audit + cached calls; caching saves the difference', () => {
    const apiUncached = 12_000_000 * (SM_CALLS + KMS_CALLS) + (2_000_000 * (SM_CALLS + KMS_CALLS)) + (400_000 * SM_CALLS + 800_000 * KMS_CALLS);
    const apiCached = 70_080 * (SM_CALLS + KMS_CALLS) + REFRESHES * (SM_CALLS + KMS_CALLS) + (REFRESHES * SM_CALLS + 2 * REFRESHES * KMS_CALLS);
    expect(estimate.totals.apiUncached).toBeCloseTo(apiUncached, 6); // $116.40
    expect(estimate.totals.apiCached).toBeCloseTo(apiCached, 6); // $0.72708
    expect(estimate.totals.monthly).toBeCloseTo(7.6 + 1.5 + apiCached, 6); // $9.83
    expect(estimate.totals.monthlyWithoutCache).toBeCloseTo(7.6 + 1.5 + apiUncached, 6); // $125.50
    expect(estimate.totals.cachingSaves).toBeCloseTo(apiUncached - apiCached, 6);
    expect(money(estimate.totals.monthly)).toBe('$9.83');
  });

  it('names the prices that could not be read on the AWS page', () => {
    expect(estimate.unverifiedPrices).toEqual(
      Object.entries(P)
        .filter(([id, p]) => !p.verified && ['secretsManagerSecret', 'secretsManagerApiCalls', 'kmsRequests', 'ssmAdvancedParameter', 'cloudWatchAlarm'].includes(id))
        .map(([id]) => id)
        .sort(),
    );
  });
});

describe('cost edge cases', () => {
  it('a function invoked less often than the cache refreshes fetches once per invocation', () => {
    const f = estimateCost(envOf('dev')).functions.find((x) => x.function === 'webhook-handler')!;
    expect(f.invocationsPerMonth).toBe(5_000);
    expect(f.cached.secretsManager).toBe(5_000);
    expect(f.cached).toEqual(f.uncached);
  });

  it('a TTL of 0 turns caching off: cached equals uncached', () => {
    const spec = baseSpec();
    spec.functions!.api.usage = { invocationsPerMonth: 1_000_000, cacheTtlSeconds: 0 };
    const env = awsModel(loadPlatformObject(spec, 'spec.yaml', CLOUDS).model).environments[0];
    const f = estimateCost(env).functions[0];
    expect(f.cached).toEqual(f.uncached);
    expect(f.uncached.secretsManager).toBe(1_000_000);
  });

  it('advanced parameters cost per region and their reads are billed', () => {
    const spec = baseSpec();
    spec.parameters!['db/host'].tier = 'Advanced';
    spec.functions!.api.usage = { invocationsPerMonth: 20_000, cacheTtlSeconds: 0 };
    const env = awsModel(loadPlatformObject(spec, 'spec.yaml', CLOUDS).model).environments[0];
    const estimate = estimateCost(env);
    const advanced = estimate.fixed.find((l) => l.priceId === 'ssmAdvancedParameter')!;
    expect(advanced.quantity).toBe(2); // db/host in eu-west-1 and us-east-1, where `api` runs
    expect(advanced.monthly).toBeCloseTo(2 * P.ssmAdvancedParameter.price, 6);
    const api = estimate.functions[0];
    expect(api.uncached.parameterStoreBilled).toBe(20_000);
    expect(estimate.unverifiedPrices).toContain('ssmApiInteractions');
  });

  it('an audit stack shared by two environments is split between them', () => {
    const audit = { stackName: 'a', trails: 1, alarms: 4, keys: 1, sharedBy: ['dev', 'staging'] };
    const estimate = estimateCost(envOf('dev'), { audit });
    expect(estimate.totals.audit).toBeCloseTo((4 * ALARM + KEY) / 2, 6);
  });

  it('functions without usage are listed, not guessed', () => {
    const env = awsModel(loadPlatformObject(baseSpec(), 'spec.yaml', CLOUDS).model).environments[0];
    const estimate = estimateCost(env);
    expect(estimate.functions).toEqual([]);
    expect(estimate.functionsWithoutUsage).toEqual(['api', 'worker']);
    expect(estimate.totals.apiCached).toBe(0);
  });

  it('counts trails and alarms in a synthesized account stack', () => {
    const stack = { resource: { aws_cloudtrail: { t: {} }, aws_cloudwatch_metric_alarm: { a: {}, b: {}, c: {} }, aws_sns_topic: { s: {} }, aws_kms_key: { k: {} } } };
    expect(auditFootprintOf('x', stack, ['prod'])).toEqual({ stackName: 'x', trails: 1, alarms: 3, keys: 1, sharedBy: ['prod'] });
  });

  it('the price list carries a date, a currency, a region and a source for every price', () => {
    expect(PRICES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICES.currency).toBe('USD');
    for (const p of Object.values(PRICES.prices)) {
      expect(p.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(p.verified || p.corroboratedBy.length > 0 || /could not be read/.test(p.note ?? '')).toBe(true);
    }
  });
});
