/**
 * A monthly cost estimate of one environment from AWS list prices (`pricing.json`, one file with
 * its date and sources). Fixed costs come from the model; the account's audit resources are
 * counted in its synthesized stack; API calls come from each function's stated `usage`.
 *
 * The caching model, kept simple on purpose: the Parameters and Secrets Lambda Extension caches
 * each value per execution environment for `cacheTtlSeconds`, so each warm environment fetches a
 * value at most once per TTL, and never more often than the function is invoked. Invocations
 * are spread evenly over the function's regions, and `concurrency` environments stay warm in
 * each region all month. Cold starts beyond that are not modelled.
 */
import type { EnvironmentModel, FunctionModel } from './model';
import { count, money } from '../report/format';
import pricing from './pricing.json';

export type PriceId = keyof typeof pricing.prices;

export interface PriceEntry {
  readonly price: number;
  /** The price is for this many units (10,000 API calls, 100,000 events). */
  readonly per: number;
  readonly unit: string;
  readonly note?: string;
  readonly source: string;
  /** Read on the AWS page in `source`; otherwise taken from `corroboratedBy`. */
  readonly verified: boolean;
  readonly corroboratedBy: readonly string[];
}

export interface PriceList {
  readonly asOf: string;
  readonly currency: string;
  readonly region: string;
  readonly regionNote: string;
  readonly hoursPerMonth: number;
  readonly prices: Readonly<Record<PriceId, PriceEntry>>;
}

export const PRICES: PriceList = pricing;

/** What the account-level audit stack provisions, counted in its synthesized configuration. */
export interface AuditFootprint {
  readonly stackName: string;
  readonly trails: number;
  readonly alarms: number;
  /** Customer-managed keys of the audit stack (the trail's key). */
  readonly keys: number;
  /** Environments of the account; each carries an equal share of the audit cost. */
  readonly sharedBy: readonly string[];
}

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly priceId: PriceId;
  /** USD per month; 0 for lines shown only for their rate. */
  readonly monthly: number;
  readonly note?: string;
}

export interface ApiCalls {
  readonly secretsManager: number;
  readonly kms: number;
  readonly parameterStore: number;
  /** Parameter Store calls that are billed (advanced parameters). */
  readonly parameterStoreBilled: number;
  readonly monthly: number;
}

export interface FunctionCallEstimate {
  readonly function: string;
  readonly regions: readonly string[];
  readonly invocationsPerMonth: number;
  readonly cacheTtlSeconds: number;
  readonly concurrency: number;
  /** Every invocation reads every value it declares. */
  readonly uncached: ApiCalls;
  /** With the extension's cache. */
  readonly cached: ApiCalls;
}

export interface CostEstimate {
  readonly currency: string;
  readonly pricesAsOf: string;
  readonly priceRegion: string;
  readonly fixed: readonly CostLine[];
  readonly audit: readonly CostLine[];
  readonly functions: readonly FunctionCallEstimate[];
  /** Functions without `usage`: their calls are not estimated. */
  readonly functionsWithoutUsage: readonly string[];
  /** Rates whose quantity depends on volume the spec does not state; not in the totals. */
  readonly perUse: readonly CostLine[];
  readonly totals: {
    readonly fixed: number;
    readonly audit: number;
    readonly apiCached: number;
    readonly apiUncached: number;
    readonly monthly: number;
    readonly monthlyWithoutCache: number;
    readonly cachingSaves: number;
  };
  readonly assumptions: readonly string[];
  /** Prices used here that could not be read on the AWS page itself. */
  readonly unverifiedPrices: readonly PriceId[];
}

export interface EstimateCostOptions {
  /** @default the bundled `pricing.json` */
  readonly prices?: PriceList;
  /** @default no audit stack (audit disabled, or its output not available) */
  readonly audit?: AuditFootprint;
}

/** Rounds away float noise (0.1 + 0.2) without hiding sub-cent amounts. */
const exact = (n: number) => Math.round(n * 1e6) / 1e6;

