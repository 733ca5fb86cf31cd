// Small process helpers shared by the ladder scripts and the demo.
'use strict';
const { spawn, spawnSync } = require('child_process');

const children = new Set();

/** Kills every child started through `run` (for signal handlers). */
function killChildren(signal = 'SIGTERM') {
  for (const child of children) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  }
}

/**
 * Runs a command, collecting its output. Children lead their own process group, so a signal
 * handler can stop them with everything they started (terraform under cdktf, providers).
 * @returns {Promise<{ code: number, stdout: string, stderr: string, ms: number }>}
 */
function run(cmd, args, options = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.add(child);
    let stdout = '';
    let stderr = '';
    const lineSplitter = () => {
      let partial = '';
      return (d) => {
        if (!options.onLine) return;
        const lines = (partial + d).split('\n');
        partial = lines.pop();
        for (const line of lines) options.onLine(line);
      };
    };
    const outLines = lineSplitter();
    const errLines = lineSplitter();
    child.stdout.on('data', (d) => {
      stdout += d;
      if (options.echo) process.stdout.write(d);
      outLines(d);
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      if (options.echo) process.stderr.write(d);
      errLines(d);
    });
    child.on('error', (e) => {
      children.delete(child);
      resolve({ code: 127, stdout, stderr: `${stderr}${e.message}`, ms: Date.now() - started });
    });
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order of results. */
async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** `terraform version` as `1.11.4`, or `undefined` when terraform is not on the PATH. */
function terraformVersion() {
  const r = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
  if (r.status !== 0) return undefined;
  try {
    return JSON.parse(r.stdout).terraform_version;
  } catch {
    return undefined;
  }
}

/** Strips ANSI colour codes from tool output. */
function plain(text) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

module.exports = { run, pool, killChildren, terraformVersion, plain, seconds };
