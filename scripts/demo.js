#!/usr/bin/env node
// `npm run demo [-- <environment>]`: the whole kit on one machine, no AWS account needed.
//
// Synthesizes every environment of the spec (PLATFORM_SPEC or platform.yaml) into cdktf.out,
// starts a local AWS emulator (moto) on 127.0.0.1, deploys one environment (default: the
// first unprotected one) and its account's audit stack into it with `cdktf deploy` in local
// mode, prints what was created as read back through the AWS SDK, destroys it and stops the
// emulator. The deploy works in `.tf/demo/`, removed at the end, also on Ctrl-C or an error.
'use strict';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const fs = require('fs');
const path = require('path');
const { buildKit, cdktf } = require('./lib/cdktf');
const { startMoto } = require('./lib/moto');
const { killChildren, run, seconds, terraformVersion } = require('./lib/proc');
const { ensureCliConfig } = require('./terraform-cli-config');

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, '.tf', 'demo');
const started = Date.now();

function say(message) {
  console.log(`[${seconds(Date.now() - started).padStart(6)}] ${message}`);
}

function fail(message) {
  const error = new Error(message);
  error.shown = true;
  return error;
}

/** Everything to undo, most recent first; run once on success, error or signal. */
const cleanups = [];
let cleaning;
function cleanUp() {
  cleaning ??= (async () => {
    killChildren('SIGTERM');
    for (const undo of cleanups.reverse()) {
      try {
        await undo();
      } catch {
        // best effort: the next step must still run
      }
    }
  })();
  return cleaning;
}

async function prerequisites() {
  const version = terraformVersion();
  if (!version) throw fail('terraform is not on the PATH: install Terraform >= 1.10 and run npm run demo again');
  const config = ensureCliConfig();
  if (!config.file) throw fail(config.reason);
  say(`terraform ${version}, hashicorp/aws ${config.version} from the local mirror ${config.mirror}`);
  const setup = await run('bash', [path.join(ROOT, 'scripts', 'setup-python.sh')], { cwd: ROOT });
  if (setup.code !== 0) throw fail(`could not install the emulator (bash scripts/setup-python.sh):\n${setup.stderr || setup.stdout}`);
  say(setup.stdout.trim().split('\n').pop());
}

async function synthAll() {
  await buildKit();
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('AWS_ENDPOINT_URL')) delete env[k];
  const synth = await run(process.execPath, [path.join(ROOT, 'dist', 'main.js')], { cwd: ROOT, env });
  if (synth.code !== 0) throw fail(`synth failed:\n${synth.stderr || synth.stdout}`);
  const stacks = synth.stdout.split('\n').filter((l) => /^\s+\S/.test(l)).map((l) => l.trim());
  say(`synthesized ${stacks.length} stacks into cdktf.out: ${stacks.join(', ')}`);
}

function chooseEnvironment(model) {
  const wanted = process.argv[2];
  const env = wanted ? model.environments.find((e) => e.name === wanted) : model.environments.find((e) => !e.protect);
  if (!env) {
    const names = model.environments.map((e) => `${e.name}${e.protect ? ' (protected)' : ''}`).join(', ');
    throw fail(wanted ? `no environment \`${wanted}\` in the spec; environments: ${names}` : `every environment is protected; name one: npm run demo -- <environment> (${names})`);
  }
  return env;
}

/**
 * One line per resource as Terraform finishes it, so a long deploy shows its progress. cdktf
 * prefixes a batch of lines with the stack name once; later lines of the batch are indented.
 */
function progress(verb) {
  let count = 0;
  let stack = '';
  const onLine = (line) => {
    const prefix = /^(\S+)\s{2,}/.exec(line);
    if (prefix) stack = prefix[1];
    const done = /(\S+?)\.\S+ \(([^)]*)\): (?:Creation|Destruction) complete after (\S+)/.exec(line);
    if (!done) return;
    count += 1;
    console.log(`           ${verb === 'deploy' ? '+' : '-'} ${stack.padEnd(34)} ${done[1].padEnd(38)} ${done[2]} (${done[3]})`);
  };
  return { onLine, count: () => count };
}

async function deploy(command, stacks, outdir, env) {
  const p = progress(command);
  const result = await cdktf(command, stacks, outdir, env, { onLine: p.onLine });
  if (result.code !== 0) {
    throw fail(`cdktf ${command} failed (exit ${result.code}):\n${`${result.stdout}\n${result.stderr}`.slice(-4000)}`);
  }
  return p.count();
}

async function main() {
  console.log('secrets platform kit demo: the spec, synthesized and deployed into a local AWS emulator\n');
  await prerequisites();
  await synthAll();

  const { loadPlatform } = require(path.join(ROOT, 'dist', 'lib', 'app.js'));
  const { awsModel } = require(path.join(ROOT, 'dist', 'lib', 'aws', 'model.js'));
  // The demo deploys into an AWS emulator and reads back AWS names: the AWS view of the model.
  const platform = awsModel(loadPlatform(process.env.PLATFORM_SPEC ?? path.join(ROOT, 'platform.yaml')).model);
  const env = chooseEnvironment(platform);
  const account = platform.audit.enabled ? platform.accounts.find((a) => a.account === env.account) : undefined;
  const stacks = [...(account ? [account.stackName] : []), env.stackName];

  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  cleanups.push(() => fs.rmSync(WORK, { recursive: true, force: true }));

  const moto = await startMoto({ accounts: [env.account] });
  cleanups.push(() => moto.stop());
  say(`emulator (moto) listening on ${moto.endpoint}, acting as account ${env.account}`);

  const deployEnv = moto.env(env.account, env.primaryRegion);
  const outdir = path.join(WORK, 'cdktf.out');
  say(`cdktf deploy ${stacks.join(' ')} (local mode: AWS_ENDPOINT_URL=${moto.endpoint})`);
  const created = await deploy('deploy', stacks, outdir, deployEnv);
  say(`deployed: ${created} resources created`);

  const { printInventory } = require('./lib/inventory');
  await printInventory({ platform, env, account, clientConfig: (region) => moto.clientConfig(env.account, region) });

  say(`cdktf destroy ${stacks.join(' ')}`);
  const destroyed = await deploy('destroy', stacks, outdir, deployEnv);
  say(`destroyed: ${destroyed} resources`);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\ninterrupted (${signal}): stopping the emulator and removing .tf/demo`);
    cleanUp().finally(() => process.exit(130));
  });
}

main()
  .then(async () => {
    await cleanUp();
    say('emulator stopped, temporary state removed');
  })
  .catch(async (e) => {
    await cleanUp();
    console.error(`\ndemo failed: ${e.shown ? e.message : e.stack}`);
    process.exitCode = 1;
  });
