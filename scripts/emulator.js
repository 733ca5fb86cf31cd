#!/usr/bin/env node
// `npm run emulator`: local mode by hand. Starts the kit's local AWS emulator (moto on
// 127.0.0.1, Lambda without Docker, one set of credentials per account of the spec, as the demo
// and the tests use it) and keeps it running until Ctrl-C.
//
// For each account it writes `.tf/local/<account>.env`: the endpoint, that account's emulator
// credentials, the provider mirror (TF_CLI_CONFIG_FILE) and CHECKPOINT_DISABLE. Source one, then
// run cdktf with `--output .tf/local/cdktf.out`: the local state then lands in `.tf/local/`,
// never where a real deploy keeps its `terraform.<stack>.tfstate`. Ctrl-C stops the emulator and
// removes `.tf/local/`.
'use strict';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const fs = require('fs');
const path = require('path');
const { buildKit } = require('./lib/cdktf');
const { startMoto } = require('./lib/moto');
const { run } = require('./lib/proc');
const { ensureCliConfig } = require('./terraform-cli-config');

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, '.tf', 'local');

/** `export NAME='value'` lines a POSIX shell can `source`. */
function exportLines(env) {
  return Object.entries(env).map(([k, v]) => `export ${k}='${String(v).replace(/'/g, `'\\''`)}'`);
}

async function main() {
  const config = ensureCliConfig();
  if (!config.file) throw new Error(config.reason);
  const setup = await run('bash', [path.join(ROOT, 'scripts', 'setup-python.sh')], { cwd: ROOT });
  if (setup.code !== 0) throw new Error(`could not install the emulator (bash scripts/setup-python.sh):\n${setup.stderr || setup.stdout}`);
  await buildKit();
  const { loadPlatform } = require(path.join(ROOT, 'dist', 'lib', 'app.js'));
  const specPath = path.resolve(process.env.PLATFORM_SPEC ?? path.join(ROOT, 'platform.yaml'));
  const { model } = loadPlatform(specPath);
  const accounts = [...new Set(model.environments.map((e) => e.account))].sort();

  const moto = await startMoto({ accounts });
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const stop = async () => {
    await moto.stop();
    fs.rmSync(WORK, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stop().finally(() => process.exit(0));
    });
  }

  console.log(`Local AWS emulator (moto) at ${moto.endpoint}, for ${path.relative(process.cwd(), specPath) || specPath}.`);
  for (const account of accounts) {
    const env = model.environments.find((e) => e.account === account);
    const base = moto.env(account, env.primaryRegion);
    const vars = {
      AWS_ENDPOINT_URL: base.AWS_ENDPOINT_URL,
      AWS_ACCESS_KEY_ID: base.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: base.AWS_SECRET_ACCESS_KEY,
      AWS_REGION: base.AWS_REGION,
      AWS_DEFAULT_REGION: base.AWS_DEFAULT_REGION,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      TF_CLI_CONFIG_FILE: config.file,
      CHECKPOINT_DISABLE: '1',
    };
    const file = path.join(WORK, `${account}.env`);
    fs.writeFileSync(file, `${exportLines(vars).join('\n')}\n`);
    const stacks = model.environments.filter((e) => e.account === account).map((e) => e.stackName);
    console.log(`  account ${account} (${stacks.join(', ')}): source ${path.relative(ROOT, file)}`);
  }
  const first = model.environments.find((e) => !e.protect) ?? model.environments[0];
  console.log('');
  console.log('In another shell, at the project root:');
  console.log(`  source .tf/local/${first.account}.env`);
  console.log(`  npx cdktf deploy ${first.stackName} --auto-approve --skip-provider-lock --output .tf/local/cdktf.out`);
  console.log('Ctrl-C here stops the emulator and removes .tf/local/ (its state included).');
  await new Promise(() => undefined);
}

main().catch((e) => {
  console.error(e.message ?? String(e));
  process.exit(1);
});