export function estimateCost(env: EnvironmentModel, options: EstimateCostOptions = {}): CostEstimate {
  const prices = options.prices ?? PRICES;
  const cost = (id: PriceId, quantity: number) => exact((quantity / prices.prices[id].per) * prices.prices[id].price);
  const line = (item: string, quantity: number, unit: string, priceId: PriceId, note?: string): CostLine => ({
    item,
    quantity,
    unit,
    priceId,
    monthly: cost(priceId, quantity),
    ...(note ? { note } : {}),
  });

  const replicas = env.secrets.reduce((n, s) => n + s.replicaRegions.length, 0);
  const advanced = env.parameters.filter((p) => p.tier === 'Advanced').reduce((n, p) => n + p.regions.length, 0);
  const fixed = [
    line('Secrets (primary)', env.secrets.length, 'secret-months', 'secretsManagerSecret'),
    line('Secret replicas', replicas, 'secret-months', 'secretsManagerSecret', 'each replica is billed as a secret'),
    line('KMS keys (one per region)', env.regions.length, 'key-months', 'kmsKey', 'multi-Region primary plus one replica key per replica region'),
    line('Advanced parameters (per region)', advanced, 'parameter-months', 'ssmAdvancedParameter', 'standard parameters are free'),
    ...(env.rotation ? [line('KMS key of the rotation function\'s logs', 1, 'key-months', 'kmsKey', `alias/${env.rotation.functionName}`)] : []),
  ];

  const audit = options.audit ? auditLines(options.audit, line) : [];
  const functions = env.functions.filter((f) => f.usage).map((f) => callsOf(env, f, secondsPerMonth(prices), cost));

  const sum = (lines: readonly { monthly: number }[]) => exact(lines.reduce((n, l) => n + l.monthly, 0));
  const totals = {
    fixed: sum(fixed),
    audit: sum(audit),
    apiCached: sum(functions.map((f) => f.cached)),
    apiUncached: sum(functions.map((f) => f.uncached)),
  };
  const used = new Set<PriceId>([...fixed, ...audit].map((l) => l.priceId));
  if (functions.length > 0) (['secretsManagerApiCalls', 'kmsRequests'] as const).forEach((id) => used.add(id));
  if (functions.some((f) => f.uncached.parameterStoreBilled > 0)) used.add('ssmApiInteractions');

  return {
    currency: prices.currency,
    pricesAsOf: prices.asOf,
    priceRegion: prices.region,
    fixed,
    audit,
    functions,
    functionsWithoutUsage: env.functions.filter((f) => !f.usage).map((f) => f.name),
    perUse: perUseRates(prices),
    totals: {
      ...totals,
      monthly: exact(totals.fixed + totals.audit + totals.apiCached),
      monthlyWithoutCache: exact(totals.fixed + totals.audit + totals.apiUncached),
      cachingSaves: exact(totals.apiUncached - totals.apiCached),
    },
    assumptions: assumptions(prices, options.audit),
    unverifiedPrices: [...used].filter((id) => !prices.prices[id].verified).sort(),
  };
}

/** Rates whose quantity the spec does not state: shown for the reviewer, not in the totals. */
function perUseRates(prices: PriceList): CostLine[] {
  const rate = (item: string, priceId: PriceId): CostLine => {
    const p = prices.prices[priceId];
    return { item, quantity: p.per, unit: p.unit, priceId, monthly: 0, note: `${money(p.price)} per ${p.per === 1 ? '' : `${count(p.per)} `}${p.unit}` };
  };
  return [
    rate('CloudWatch Logs ingestion (trail and function logs)', 'cloudWatchLogsIngestion'),
    rate('CloudWatch Logs storage', 'cloudWatchLogsStorage'),
    rate('Alarm notification emails', 'snsEmailNotifications'),
    rate('A second trail logging the same management events', 'cloudTrailAdditionalManagementEvents'),
  ];
}

type LineBuilder = (item: string, quantity: number, unit: string, priceId: PriceId, note?: string) => CostLine;

function auditLines(audit: AuditFootprint, line: LineBuilder): CostLine[] {
  const share = audit.sharedBy.length;
  const shared = share > 1 ? `; ${audit.stackName} is shared by ${share} environments, this is a 1/${share} share` : '';
  return [
    { ...line('Audit trail (first copy of management events)', audit.trails / share, 'trail-months', 'cloudTrailAdditionalManagementEvents'), monthly: 0, note: `free${shared}` },
    line('Audit alarms (standard resolution)', audit.alarms / share, 'alarm-months', 'cloudWatchAlarm', shared ? shared.slice(2) : undefined),
    line('Audit key (trail, log group, alarm topic)', audit.keys / share, 'key-months', 'kmsKey', shared ? shared.slice(2) : undefined),
  ];
}

