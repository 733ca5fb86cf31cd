#!/usr/bin/env node
// `npm test`: climbs the verification ladder (docs/verification.md), one rung after another.
//
//   node scripts/test.js                    every rung
//   node scripts/test.js validate checkov   only the named rungs (by name or number)
//
// Each rung prints its name, result and time; a summary table and a last line
// `N passed, N failed[, N skipped]` close the run. A rung this machine cannot run (no
// Terraform, no provider mirror, no Python tools) prints `NOT RUN: <reason>`: locally it
// counts as skipped, under CI=true as failed, because CI must install everything.
// Exit code: 0 when no rung failed, 1 otherwise, 130 when interrupted.
'use strict';
const fs = require('fs');
const path = require('path');
const { findMirror } = require('./terraform-cli-config');
const { killChildren, plain, run, seconds, terraformVersion } = require('./lib/proc');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');

/** Environment of every rung: offline tools, no telemetry, and never the user's endpoint override. */
function rungEnv() {
  const env = { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_DISABLE_TELEMETRY: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  for (const k of Object.keys(env)) if (k.startsWith('AWS_ENDPOINT_URL')) delete env[k];
  return env;
}

class NotRun extends Error {
  /**
   * @param {string} reason
   * @param {{ declared?: string }} [options] `declared`: where the docs declare this rung not runnable on these
   *   machines; such a rung is still printed as NOT RUN, but counts as skipped under CI=true too.
   */
  constructor(reason, { declared } = {}) {
    super(reason);
    this.declared = declared;
  }
}

/** Rungs that cannot run on these machines by design, and where the docs say why. */
const DECLARED_NOT_RUNNABLE = {
  gcp: 'docs/verification.md, "Google Cloud": no hashicorp/google provider binary here',
};

/**
 * Runs a step; on failure prints its whole output, on success only `keep` lines of it.
 * `live` lines are printed as they come, for steps that take minutes.
 */
async function step(label, cmd, args, { keep = () => false, live, env = rungEnv() } = {}) {
  console.log(`   $ ${label}`);
  const shown = new Set();
  const onLine = live
    ? (line) => {
        const text = plain(line).trim();
        if (live(text) && !shown.has(text)) console.log(`     ${shown.add(text) && text}`);
      }
    : undefined;
  const result = await run(cmd, args, { cwd: ROOT, env, onLine });
  const output = plain(`${result.stdout}${result.stderr ? `\n${result.stderr}` : ''}`).trim();
  if (result.code === 0) {
    for (const line of output.split('\n').filter(keep)) console.log(`     ${line}`);
    return result;
  }
  console.log(output.split('\n').map((l) => `     ${l}`).join('\n'));
  const error = new Error(`${label} exited ${result.code}`);
  error.result = result;
  throw error;
}

const jestSummary = (line) => /^(Test Suites|Tests|Snapshots|Time):/.test(line);

function needsTerraform() {
  const version = terraformVersion();
  if (!version) throw new NotRun('terraform is not on the PATH (install Terraform >= 1.10)');
  const { mirror, version: aws, searched } = findMirror();
  if (!mirror) {
    throw new NotRun(`no Terraform provider mirror with hashicorp/aws ${aws} (searched ${searched.join(', ')}; set TF_PLUGIN_MIRROR)`);
  }
  return `terraform ${version}, hashicorp/aws ${aws} from ${mirror === 'direct' ? 'the registry (TF_PLUGIN_MIRROR=direct)' : mirror}`;
}

let pythonReady;
/** Creates or refreshes `.venv` (moto, checkov) with the project's own script, once per run. */
async function needsPythonTools() {
  pythonReady ??= step('bash scripts/setup-python.sh', 'bash', [path.join(ROOT, 'scripts', 'setup-python.sh')], { keep: (l) => l.startsWith('python test tools ready') }).catch((e) => {
    throw new NotRun(`the Python test tools could not be installed (${e.message}); run bash scripts/setup-python.sh`);
  });
  await pythonReady;
}

function needsSynth(results) {
  const synth = results.find((r) => r.name === 'guardrails');
  if (synth && synth.status !== 'PASS') throw new NotRun('rung 3 (synth) did not pass, so there is no output to judge');
  if (!fs.existsSync(path.join(ROOT, 'cdktf.out', 'stacks'))) throw new NotRun('no cdktf.out: run npm run synth (rung 3) first');
}

const RUNGS = [
  {
    name: 'types',
    title: 'tsc --noEmit (strict)',
    run: () => step('tsc --noEmit -p tsconfig.json', path.join(BIN, 'tsc'), ['--noEmit', '-p', 'tsconfig.json']),
  },
  {
    name: 'unit',
    title: 'jest: synth, property matchers, snapshots',
    run: () => step('jest --ci', path.join(BIN, 'jest'), ['--ci'], { keep: jestSummary, live: (l) => /^FAIL /.test(l) }),
  },
  {
    name: 'guardrails',
    title: 'synth of the example with the kit\'s guardrails',
    run: async () => {
      await step('node scripts/build.js', process.execPath, [path.join(ROOT, 'scripts', 'build.js')]);
      await step('node dist/main.js', process.execPath, [path.join(ROOT, 'dist', 'main.js')], { keep: (l) => /^Synthesized/.test(l) });
    },
  },
  {
    name: 'validate',
    title: 'terraform init + validate, real AWS provider',
    run: async (results) => {
      needsSynth(results);
      console.log(`   ${needsTerraform()}`);
      await step('node scripts/validate.js', process.execPath, [path.join(ROOT, 'scripts', 'validate.js')], { keep: (l) => /^\s+(valid|INVALID)\b/.test(l) });
    },
  },
  {
    name: 'checkov',
    title: 'checkov --framework terraform_json, skips from checkov-skips.yaml',
    run: async (results) => {
      needsSynth(results);
      await needsPythonTools();
      await step('node scripts/checkov.js', process.execPath, [path.join(ROOT, 'scripts', 'checkov.js')], { keep: (l) => /^(checkov:|\s+note:)/.test(l) });
    },
  },
  {
    name: 'emulator',
    title: 'cdktf deploy into moto, read back, second plan, state scan, destroy',
    run: async () => {
      console.log(`   ${needsTerraform()}`);
      await needsPythonTools();
      await step('jest -c jest.emulator.config.js --ci', path.join(BIN, 'jest'), ['-c', 'jest.emulator.config.js', '--ci'], {
        keep: jestSummary,
        live: (l) => /^(PASS|FAIL) /.test(l),
      });
    },
  },
  {
    name: 'gcp',
    title: 'synth of examples/gcp/platform.yaml, then terraform validate of its stacks (needs the google providers)',
    run: async () => {
      const outdir = path.join(ROOT, 'cdktf.out.gcp');
      await step('node scripts/build.js', process.execPath, [path.join(ROOT, 'scripts', 'build.js')]);
      await step('PLATFORM_SPEC=examples/gcp/platform.yaml node dist/main.js', process.execPath, [path.join(ROOT, 'dist', 'main.js')], {
        env: { ...rungEnv(), PLATFORM_SPEC: path.join(ROOT, 'examples', 'gcp', 'platform.yaml'), CDKTF_OUTDIR: outdir },
      });
      const stacks = fs.readdirSync(path.join(outdir, 'stacks')).sort();
      console.log(`     synthesized ${stacks.length} GCP stacks: ${stacks.join(', ')}`);
      const result = await run(process.execPath, [path.join(ROOT, 'scripts', 'validate.js'), outdir], { cwd: ROOT, env: rungEnv() });
      const output = plain(`${result.stdout}\n${result.stderr}`).trim();
      if (result.code === 2) {
        const line = output.split('\n').find((l) => l.startsWith('NOT RUN:')) ?? output;
        throw new NotRun(line.replace(/^NOT RUN:\s*/, ''), { declared: DECLARED_NOT_RUNNABLE.gcp });
      }
      console.log(output.split('\n').map((l) => `     ${l}`).join('\n'));
      if (result.code !== 0) throw new Error(`node scripts/validate.js cdktf.out.gcp exited ${result.code}`);
    },
  },
];

function selectRungs(argv) {
  const wanted = argv.filter((a) => !a.startsWith('-'));
  if (wanted.length === 0) return RUNGS;
  const unknown = wanted.filter((w) => !RUNGS.some((r, i) => r.name === w || String(i + 1) === w));
  if (unknown.length) {
    console.error(`unknown rung(s): ${unknown.join(', ')}; rungs: ${RUNGS.map((r, i) => `${i + 1} ${r.name}`).join(', ')}`);
    process.exit(2);
  }
  return RUNGS.filter((r, i) => wanted.includes(r.name) || wanted.includes(String(i + 1)));
}

function printSummary(results, totalMs) {
  const width = Math.max(...results.map((r) => r.name.length));
  console.log('\nSummary');
  console.log(`  ${'rung'.padEnd(width + 3)}  ${'result'.padEnd(8)}  ${'time'.padStart(7)}  note`);
  for (const r of results) {
    const note =
      r.status === 'NOT RUN'
        ? `${r.reason}${r.declared ? ` (declared not runnable here: ${r.declared})` : CI ? ' (fails under CI=true)' : ''}`
        : r.status === 'FAIL'
          ? r.reason
          : '';
    console.log(`  ${`${r.index} ${r.name}`.padEnd(width + 3)}  ${r.status.padEnd(8)}  ${seconds(r.ms).padStart(7)}  ${note}`);
  }
  const minutes = `${Math.floor(totalMs / 60000)}m${String(Math.round((totalMs % 60000) / 1000)).padStart(2, '0')}s`;
  console.log(`  ${'total'.padEnd(width + 3)}  ${''.padEnd(8)}  ${seconds(totalMs).padStart(7)}  (${minutes})`);
  const notRun = results.filter((r) => r.status === 'NOT RUN');
  if (notRun.length) {
    console.log(`\n!!! ${notRun.length} rung(s) NOT RUN on this machine: ${notRun.map((r) => r.name).join(', ')}. They proved nothing.`);
  }
  const passed = results.filter((r) => r.status === 'PASS').length;
  const undeclared = notRun.filter((r) => !r.declared).length;
  const failed = results.filter((r) => r.status === 'FAIL').length + (CI ? undeclared : 0);
  const skipped = notRun.length - (CI ? undeclared : 0);
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed;
}

async function main() {
  const rungs = selectRungs(process.argv.slice(2));
  const started = Date.now();
  const results = [];
  for (const rung of rungs) {
    const index = RUNGS.indexOf(rung) + 1;
    console.log(`\n━━ rung ${index}/${RUNGS.length} ${rung.name}: ${rung.title}`);
    const t = Date.now();
    const result = { index, name: rung.name, status: 'PASS', reason: '', declared: undefined, ms: 0 };
    try {
      await rung.run(results);
    } catch (e) {
      result.status = e instanceof NotRun ? 'NOT RUN' : 'FAIL';
      result.reason = e.message;
      if (e instanceof NotRun) result.declared = e.declared;
    }
    result.ms = Date.now() - t;
    results.push(result);
    if (result.status === 'NOT RUN') console.log(`\n!!! NOT RUN: ${rung.name}: ${result.reason}\n`);
    console.log(`   ${result.status} ${rung.name} (${seconds(result.ms)})`);
  }
  return printSummary(results, Date.now() - started) > 0 ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\ninterrupted (${signal}): stopping the running rung`);
    killChildren('SIGTERM');
    setTimeout(() => {
      killChildren('SIGKILL');
      process.exit(130);
    }, 3000).unref();
  });
}

main().then((code) => {
  process.exitCode = code;
});
