#!/usr/bin/env node
// Rung 4: `terraform init` + `terraform validate` of every synthesized stack against the real
// AWS provider, offline, from the machine's provider mirror (scripts/terraform-cli-config.js).
//
//   node scripts/validate.js [outdir]      default outdir: cdktf.out
//
// Each stack's working data goes to `.tf/data/<stack>` (TF_DATA_DIR) with the backend off,
// so validating never touches a stack's state or its deploy setup. Two stacks at a time.
// Exit 0: all valid; 1: a stack failed (diagnostics printed); 2: cannot run here (reason printed).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureCliConfig } = require('./terraform-cli-config');
const { pool, run, seconds, terraformVersion } = require('./lib/proc');
const { gcpValidateReadiness, isGcpConfig } = require('./lib/gcp-validate');

const ROOT = path.resolve(__dirname, '..');

function describeDiagnostic(d) {
  const where = d.range ? ` (${d.range.filename}:${d.range.start.line})` : '';
  return `    ${d.severity}: ${d.summary}${where}${d.detail ? `\n      ${d.detail.split('\n').join('\n      ')}` : ''}`;
}

async function validateStack(stackDir, env) {
  const stack = path.basename(stackDir);
  const data = path.join(ROOT, '.tf', 'data', stack);
  fs.mkdirSync(data, { recursive: true });
  const opts = { cwd: stackDir, env: { ...env, TF_DATA_DIR: data } };
  const init = await run('terraform', ['init', '-backend=false', '-input=false', '-no-color'], opts);
  if (init.code !== 0) return { stack, ok: false, ms: init.ms, lines: [`    terraform init failed:\n${init.stderr || init.stdout}`] };
  const validate = await run('terraform', ['validate', '-json', '-no-color'], opts);
  let report;
  try {
    report = JSON.parse(validate.stdout);
  } catch {
    return { stack, ok: false, ms: init.ms + validate.ms, lines: [`    terraform validate: ${validate.stderr || validate.stdout}`] };
  }
  const diagnostics = report.diagnostics ?? [];
  return {
    stack,
    ok: report.valid && validate.code === 0,
    ms: init.ms + validate.ms,
    warnings: report.warning_count,
    lines: diagnostics.map(describeDiagnostic),
  };
}

async function main() {
  const outdir = path.resolve(process.argv[2] ?? path.join(ROOT, 'cdktf.out'));
  const version = terraformVersion();
  if (!version) {
    console.error('NOT RUN: terraform is not on the PATH (install Terraform >= 1.10)');
    return 2;
  }
  const config = ensureCliConfig();
  if (!config.file) {
    console.error(`NOT RUN: ${config.reason}`);
    return 2;
  }
  const stacksDir = path.join(outdir, 'stacks');
  const stacks = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).filter((s) => fs.existsSync(path.join(stacksDir, s, 'cdk.tf.json'))).sort() : [];
  if (stacks.length === 0) {
    console.error(`no synthesized stacks in ${path.relative(process.cwd(), stacksDir)}: run npm run synth first`);
    return 1;
  }
  console.log(`terraform ${version}, hashicorp/aws ${config.version} from ${config.mirror}`);
  const env = { ...process.env, TF_CLI_CONFIG_FILE: config.file, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_PLUGIN_CACHE_DIR: '' };
  const parallel = Math.max(1, Math.min(2, os.cpus().length));
  // GCP stacks: validated only when their providers are at hand, else a loud NOT RUN (scripts/lib/gcp-validate.js).
  const gcp = stacks.filter((s) => isGcpConfig(JSON.parse(fs.readFileSync(path.join(stacksDir, s, 'cdk.tf.json'), 'utf8'))));
  const gcpReady = gcpValidateReadiness(config.mirror);
  const notRun = gcpReady.runnable ? [] : gcp;
  if (notRun.length) console.error(`NOT RUN: ${gcpReady.reason}: ${notRun.join(', ')}`);
  const results = await pool(stacks.filter((s) => !notRun.includes(s)), parallel, (s) => validateStack(path.join(stacksDir, s), env));
  for (const r of results) {
    console.log(`  ${r.ok ? 'valid  ' : 'INVALID'} ${r.stack} (${seconds(r.ms)}${r.warnings ? `, ${r.warnings} warning(s)` : ''})`);
    for (const line of r.lines) console.log(line);
  }
  const bad = results.filter((r) => !r.ok);
  if (bad.length) console.error(`${bad.length} of ${results.length} stacks failed terraform validate: ${bad.map((r) => r.stack).join(', ')}`);
  return bad.length ? 1 : notRun.length ? 2 : 0;
}

if (require.main === module) {
  main().then((code) => {
    process.exitCode = code;
  });
}
