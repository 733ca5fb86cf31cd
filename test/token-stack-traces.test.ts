import { withoutTokenStackTraces } from '../lib/token-stack-traces';

describe('withoutTokenStackTraces', () => {
  it('leaves traces unformatted inside, and restores them after, even on a throw', () => {
    expect(withoutTokenStackTraces(() => new Error('x').stack)).toBe('');
    expect(() => withoutTokenStackTraces(() => { throw new Error('boom'); })).toThrow('boom');
    expect(new Error('after').stack).toMatch(/after\n\s+at /);
  });

  it('keeps every trace when debugging', () => {
    expect(withoutTokenStackTraces(() => new Error('x').stack, true)).toMatch(/x\n\s+at /);
  });
});
