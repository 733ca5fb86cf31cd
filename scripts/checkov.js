#!/usr/bin/env node
// Rung 5: checkov over the synthesized stacks (`--framework terraform_json`).
//
//   node scripts/checkov.js [outdir]      default outdir: cdktf.out
//
// `targets:` of a skip are resolved from the spec that was synthesized (PLATFORM_SPEC, default
// platform.yaml) through the built kit in dist/ (run after a synth, which builds it).
//
// Every stack's `cdk.tf.json` is copied to a scratch folder as `<stack>.tf.json` (checkov's
// terraform_json framework reads only files ending in `.tf.json`), without any string
// `terraform.required_version` (it crashes checkov's JSON parser), then scanned offline.
// Skips come only from `checkov-skips.yaml`, each with its reason. Exit 0: no failed check;
// 1: failed checks (listed) or an unusable skips file; 2: checkov or the output is missing.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const YAML = require('yaml');
const { gcpSkips } = require('./lib/gcp-checkov-skips');

const ROOT = path.resolve(__dirname, '..');
const CHECKOV = path.join(ROOT, '.venv', 'bin', 'checkov');
const SKIPS_FILE = path.join(ROOT, 'checkov-skips.yaml');
const CHECK_ID = /^CKV2?_[A-Z0-9]+_\d+$/;

/** Reads and checks `checkov-skips.yaml`; throws listing every bad entry. */
function loadSkips(file = SKIPS_FILE) {
  const doc = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  const skips = doc.skips ?? [];
  const problems = [];
  if (!Array.isArray(skips)) problems.push('`skips` must be a list');
  const entries = Array.isArray(skips) ? skips : [];
  entries.forEach((s, i) => {
    const at = `skips[${i}]`;
    if (!s || typeof s !== 'object') return problems.push(`${at}: expected { id, reason, resources? }`);
    const unknown = Object.keys(s).filter((k) => !['id', 'reason', 'resources', 'targets'].includes(k));
    if (unknown.length) problems.push(`${at}: unknown key(s) ${unknown.join(', ')}; allowed: id, reason, resources, targets`);
    if (typeof s.id !== 'string' || !CHECK_ID.test(s.id)) problems.push(`${at}.id: got ${JSON.stringify(s.id)}, expected a check id like CKV_AWS_149`);
    if (typeof s.reason !== 'string' || s.reason.trim().length < 10) problems.push(`${at}.reason: every skip needs a written reason (got ${JSON.stringify(s.reason)})`);
    if (s.resources !== undefined && (!Array.isArray(s.resources) || s.resources.some((r) => typeof r !== 'string'))) {
      problems.push(`${at}.resources: expected a list of Terraform addresses`);
    }
    if (s.targets !== undefined && (!Array.isArray(s.targets) || s.targets.some((t) => typeof t !== 'string'))) {
      problems.push(`${at}.targets: expected a list of target names`);
    }
  });
  if (problems.length) throw new Error(`${path.relative(process.cwd(), file)}:\n  ${problems.join('\n  ')}`);
  return entries.map((s) => ({ id: s.id, reason: s.reason.trim(), resources: s.resources, targets: s.targets }));
}

/**
 * Replaces each skip's `targets` with the addresses they stand for in `specPath`, so a skip
 * covers the same kind of resource on any spec. Throws naming an unknown target.
 */
function resolveTargets(skips, specPath) {
  if (!skips.some((s) => s.targets)) return skips;
  const dist = path.join(ROOT, 'dist', 'lib');
  const { loadPlatform } = require(path.join(dist, 'app.js'));
  const { checkovTargetAddresses } = require(path.join(dist, 'aws', 'checkov-targets.js'));
  const byTarget = checkovTargetAddresses(loadPlatform(specPath).model);
  return skips.map((s) => {
    if (!s.targets) return s;
    const unknown = s.targets.filter((t) => !(t in byTarget));
    if (unknown.length) throw new Error(`checkov-skips.yaml: skip ${s.id}: unknown target(s) ${unknown.join(', ')}; known: ${Object.keys(byTarget).join(', ')}`);
    return { ...s, resources: [...(s.resources ?? []), ...s.targets.flatMap((t) => byTarget[t])] };
  });
}

/** Copies each stack's config to `dir/<stack>.tf.json`, minus `terraform.required_version`. */
function stageStacks(outdir, dir) {
  const stacksDir = path.join(outdir, 'stacks');
  const stacks = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).filter((s) => fs.existsSync(path.join(stacksDir, s, 'cdk.tf.json'))) : [];
  for (const stack of stacks) {
    const config = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
    if (config.terraform) delete config.terraform.required_version;
    // checkov's JSON parser also drops a whole file that has `moved` blocks; they change no resource.
    delete config.moved;
    fs.writeFileSync(path.join(dir, `${stack}.tf.json`), JSON.stringify(config, null, 2));
  }
  return stacks.sort();
}

/**
 * checkov's terraform_json runner names some resources `resource.<name>`, without the type:
 * put the type back from the scanned copy, by the line the finding starts on, so reports and
 * scoped skips use real addresses (one name may belong to several types: `aws_iam_role.rotation`
 * and `aws_lambda_function.rotation`).
 */