/** Seconds in the 730-hour month AWS prices use. */
export const secondsPerMonth = (prices: PriceList = PRICES) => prices.hoursPerMonth * 3600;

function callsOf(env: EnvironmentModel, fn: FunctionModel, monthSeconds: number, cost: (id: PriceId, q: number) => number): FunctionCallEstimate {
  const usage = fn.usage!;
  const parameters = env.parameters.filter((p) => fn.parameters.includes(p.path));
  const reads = {
    secrets: fn.secrets.length,
    parameters: parameters.length,
    secureParameters: parameters.filter((p) => p.secure).length,
    advancedParameters: parameters.filter((p) => p.tier === 'Advanced').length,
  };
  const perRegion = usage.invocationsPerMonth / fn.regions.length;
  const refreshesPerRegion = usage.cacheTtlSeconds > 0 ? usage.concurrency * Math.ceil(monthSeconds / usage.cacheTtlSeconds) : perRegion;
  const fetchesPerValue = Math.min(perRegion, refreshesPerRegion) * fn.regions.length;
  const calls = (fetches: number): ApiCalls => {
    const counts = {
      secretsManager: exact(fetches * reads.secrets),
      kms: exact(fetches * (reads.secrets + reads.secureParameters)),
      parameterStore: exact(fetches * reads.parameters),
      parameterStoreBilled: exact(fetches * reads.advancedParameters),
    };
    const monthly = exact(
      cost('secretsManagerApiCalls', counts.secretsManager) + cost('kmsRequests', counts.kms) + cost('ssmApiInteractions', counts.parameterStoreBilled),
    );
    return { ...counts, monthly };
  };
  return {
    function: fn.name,
    regions: fn.regions,
    invocationsPerMonth: usage.invocationsPerMonth,
    cacheTtlSeconds: usage.cacheTtlSeconds,
    concurrency: usage.concurrency,
    uncached: calls(usage.invocationsPerMonth),
    cached: calls(fetchesPerValue),
  };
}

function assumptions(prices: PriceList, audit: AuditFootprint | undefined): string[] {
  return [
    `List prices of ${prices.region} as of ${prices.asOf}, in ${prices.currency}, applied in every region; free tiers are not subtracted.`,
    `A month is ${prices.hoursPerMonth} hours (${count(secondsPerMonth(prices))} seconds).`,
    'Every secret read is one GetSecretValue call plus one KMS Decrypt under the secret\'s key; a SecureString read adds one KMS Decrypt; each parameter is read with its own call.',
    'Standard parameters at standard throughput are free to read; turning on higher throughput makes every Parameter Store call billable.',
    'Without cache, every invocation reads every value it declares. With cache, each warm execution environment fetches a value at most once per TTL and never more often than it is invoked; invocations are spread evenly over the function\'s regions and `concurrency` environments stay warm in each region.',
    'Rotation runs a few Secrets Manager calls and one Lambda invocation per rotation; both are left out as negligible.',
    audit
      ? 'The audit trail is assumed to be the account\'s first copy of management events (free); if the account already has a trail or an organization trail, see the per-use rate below.'
      : 'Audit is off, or the audit stack was not synthesized: no audit cost is included.',
    'KMS key rotation adds $1 per key-month for each newly generated backing key; none exists in the first year, so it is not included.',
  ];
}

/** Counts the audit resources of a synthesized account stack (`cdk.tf.json`). */
export function auditFootprintOf(stackName: string, stack: SynthesizedStack, sharedBy: readonly string[]): AuditFootprint {
  const count = (type: string) => Object.keys(stack.resource?.[type] ?? {}).length;
  return { stackName, trails: count('aws_cloudtrail'), alarms: count('aws_cloudwatch_metric_alarm'), keys: count('aws_kms_key'), sharedBy };
}

/** The part of a synthesized Terraform JSON configuration the report reads. */
export interface SynthesizedStack {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}
