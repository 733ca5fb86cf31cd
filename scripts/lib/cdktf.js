// `cdktf deploy` / `cdktf destroy` in local mode, shared by the demo and the emulator tests.
'use strict';
const path = require('path');
const { ensureCliConfig } = require('../terraform-cli-config');
const { run } = require('./proc');

const ROOT = path.resolve(__dirname, '..', '..');
const CDKTF = path.join(ROOT, 'node_modules', '.bin', 'cdktf');

/**
 * The settings every terraform and cdktf child gets: providers from the local mirror
 * (`.tf/terraformrc`), no checkpoint or telemetry calls, no prompts, no colours.
 * Throws when this machine has no provider mirror.
 */
function toolEnv(base = process.env) {
  const config = ensureCliConfig();
  if (!config.file) throw new Error(config.reason);
  return {
    ...base,
    TF_CLI_CONFIG_FILE: config.file,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    // The plugin cache comes from the CLI config; cdktf would otherwise point it elsewhere.
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
    CDKTF_DISABLE_TELEMETRY: 'true',
    // Without a log level, cdktf 0.21 drops Terraform's error diagnostics from its output when
    // not on a terminal (a refused destroy says only "exit code 1"); with it, they are shown.
    CDKTF_LOG_LEVEL: base.CDKTF_LOG_LEVEL || 'debug',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    CI: '1',
  };
}

/**
 * `cdktf <command> <stacks> --auto-approve --skip-provider-lock` with the app synthesized into
 * `outdir` (local state lands beside it). The app is `node dist/main.js` (build first); with
 * `AWS_ENDPOINT_URL` in `env` it synthesizes in local mode, every provider aimed at that
 * endpoint. `--skip-provider-lock`: offline, `terraform providers lock` would ask the registry.
 */
function cdktf(command, stacks, outdir, env, options = {}) {
  return run(
    CDKTF,
    [command, ...stacks, '--auto-approve', '--skip-provider-lock', '--no-color', '--output', outdir, '--app', `node ${path.join(ROOT, 'dist', 'main.js')}`],
    { cwd: ROOT, env: toolEnv(env), onLine: options.onLine },
  );
}

/**
 * Transpiles the kit to `dist/`, unless the emulator rung's global setup already did for this run
 * (`KIT_DIST_BUILT=1`): suites running side by side must not rewrite `dist/` under each other.
 */
async function buildKit() {
  if (process.env.KIT_DIST_BUILT === '1') return;
  const result = await run(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], { cwd: ROOT });
  if (result.code !== 0) throw new Error(`build failed:\n${result.stderr}`);
}

module.exports = { toolEnv, cdktf, buildKit };
