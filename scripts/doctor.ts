/**
 * `npm run doctor -- <stack>`: the environment's resources that exist in the account, tagged as
 * the kit's, but are not in the stack's state, each with its import or removal command
 * (lib/ops/doctor.ts). Exit 0 when there are none, 1 when there are, 2 on bad usage.
 * Synthesizes first (so the stack's addresses are current) and reads state with Terraform.
 */
import * as path from 'path';
import { loadPlatform } from '../lib/app';
import { DeployError, contextFromEnv, init, synth } from '../lib/ops/deploy';
import { configResources, findOrphans, listEnvironmentResources, orphanLines } from '../lib/ops/doctor';
import { runTool, terraformEnv } from '../lib/ops/terraform';

async function main(argv: readonly string[]): Promise<number> {
  const stack = argv.find((a) => !a.startsWith('-'));
  const ctx = contextFromEnv();
  const platform = loadPlatform(ctx.specPath).model;
  const env = platform.environments.find((e) => e.stackName === stack);
  if (!env) {
    const accounts = platform.accounts.some((a) => a.stackName === stack) ? ` (${stack} is an account stack: run the doctor on each of its environments)` : '';
    throw new DeployError(`usage: npm run doctor -- <environment stack>; got ${stack ?? 'none'}${accounts}. Environment stacks: ${platform.environments.map((e) => e.stackName).join(', ')}`, 2);
  }
  await synth({ ...ctx, echo: false });
  await init({ ...ctx, echo: false }, env.stackName);
  const dir = path.join(ctx.outdir, 'stacks', env.stackName);
  const show = await runTool('terraform', ['show', '-json', '-no-color'], { cwd: dir, env: terraformEnv(ctx.env).env });
  if (show.code !== 0) throw new DeployError(`terraform show of ${env.stackName} failed (exit ${show.code ?? show.signal}):\n${show.stderr}`);
  const state = show.stdout.trim() ? JSON.parse(show.stdout) : {};
  const resources = await listEnvironmentResources(platform, env, { endpoint: ctx.env.AWS_ENDPOINT_URL || undefined });
  const orphans = findOrphans(resources, state, configResources(path.join(dir, 'cdk.tf.json')), dir);
  for (const line of orphanLines(env.stackName, orphans)) console.log(line);
  return orphans.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (process.env.PLATFORM_DEBUG) console.error(e);
    console.error((e as Error).message ?? String(e));
    process.exitCode = e instanceof DeployError ? e.exitCode : 1;
  },
);
