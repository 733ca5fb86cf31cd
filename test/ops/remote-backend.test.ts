/** `backend: { type: remote }`: HCP Terraform / Terraform Enterprise, one workspace per stack. */
import { App, Testing } from 'cdktf';
import { CLOUDS } from '../../lib/backends';
import { SpecError, formatPath } from '../../lib/core/errors';
import { loadPlatformObject } from '../../lib/core/loader';
import { buildStacks } from '../../lib/app';
import { baseSpec } from '../core/fixtures';

const load = (backend: unknown) => loadPlatformObject({ ...baseSpec(), backend }, 'platform.yaml', CLOUDS);

test('each stack gets its own workspace {workspacePrefix}{stack} in the organization', () => {
  const { model } = load({ type: 'remote', organization: 'acme', workspacePrefix: 'secrets-' });
  const app = Testing.app() as App;
  const { environments, accounts } = buildStacks(app, model);
  const workspaces = [...environments, ...accounts].map((stack) => {
    const config = JSON.parse(Testing.synth(stack)) as { terraform: { cloud?: { organization: string; workspaces: { name: string } }; backend?: unknown } };
    expect(config.terraform.backend).toBeUndefined();
    expect(config.terraform.cloud?.organization).toBe('acme');
    return config.terraform.cloud?.workspaces.name;
  });
  expect(workspaces.sort()).toEqual([...environments, ...accounts].map((s) => `secrets-${s.node.id}`).sort());
});

test('a remote backend without an organization is refused, naming the place', () => {
  try {
    load({ type: 'remote', workspacePrefix: 'x-' });
    throw new Error('expected a SpecError');
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    expect(e.problems.map((p) => formatPath(p.path))).toContain('backend');
  }
});
