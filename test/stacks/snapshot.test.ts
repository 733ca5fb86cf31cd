/**
 * One snapshot per stack of the example: what a reviewer reads when the kit changes.
 * Update deliberately with `npx jest test/stacks/snapshot.test.ts -u` and review the diff.
 */
import * as path from 'path';
import { Testing } from 'cdktf';
import { buildStacks, loadPlatform } from '../../lib/app';

const ROOT = path.resolve(__dirname, '..', '..');

describe('example stacks', () => {
  const { model } = loadPlatform(path.join(ROOT, 'platform.yaml'));
  const app = Testing.app();
  const stacks = buildStacks(app, model);

  it.each([...stacks.environments, ...stacks.accounts].map((s) => [s.node.id, s] as const))('%s', (_name, stack) => {
    expect(JSON.parse(Testing.synth(stack))).toMatchSnapshot();
  });
});
