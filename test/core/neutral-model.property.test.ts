/**
 * On any valid spec: the neutral model carries only neutral names and settings, each cloud-only
 * setting reaches the backend as `options` at its own place, and the AWS view builds its names
 * from the neutral ones without losing or inventing an entry.
 */
import fc from 'fast-check';
import { awsModel } from '../../lib/aws/model';
import * as names from '../../lib/aws/names';
import { CLOUDS } from '../../lib/backends';
import { loadPlatformObject } from '../../lib/core/loader';
import { NEUTRAL_KEYS } from '../../lib/core/schema';
import { generatedSpec } from '../support/generated-spec';

describe('the neutral model of generated specs', () => {
  it('keeps cloud settings in options and gives the AWS view every entry, named from the neutral names', () => {
    fc.assert(
      fc.property(generatedSpec, (spec) => {
        const { model } = loadPlatformObject(spec, 'generated.yaml', CLOUDS);
        const aws = awsModel(model);
        model.environments.forEach((env, i) => {
          const view = aws.environments[i];
          expect(view.name).toBe(env.name);
          for (const key of Object.keys(env.options)) expect(NEUTRAL_KEYS.environment).not.toContain(key);
          expect(view.secrets.map((s) => [s.path, s.name])).toEqual(env.secrets.map((s) => [s.path, s.logicalName]));
          expect(view.parameters.map((p) => [p.path, p.name])).toEqual(
            env.parameters.map((p) => [p.path, names.parameterName(model.project, env.name, p.path)]),
          );
          expect(view.functions.map((f) => [f.name, f.roleName])).toEqual(env.functions.map((f) => [f.name, f.identityName]));
          expect(view.syncs.map((s) => [s.name, s.roleName])).toEqual(env.syncs.map((s) => [s.name, s.identityName]));
          for (const f of env.functions) for (const key of Object.keys(f.options)) expect(NEUTRAL_KEYS.function).not.toContain(key);
          for (const s of env.syncs) for (const key of Object.keys(s.options)) expect(NEUTRAL_KEYS.externalSync).not.toContain(key);
          // A subtree is granted by path only when the AWS-only option asks for it.
          for (const f of view.functions) {
            const asked = (env.functions.find((x) => x.name === f.name)!.options as { readParametersByPath?: boolean }).readParametersByPath;
            expect(f.parameterSubtrees).toEqual(asked ? env.functions.find((x) => x.name === f.name)!.parameterSubtrees : []);
          }
        });
      }),
      { numRuns: 60 },
    );
  });
});
