/** Small specs for core tests: plain data, deep-copied per test so mutations never leak. */
import type { PlatformSpecInput } from '../../lib/aws/spec';

export function baseSpec(): PlatformSpecInput {
  return structuredClone({
    project: 'shop',
    regions: { primary: 'eu-west-1', replicas: ['us-east-1'] },
    environments: {
      dev: { account: '111111111111' },
      prod: { account: '222222222222' },
    },
    secrets: {
      'db/password': { generate: { length: 24 }, rotation: { every: '30d' } },
      'api/key': { type: 'external' },
    },
    parameters: {
      'app/level': { values: { dev: 'debug', prod: 'warn' } },
      'db/host': { value: 'db.internal' },
      'db/token': { secure: true },
    },
    functions: {
      api: { secrets: ['db/password'], parameters: ['db/*'], regions: ['eu-west-1', 'us-east-1'] },
      worker: { secrets: ['api/key'], parameters: ['app/level'] },
    },
  } satisfies PlatformSpecInput);
}

/** Sets a value at a dotted-free path of keys (keys may contain `/` and `.`). */
export function setIn(target: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
}
