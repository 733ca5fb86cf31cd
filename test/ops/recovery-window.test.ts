/** `secretRecoveryWindowDays: 0` deletes secrets at once: allowed only where nothing is protected. */
import { Testing } from 'cdktf';
import { App } from 'cdktf';
import { CLOUDS } from '../../lib/backends';
import { SpecError, formatPath } from '../../lib/core/errors';
import { loadPlatformObject } from '../../lib/core/loader';
import { buildStacks } from '../../lib/app';
import { baseSpec, setIn } from '../core/fixtures';

function problemsOf(spec: unknown): string[] {
  try {
    loadPlatformObject(spec, 'platform.yaml', CLOUDS);
    return [];
  } catch (e) {
    if (e instanceof SpecError) return e.problems.map((p) => `${formatPath(p.path)}: ${p.message}`);
    throw e;
  }
}

describe('secretRecoveryWindowDays 0', () => {
  test('a non-protected environment may delete its secrets at once; the secrets get recovery_window_in_days 0', () => {
    const spec = baseSpec() as Record<string, any>;
    setIn(spec, ['environments', 'dev', 'secretRecoveryWindowDays'], 0);
    expect(problemsOf(spec)).toEqual([]);
    const { model } = loadPlatformObject(spec, 'platform.yaml', CLOUDS);
    const app = Testing.app() as App;
    const { environments } = buildStacks(app, model);
    const dev = JSON.parse(Testing.synth(environments.find((s) => s.node.id === 'shop-dev')!)) as { resource: Record<string, Record<string, { recovery_window_in_days?: number }>> };
    const windows = Object.values(dev.resource.aws_secretsmanager_secret).map((s) => s.recovery_window_in_days);
    expect(windows.length).toBeGreaterThan(0);
    expect(new Set(windows)).toEqual(new Set([0]));
  });

  test('a protected environment is refused, naming the place and the fix', () => {
    const spec = baseSpec() as Record<string, any>;
    setIn(spec, ['environments', 'prod', 'secretRecoveryWindowDays'], 0);
    expect(problemsOf(spec)).toEqual([expect.stringMatching(/^environments\.prod\.secretRecoveryWindowDays: got 0; a protected environment keeps the longest window \(30 days\)/)]);
  });

  test('other values outside 7 to 30 are still refused, and the message offers 0', () => {
    const spec = baseSpec() as Record<string, any>;
    setIn(spec, ['environments', 'dev', 'secretRecoveryWindowDays'], 3);
    expect(problemsOf(spec)).toEqual([expect.stringMatching(/^environments\.dev\.secretRecoveryWindowDays: got 3; AWS allows 7 to 30 days, or 0 to delete at once without recovery/)]);
    setIn(spec, ['environments', 'dev', 'secretRecoveryWindowDays'], undefined);
    setIn(spec, ['environments', 'dev', 'keyDeletionWindowDays'], 0);
    expect(problemsOf(spec)).toEqual([expect.stringMatching(/^environments\.dev\.keyDeletionWindowDays: got 0; AWS allows 7 to 30 days$/)]);
  });
});
