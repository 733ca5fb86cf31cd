/** The GCP cost estimate: verified list prices only, counted from the plan and the stated load. */
import prices from '../../lib/gcp/pricing.json';
import { estimateGcpCost, readsPerMonth } from '../../lib/gcp/cost';
import { smallPlan } from './support/plans';

describe('GCP cost estimate', () => {
  it('dates every price and marks which were read on Google\'s own page', () => {
    expect(prices.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const p of Object.values(prices.prices)) {
      expect(p.source).toMatch(/^https:\/\/cloud\.google\.com\//);
      expect(typeof p.verified).toBe('boolean');
    }
  });

  it('counts secret versions per location, rotations, and one key version per location', () => {
    const estimate = estimateGcpCost(smallPlan());
    // db/password: rotated, 3 locations -> 3 versions x 3; api/key 1 x 3; local/token 1 x 1; legacy/pin rotated 3 x 1; secure parameter 1 x 2.
    expect(estimate.lines).toEqual([
      { item: 'Secret Manager: active secret versions (per location)', price: 'secretVersion', quantity: 18, monthlyUsd: 1.08 },
      { item: 'Secret Manager: rotation notifications', price: 'rotationNotification', quantity: 730 / 720 + 730 / 24, monthlyUsd: 1.57 },
      { item: 'Cloud KMS: key versions (one key per location)', price: 'kmsKeyVersion', quantity: 3, monthlyUsd: 0.18 },
    ]);
    expect(estimate.totalMonthlyUsd).toBe(2.83);
  });

  it('counts accesses and their decrypts from the stated load, cache included', () => {
    const estimate = estimateGcpCost(smallPlan(), { api: { invocationsPerMonth: 1_000_000, cacheTtlSeconds: 0, concurrency: 1 } });
    expect(estimate.lines.find((l) => l.price === 'secretAccess')).toEqual({ item: 'Secret Manager: access operations', price: 'secretAccess', quantity: 1_000_000, monthlyUsd: 3 });
    expect(estimate.lines.find((l) => l.price === 'kmsOperations')?.monthlyUsd).toBe(3);
    expect(readsPerMonth({ invocationsPerMonth: 1_000_000, cacheTtlSeconds: 300, concurrency: 2 }, 2)).toBe(2 * 2 * 8760);
  });

  it('lists what it could not price instead of guessing', () => {
    expect(estimateGcpCost(smallPlan()).notCounted.map((n) => n.price)).toEqual(['parameterManager']);
  });
});
