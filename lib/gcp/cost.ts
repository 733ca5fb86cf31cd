/**
 * A monthly cost estimate of one GCP environment from Google Cloud list prices (`pricing.json`).
 * Counts what the plan fixes (secret versions per location, key versions, rotation
 * notifications) and, when the spec states expected load, accesses and the key operations they
 * cause. Prices that could not be verified are not counted: the estimate lists them instead, so
 * nobody reads a made-up figure.
 */
import prices from './pricing.json';
import type { GcpEnvironmentPlan } from './plan';

export type GcpPriceId = keyof typeof prices.prices;

interface Price {
  readonly price: number;
  readonly per: number;
  readonly unit: string;
  readonly note?: string;
  readonly source: string;
  readonly verified: boolean;
}

/** The bundled price list, typed so every price may carry a note. */
const pricing: { readonly asOf: string; readonly currency: string; readonly prices: Readonly<Record<GcpPriceId, Price>> } = prices;

export interface GcpUsage {
  /** Per function: invocations per month across its locations. */
  readonly invocationsPerMonth: number;
  /** Seconds each instance caches a value (0: every invocation reads). */
  readonly cacheTtlSeconds: number;
  /** Warm instances per location. */
  readonly concurrency: number;
}

export interface GcpCostLine {
  readonly item: string;
  readonly price: GcpPriceId;
  readonly quantity: number;
  readonly monthlyUsd: number;
}

export interface GcpCostEstimate {
  readonly asOf: string;
  readonly currency: string;
  readonly lines: readonly GcpCostLine[];
  readonly totalMonthlyUsd: number;
  /** Prices the estimate needed but could not verify: what it leaves out. */
  readonly notCounted: readonly { readonly price: GcpPriceId; readonly note: string }[];
}

const HOURS_PER_MONTH = 730;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
const round = (n: number) => Math.round(n * 100) / 100;

/** Reads per month of one secret by one function: every invocation, or one per instance per cache period. */
export function readsPerMonth(usage: GcpUsage, locations: number): number {
  if (usage.cacheTtlSeconds <= 0) return usage.invocationsPerMonth;
  return Math.min(usage.invocationsPerMonth, usage.concurrency * locations * Math.ceil(SECONDS_PER_MONTH / usage.cacheTtlSeconds));
}

export function estimateGcpCost(plan: GcpEnvironmentPlan, usage: Readonly<Record<string, GcpUsage>> = {}): GcpCostEstimate {
  const lines: GcpCostLine[] = [];
  const used = new Set<GcpPriceId>();
  const add = (item: string, price: GcpPriceId, quantity: number) => {
    used.add(price);
    const p = pricing.prices[price];
    if (!p.verified || quantity === 0) return;
    lines.push({ item, price, quantity, monthlyUsd: round((quantity / p.per) * p.price) });
  };

  // The rotator keeps the current and the previous version enabled; version 1 stays disabled.
  const versionsOf = (rotated: boolean) => (rotated ? 3 : 1);
  const secretVersions =
    plan.secrets.reduce((n, s) => n + versionsOf(Boolean(s.rotation)) * s.locations.length, 0) +
    plan.parameters.filter((p) => p.secure).reduce((n, p) => n + p.locations.length, 0);
  add('Secret Manager: active secret versions (per location)', 'secretVersion', secretVersions);
  add('Secret Manager: rotation notifications', 'rotationNotification', plan.secrets.reduce((n, s) => n + (s.rotation ? HOURS_PER_MONTH / s.rotation.periodHours : 0), 0));
  add('Cloud KMS: key versions (one key per location)', 'kmsKeyVersion', plan.locations.length);

  const accesses = plan.functions.reduce((n, fn) => {
    const u = usage[fn.name];
    if (!u) return n;
    const secretReads = fn.secrets.length + fn.parameters.filter((p) => plan.parameters.some((x) => x.path === p && x.secure)).length;
    return n + secretReads * readsPerMonth(u, fn.locations.length);
  }, 0);
  add('Secret Manager: access operations', 'secretAccess', accesses);
  add('Cloud KMS: decrypts behind those accesses', 'kmsOperations', accesses);
  if (plan.parameters.some((p) => !p.secure)) used.add('parameterManager');

  const notCounted = [...used]
    .filter((id) => !pricing.prices[id].verified)
    .sort()
    .map((id) => ({ price: id, note: pricing.prices[id].note ?? '' }));
  return {
    asOf: pricing.asOf,
    currency: pricing.currency,
    lines,
    totalMonthlyUsd: round(lines.reduce((n, l) => n + l.monthlyUsd, 0)),
    notCounted,
  };
}

/** The audit project's prices are all unverified here: what its estimate leaves out. */
export function gcpAuditNotCounted(): { readonly price: GcpPriceId; readonly note: string }[] {
  return (['cloudLoggingStorage', 'cloudMonitoringAlerting'] as const).map((id) => ({ price: id, note: pricing.prices[id].note ?? '' }));
}
