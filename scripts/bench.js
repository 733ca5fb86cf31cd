#!/usr/bin/env node
// Synth speed and memory: the example spec and generated large specs, measured for the app
// alone (`node dist/main.js`), against the stock CDKTF baseline (scripts/bench-stock.js: a
// plain app re-creating the kit's output as bare constructs), and through `cdktf synth`.
// Kit and stock runs alternate, so both see the same machine load. Prints numbers; asserts
// nothing. Targets on a 2-core machine: example app-only <= 0.3 s; 1,000 secrets / 300
// functions / 3 environments / 2 replica regions <= 1.5x stock in wall time and peak memory;
// <= 2.1x growth per doubling from 250 to 1,000 secrets.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { stringify } = require('yaml');

const root = path.resolve(__dirname, '..');
const runs = Number(process.env.BENCH_RUNS || 3);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-bench-'));

/** A spec shaped like a large organisation's: many secrets, functions reading a few each. */
function largeSpec(secrets, functions) {
  const spec = {
    project: 'bench-org',
    regions: { primary: 'eu-west-1', replicas: ['eu-central-1', 'us-east-1'] },
    environments: {
      dev: { account: '111111111111' },
      staging: { account: '222222222222' },
      prod: { account: '333333333333' },
    },
    secrets: {},
    parameters: {},
    functions: {},
  };
  for (let i = 0; i < secrets; i++) {
    const team = `team${i % 20}`;
    spec.secrets[`${team}/secret-${i}`] =
      i % 3 === 0 ? { type: 'external' } : { generate: { length: 32 }, rotation: { every: '30d' } };
    spec.parameters[`${team}/param-${i}`] = { value: `value-${i}` };
  }
  for (let f = 0; f < functions; f++) {
    const team = `team${f % 20}`;
    spec.functions[`fn-${f}`] = {
      secrets: [`${team}/secret-${f % secrets}`, `${team}/secret-${(f + 20) % secrets}`].filter((s) => spec.secrets[s]),
      parameters: [`${team}/*`],
      regions: f % 2 === 0 ? ['eu-west-1', 'us-east-1'] : undefined,
    };
  }
  return spec;
}

/** Wall seconds, CPU seconds (user + system) and peak RSS (MB) of a command, via GNU time when present. */
function measure(cmd, args, env) {
  const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const started = process.hrtime.bigint();
  const res = timeBin
    ? spawnSync(timeBin, ['-f', '__PEAK_KB=%M __CPU=%U+%S', cmd, ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' })
    : spawnSync(cmd, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (res.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  }
  const kb = /__PEAK_KB=(\d+)/.exec(res.stderr || '');
  const cpu = /__CPU=([\d.]+)\+([\d.]+)/.exec(res.stderr || '');
  return { seconds, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN, peakMb: kb ? Number(kb[1]) / 1024 : NaN };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function bench(label, specFile, { cdktf }) {
  const slug = label.replace(/\W+/g, '-');
  const outdir = path.join(work, `out-${slug}`);
  const stockOut = path.join(work, `stock-${slug}`);
  const env = { PLATFORM_SPEC: specFile, CDKTF_OUTDIR: outdir };
  const kit = [];
  const stock = [];
  for (let i = 0; i < runs; i++) {
    kit.push(measure(process.execPath, ['dist/main.js'], env));
    fs.rmSync(stockOut, { recursive: true, force: true });
    stock.push(measure(process.execPath, [path.join('scripts', 'bench-stock.js'), outdir, stockOut], {}));
  }
  const row = {
    spec: label,
    'kit s': median(kit.map((r) => r.seconds)),
    'stock s': median(stock.map((r) => r.seconds)),
    'kit cpu': median(kit.map((r) => r.cpu)),
    'stock cpu': median(stock.map((r) => r.cpu)),
    'kit MB': median(kit.map((r) => r.peakMb)),
    'stock MB': median(stock.map((r) => r.peakMb)),
    'cdktf synth s': '-',
  };
  if (cdktf) {
    // The CLI runs the app from cdktf.json; the build step is included, as users run it.
    const cli = measure(path.join(root, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', outdir], { PLATFORM_SPEC: specFile, CI: '1' });
    row['cdktf synth s'] = cli.seconds.toFixed(3);
  }
  const stacks = fs.readdirSync(path.join(outdir, 'stacks'));
  row.stacks = stacks.length;
  row.resources = stacks
    .map((s) => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', s, 'cdk.tf.json'), 'utf8')))
    .reduce((n, j) => n + Object.values(j.resource || {}).reduce((m, byName) => m + Object.keys(byName).length, 0), 0);
  return row;
}

const ratio = (a, b) => (a / b).toFixed(2);

function main() {
  const build = spawnSync(process.execPath, ['scripts/build.js'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status || 1);
  const rows = [bench('example (platform.yaml)', path.join(root, 'platform.yaml'), { cdktf: true })];
  const sizes = [[250, 75], [500, 150], [1000, 300]];
  for (const [secrets, functions] of sizes) {
    const file = path.join(work, `large-${secrets}.yaml`);
    fs.writeFileSync(file, stringify(largeSpec(secrets, functions)));
    rows.push(bench(`${secrets} secrets, ${functions} functions`, file, { cdktf: secrets === 1000 }));
  }
  console.log(`\nsynth benchmark (${os.cpus().length} cores, node ${process.version}, median of ${runs} runs each)`);
  console.table(
    rows.map((r) => ({
      spec: r.spec,
      stacks: r.stacks,
      resources: r.resources,
      'kit s': r['kit s'].toFixed(3),
      'stock s': r['stock s'].toFixed(3),
      'kit/stock wall': ratio(r['kit s'], r['stock s']),
      'kit cpu s': r['kit cpu'].toFixed(2),
      'stock cpu s': r['stock cpu'].toFixed(2),
      'kit/stock cpu': ratio(r['kit cpu'], r['stock cpu']),
      'kit MB': r['kit MB'].toFixed(0),
      'stock MB': r['stock MB'].toFixed(0),
      'kit/stock memory': ratio(r['kit MB'], r['stock MB']),
      'cdktf synth s': r['cdktf synth s'],
    })),
  );
  const large = rows.slice(1);
  console.log('growth per doubling (kit; stock in brackets):');
  for (let i = 1; i < large.length; i++) {
    const [a, b] = [large[i - 1], large[i]];
    console.log(
      `  ${a.spec} -> ${b.spec}: wall ${ratio(b['kit s'], a['kit s'])}x (${ratio(b['stock s'], a['stock s'])}x), ` +
        `cpu ${ratio(b['kit cpu'], a['kit cpu'])}x (${ratio(b['stock cpu'], a['stock cpu'])}x), ` +
        `peak memory ${ratio(b['kit MB'], a['kit MB'])}x (${ratio(b['stock MB'], a['stock MB'])}x)`,
    );
  }
  console.log('(cpu: user + system seconds, steadier than wall time when other work shares the cores)');
  console.log('targets: example app-only <= 0.3 s; 1,000 secrets: kit <= 1.5x stock in wall and memory; growth <= 2.1x per doubling');
}

try {
  main();
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
