import { CLOUDS } from '../../lib/backends';
import { awsModel } from '../../lib/aws/model';
import { SpecError } from '../../lib/core/errors';
import { loadPlatformObject } from '../../lib/core/loader';
import { baseSpec } from './fixtures';

const load = (spec: unknown) => awsModel(loadPlatformObject(spec, 'spec.yaml', CLOUDS).model);

function problemsOf(spec: unknown): string[] {
  try {
    load(spec);
  } catch (e) {
    if (e instanceof SpecError) return e.lines();
    throw e;
  }
  return [];
}

describe('functions.NAME.usage', () => {
  it('resolves per environment, with the extension\'s 300 s TTL and one warm environment by default', () => {
    const spec = baseSpec();
    spec.functions!.api.usage = { invocationsPerMonth: { dev: 10, prod: 1_000 }, concurrency: 3 };
    const model = load(spec);
    const usageIn = (env: string) => model.environments.find((e) => e.name === env)!.functions.find((f) => f.name === 'api')!.usage;
    expect(usageIn('dev')).toEqual({ invocationsPerMonth: 10, cacheTtlSeconds: 300, concurrency: 3 });
    expect(usageIn('prod')).toEqual({ invocationsPerMonth: 1_000, cacheTtlSeconds: 300, concurrency: 3 });
    expect(model.environments[0].functions.find((f) => f.name === 'worker')!.usage).toBeUndefined();
  });

  it('a per-environment map names exactly the function\'s environments', () => {
    const spec = baseSpec();
    spec.functions!.api.usage = { invocationsPerMonth: { dev: 10, qa: 5 } };
    const problems = problemsOf(spec);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/functions\.api\.usage\.invocationsPerMonth\.qa: no environment "qa" runs this function; expected one of: dev, prod/),
        expect.stringMatching(/functions\.api\.usage\.invocationsPerMonth: missing a value for environment `prod`/),
      ]),
    );
  });

  it('refuses a TTL the extension cannot honour and a negative load', () => {
    const spec = baseSpec();
    spec.functions!.api.usage = { invocationsPerMonth: -1, cacheTtlSeconds: 900 };
    const problems = problemsOf(spec).join('\n');
    expect(problems).toMatch(/functions\.api\.usage\.cacheTtlSeconds: .*at most 300 seconds/);
    expect(problems).toMatch(/functions\.api\.usage\.invocationsPerMonth/);
  });

  it('unknown keys are an error, so a typo never passes silently', () => {
    const spec = baseSpec() as Record<string, any>;
    spec.functions.api.usage = { invocationsPerMonth: 1, cacheTTL: 60 };
    expect(problemsOf(spec).join('\n')).toMatch(/functions\.api\.usage\.cacheTTL/);
  });
});
