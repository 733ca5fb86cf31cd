/**
 * `npm run plan|apply|deploy -- <stack> [--accept <subject>]...`: the deploy path with every exit
 * code checked (lib/ops/deploy.ts). Interrupted or killed at any point, it ends non-zero and says
 * what happened and what to do (docs/recovery.md).
 *
 *   node dist/scripts/deploy.js plan <stack> [--detailed-exitcode] [--skip-synth] [--no-lock]
 *       --detailed-exitcode: exit 2 when the plan has changes (drift checks)
 *   node dist/scripts/deploy.js apply <stack> [--accept <subject>]...
 *   node dist/scripts/deploy.js deploy <stack> [--accept <subject>]...
 */
import { DeployError, apply, contextFromEnv, parseArgs, plan } from '../lib/ops/deploy';
import { signalCurrent } from '../lib/ops/terraform';

let received: NodeJS.Signals | undefined;

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const ctx = { ...contextFromEnv(), interrupted: () => received };
  switch (args.command) {
    case 'plan': {
      const { review } = await plan(ctx, args.stack, { skipSynth: args.skipSynth, noLock: args.noLock });
      return args.detailedExitcode && review.changes ? 2 : 0;
    }
    case 'apply':
      await apply(ctx, args.stack, args.accepted);
      return 0;
    case 'deploy':
      await plan(ctx, args.stack);
      await apply(ctx, args.stack, args.accepted);
      return 0;
    default:
      throw new DeployError(`usage: npm run plan|apply|deploy -- <stack> [--accept <subject>]... (got ${args.command ?? 'no command'})`, 2);
  }
}

// Terraform gets the signal too and stops gracefully, recording what it did; the step that was
// running then ends with the words for an interruption. A second signal kills it at once.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (received) {
      signalCurrent('SIGKILL');
      return;
    }
    received = signal;
    console.error(`\n${signal} received: asking Terraform to stop (send it again to kill it)`);
    signalCurrent(signal === 'SIGHUP' ? 'SIGTERM' : signal);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = received ? (received === 'SIGINT' ? 130 : 143) : code;
  },
  (e: unknown) => {
    if (e instanceof DeployError) {
      console.error(`\n${e.message}`);
      process.exitCode = e.exitCode;
      return;
    }
    if (process.env.PLATFORM_DEBUG) console.error(e);
    console.error(`\n${(e as Error).message ?? String(e)}`);
    if (!process.env.PLATFORM_DEBUG) console.error('(set PLATFORM_DEBUG=1 for the stack trace)');
    process.exitCode = 1;
  },
);
