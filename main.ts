/**
 * The CDKTF app: the spec in (`PLATFORM_SPEC`, default `platform.yaml`), `cdktf.out` out.
 * Bad input, or a platform a guardrail refuses, prints one line per problem and exits 1;
 * `PLATFORM_DEBUG=1` adds stack traces.
 * Local mode: the spec's backend reads its own variable (`AWS_ENDPOINT_URL` on AWS) and points
 * every provider at that endpoint (an emulator).
 * Review reports go to `cdktf.out/reports`; `PLATFORM_PREVIOUS_REPORT_DIR` names earlier ones to compare with.
 */
import * as path from 'path';
import { synthesize } from './lib/app';
import { SpecError } from './lib/core/errors';
import { GuardrailError, suppressionLines } from './lib/guardrails';
import { capHeapGrowth } from './lib/heap-growth';

const root = path.resolve(__dirname, '..');

function main(): number {
  const specPath = path.resolve(process.env.PLATFORM_SPEC ?? path.join(root, 'platform.yaml'));
  try {
    const result = synthesize({
      specPath,
      outdir: process.env.CDKTF_OUTDIR ?? path.join(root, 'cdktf.out'),
      variables: process.env,
      previousReportDir: process.env.PLATFORM_PREVIOUS_REPORT_DIR || undefined,
      legacyAddresses: process.env.PLATFORM_LEGACY_ADDRESSES === '1',
    });
    if (!process.env.CDKTF_OUTDIR) {
      console.log(`Synthesized ${result.stacks.length} stacks from ${result.platform.file} into ${path.relative(process.cwd(), result.outdir) || '.'}:`);
      for (const stack of result.stacks) console.log(`  ${stack}`);
      const waived = suppressionLines(result.guardrails);
      if (waived.length > 0) console.log('Guardrail suppressions (also in guardrails.json):');
      for (const line of waived) console.log(`  ${line}`);
    }
    for (const warning of result.warnings) console.error(`warning: ${warning}`);
    return 0;
  } catch (e) {
    if (process.env.PLATFORM_DEBUG) console.error(e);
    if (e instanceof SpecError) {
      console.error(`${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} in ${e.file ?? 'the spec'}; nothing was synthesized:`);
      for (const line of e.lines()) console.error(`  ${line}`);
    } else if (e instanceof GuardrailError) {
      const lines = e.lines();
      console.error(`${lines.length} guardrail problem${lines.length === 1 ? '' : 's'}; nothing was synthesized:`);
      for (const line of lines) console.error(`  ${line}`);
    } else if (!process.env.PLATFORM_DEBUG) {
      console.error(`synthesis failed: ${(e as Error).message ?? String(e)}`);
      console.error('(set PLATFORM_DEBUG=1 for the stack trace)');
    }
    return 1;
  }
}

capHeapGrowth();
process.exitCode = main();
