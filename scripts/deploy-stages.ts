/**
 * The deploy workflow's matrix, computed from the spec and the synthesized stacks:
 *
 *   node dist/scripts/deploy-stages.js            `stages=`, `count=` and `stacks=` lines for $GITHUB_OUTPUT
 *   node dist/scripts/deploy-stages.js --print    the same order for people
 *
 * Environments deploy in the spec's `promotion` order (else declaration order), one stage
 * each; an account's audit stack in the stage before its first environment (lib/ops/stages.ts).
 * Every stack must have been synthesized into `cdktf.out` (`CDKTF_OUTDIR`): the matrix never
 * names a stack that does not exist.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadPlatform } from '../lib/app';
import { WORKFLOW_STAGES, deployStages } from '../lib/ops/stages';
import { projectRoot } from '../lib/ops/terraform';

function main(argv: readonly string[]): number {
  const root = projectRoot();
  const specPath = path.resolve(process.env.PLATFORM_SPEC ?? path.join(root, 'platform.yaml'));
  const outdir = path.resolve(process.env.CDKTF_OUTDIR ?? path.join(root, 'cdktf.out'));
  const { spec, model } = loadPlatform(specPath);
  const stages = deployStages(spec, model);
  const synthesized = new Set(fs.existsSync(path.join(outdir, 'stacks')) ? fs.readdirSync(path.join(outdir, 'stacks')) : []);
  const missing = stages.flat().filter((j) => !synthesized.has(j.stack));
  if (missing.length > 0) {
    console.error(`not synthesized into ${outdir}: ${missing.map((j) => j.stack).join(', ')}; run npm run synth first`);
    return 1;
  }
  if (stages.length > WORKFLOW_STAGES) {
    console.error(`${stages.length} deploy stages, but .github/workflows/deploy.yml has ${WORKFLOW_STAGES} stage jobs: add stage jobs there (and raise WORKFLOW_STAGES in lib/ops/stages.ts)`);
    return 1;
  }
  if (argv.includes('--print')) {
    stages.forEach((stage, i) => console.log(`stage ${i + 1}: ${stage.map((j) => `${j.stack}${j.protected ? ' (protected: approval in GitHub environment ' + j.githubEnvironment + ')' : ''}`).join(', ')}`));
    return 0;
  }
  console.log(`stages=${JSON.stringify(stages)}`);
  console.log(`count=${stages.length}`);
  console.log(`stacks=${JSON.stringify(stages.flat())}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  const lines = (e as { lines?: () => string[] }).lines?.();
  console.error(lines ? lines.join('\n') : (e as Error).message);
  process.exitCode = 1;
}