function addressResolver(dir) {
  const starts = new Map();
  const resourcesOf = (stack) => {
    if (!starts.has(stack)) {
      const file = path.join(dir, `${stack}.tf.json`);
      const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
      // The copy is written with two-space indents: `  "resource"`, `    "<type>"`, `      "<name>"`.
      const found = [];
      let top;
      let type;
      lines.forEach((line, i) => {
        const m = /^( *)"([^"]+)": \{/.exec(line);
        if (!m) return;
        const depth = m[1].length / 2;
        if (depth === 1) top = m[2];
        else if (depth === 2) type = m[2];
        else if (depth === 3 && top === 'resource') found.push({ line: i + 1, address: `${type}.${m[2]}` });
      });
      starts.set(stack, found);
    }
    return starts.get(stack);
  };
  return (f) => {
    if (!f.resource || !f.resource.startsWith('resource.')) return f.resource;
    const stack = path.basename(f.file_path || '').replace(/\.tf\.json$/, '');
    const first = (f.file_line_range || [])[0];
    const name = f.resource.slice('resource.'.length);
    const at = resourcesOf(stack).filter((r) => r.line <= first && r.address.endsWith(`.${name}`)).pop();
    return at ? at.address : f.resource;
  };
}

function reports(json) {
  return (Array.isArray(json) ? json : [json]).filter((r) => r && r.results);
}

/**
 * Runs checkov over `outdir` and returns what it found. Skips are applied here, after the
 * scan: one with `resources` never hides the same check on another resource, and every skip
 * is seen matching (or not) what it was written for.
 */
function scan(outdir, skips) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkov-'));
  try {
    const stacks = stageStacks(outdir, dir);
    if (stacks.length === 0) return { error: `no synthesized stacks in ${path.join(outdir, 'stacks')}: run npm run synth first` };
    const args = ['-d', dir, '--framework', 'terraform_json', '-o', 'json', '--quiet', '--skip-download', '--skip-results-upload'];
    const run = spawnSync(CHECKOV, args, { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, BC_SKIP_MAPPING: 'TRUE' } });
    let json;
    try {
      json = JSON.parse(run.stdout);
    } catch {
      return { error: `checkov exited ${run.status} without a JSON report:\n${(run.stderr || run.stdout || '').slice(-3000)}` };
    }
    const all = reports(json);
    const address = addressResolver(dir);
    const failed = all.flatMap((r) => r.results.failed_checks ?? []).map((f) => ({ ...f, resource: address(f) }));
    const isSkipped = (f) => skips.some((s) => s.id === f.check_id && (!s.resources || s.resources.includes(f.resource)));
    return {
      stacks,
      passed: all.reduce((n, r) => n + (r.summary?.passed ?? 0), 0),
      parsingErrors: all.flatMap((r) => r.results.parsing_errors ?? []),
      failed: failed.filter((f) => !isSkipped(f)),
      skippedHere: failed.filter(isSkipped),
      skippedByCheckov: all.flatMap((r) => r.results.skipped_checks ?? []),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function describe(f) {
  return `  ${f.check_id}  ${f.resource}  (${path.basename(f.file_path || f.repo_file_path || '?')})\n      ${f.check_name}${f.guideline ? `\n      ${f.guideline}` : ''}`;
}

function main() {
  const outdir = path.resolve(process.argv[2] ?? path.join(ROOT, 'cdktf.out'));
  if (!fs.existsSync(CHECKOV)) {
    console.error(`checkov is not installed at ${path.relative(ROOT, CHECKOV)}: run bash scripts/setup-python.sh`);
    return 2;
  }
  let skips;
  try {
    skips = resolveTargets(loadSkips(), path.resolve(process.env.PLATFORM_SPEC ?? path.join(ROOT, 'platform.yaml')));
  } catch (e) {
    console.error(e.message);
    return 1;
  }
  // GCP stacks: skips derived from each stack's configuration (scripts/lib/gcp-checkov-skips.js).
  skips = [...skips, ...gcpSkips(outdir)];
  const result = scan(outdir, skips);
  if (result.error) {
    console.error(result.error);
    return 2;
  }
  const { stacks, passed, failed, skippedHere, skippedByCheckov, parsingErrors } = result;
  if (passed + failed.length + skippedHere.length === 0) {
    console.error(`checkov judged nothing in ${stacks.length} stacks: its parser dropped every file`);
    return 2;
  }
  console.log(`checkov: ${stacks.length} stacks, ${passed} passed, ${failed.length} failed, ${skippedHere.length + skippedByCheckov.length} skipped (checkov-skips.yaml)`);
  const used = new Set([...skippedHere, ...skippedByCheckov].map((f) => f.check_id));
  // A skip whose targets this spec does not have (no external secret, say) is not stale.
  for (const s of skips.filter((s) => !used.has(s.id) && !(s.targets && s.resources.length === 0))) {
    console.log(`  note: skip ${s.id} matched nothing; remove it from checkov-skips.yaml if the kit now passes it`);
  }
  if (parsingErrors.length) {
    console.error(`checkov could not parse ${parsingErrors.length} file(s), so they were not scanned:\n  ${parsingErrors.join('\n  ')}`);
  }
  if (failed.length) {
    console.error(`failed checks (fix the kit, or add a skip with its reason to checkov-skips.yaml):`);
    for (const f of [...failed].sort((a, b) => `${a.check_id}${a.resource}`.localeCompare(`${b.check_id}${b.resource}`))) console.error(describe(f));
  }
  return failed.length || parsingErrors.length ? 1 : 0;
}

module.exports = { loadSkips, resolveTargets, scan, stageStacks };

if (require.main === module) process.exitCode = main();
