/**
 * The seam returns handles: what the backend built for each secret, parameter, key and
 * identity, named as the cloud names them, so the report and the guardrails need no AWS types.
 */
import { Testing } from 'cdktf';
import { buildStacks } from '../../lib/app';
import { awsModel } from '../../lib/aws/model';
import { CLOUDS } from '../../lib/backends';
import { loadPlatformObject } from '../../lib/core/loader';
import { smallSpec } from '../support/synth';

describe('handles of an AWS environment', () => {
  const { model } = loadPlatformObject(smallSpec(), 'test.yaml', CLOUDS);
  const stacks = buildStacks(Testing.app(), model);
  const aws = awsModel(model);

  it.each(aws.environments.map((e, i) => [e.name, i] as const))('%s: one handle per secret region, parameter region, key region and identity', (_, i) => {
    const env = aws.environments[i];
    const handles = stacks.environments[i].handles;
    expect([...handles.secrets.keys()]).toEqual(env.secrets.map((s) => s.path));
    for (const s of env.secrets) {
      expect(handles.secrets.get(s.path)!.map((h) => [h.name, h.region])).toEqual(
        [env.primaryRegion, ...s.replicaRegions].map((r) => [s.name, r]),
      );
      // The primary's ARN is the resource's; a replica is known by its name in its region.
      expect(handles.secrets.get(s.path)![0].ref).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    }
    for (const p of env.parameters) {
      expect(handles.parameters.get(p.path)!.map((h) => [h.name, h.region, h.ref])).toEqual(
        p.regions.map((r) => [p.name, r, `arn:aws:ssm:${r}:${env.account}:parameter${p.name}`]),
      );
    }
    expect(handles.keys.map((k) => [k.name, k.region])).toEqual(env.regions.map((r) => [env.keyAlias, r]));
    expect([...handles.functionIdentities].map(([fn, h]) => [fn, h.name])).toEqual(env.functions.map((f) => [f.name, f.roleName]));
    expect([...handles.syncIdentities].map(([sync, h]) => [sync, h.name])).toEqual(env.syncs.map((s) => [s.name, s.roleName]));
  });

  it('gives each account stack its audit key', () => {
    expect(stacks.accounts.map((a) => a.handles.auditKey?.name)).toEqual(aws.accounts.map(() => `alias/${aws.project}-audit`));
  });
});
