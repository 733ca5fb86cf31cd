import { HEAP_GROWING_PERCENT, heapGrowthFlag } from '../lib/heap-growth';

describe('heap growth cap', () => {
  test('is set when the process was given none', () => {
    expect(heapGrowthFlag([], '')).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapGrowthFlag(['--enable-source-maps'], '--max-old-space-size=4096')).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  });

  test('a flag given on the command line or in NODE_OPTIONS wins', () => {
    expect(heapGrowthFlag(['--heap-growing-percent=300'])).toBeUndefined();
    expect(heapGrowthFlag([], '--max-old-space-size=4096 --heap_growing_percent=50')).toBeUndefined();
  });
});
