import { Lazy } from 'cdktf';
import { withoutTokenStackTraces } from '../lib/token-stack-traces';

describe('withoutTokenStackTraces', () => {
  it('leaves traces unformatted inside, and restores them after, even on a throw', () => {
    const capture = Error.captureStackTrace;
    expect(withoutTokenStackTraces(() => new Error('x').stack)).toBe('');
    expect(() => withoutTokenStackTraces(() => { throw new Error('boom'); })).toThrow('boom');
    expect(new Error('after').stack).toMatch(/after\n\s+at /);
    expect(Error.captureStackTrace).toBe(capture);
  });

  it('skips the unlimited-depth capture CDKTF makes for each token, and only that one', () => {
    const original = Error.captureStackTrace;
    const captured = jest.fn(original);
    Error.captureStackTrace = captured;
    try {
      const token = withoutTokenStackTraces(() => Lazy.anyValue({ produce: () => 1 }));
      expect(token.creationStack).toEqual([]);
      expect(captured).not.toHaveBeenCalled();
      withoutTokenStackTraces(() => Error.captureStackTrace({}));
      expect(captured).toHaveBeenCalledTimes(1);
      Lazy.anyValue({ produce: () => 1 });
      expect(captured).toHaveBeenCalledTimes(2);
    } finally {
      Error.captureStackTrace = original;
    }
  });

  it('keeps every trace when debugging', () => {
    expect(withoutTokenStackTraces(() => new Error('x').stack, true)).toMatch(/x\n\s+at /);
    expect(withoutTokenStackTraces(() => Lazy.anyValue({ produce: () => 1 }), true).creationStack.length).toBeGreaterThan(0);
  });
});
