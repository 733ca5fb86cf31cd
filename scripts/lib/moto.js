// A moto server (local AWS API emulator) on 127.0.0.1 at a free port. Used by the demo and,
// through test/support/moto.ts, by the emulator tests. Requires `.venv` from
// `scripts/setup-python.sh`. Every server started here is killed when the process exits.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const MOTO_SERVER = path.join(ROOT, '.venv', 'bin', 'moto_server');
const VENV_PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
/** moto_server with the kit's ReplicateKey fixes, exiting when its parent goes (see the file). */
const LAUNCHER = path.join(__dirname, 'moto_server.py');

/** Any credentials value works for moto; this one says so to anyone who finds it in a log. */
const LOCAL_SECRET_ACCESS_KEY = 'local-emulator-not-a-secret';

function motoAvailable() {
  return fs.existsSync(MOTO_SERVER);
}

/** A port that was free a moment ago on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
// A signal ends the process without 'exit': stop the servers, then let the signal do its work
// (re-raised only when nobody else handles it).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    for (const child of running) child.kill('SIGKILL');
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

/** The IAM user the emulator's deploy credentials belong to, one per account. */
const LOCAL_DEPLOYER = 'local-deployer';

/**
 * Environment for a child process (terraform, cdktf) that must talk only to `endpoint`, with
 * `credentials`. Every inherited AWS_* variable is dropped first (profiles, session tokens,
 * per-service endpoints), so nothing real can leak in.
 */
function emulatorEnv(endpoint, credentials, region = 'eu-west-1', base = process.env) {
  const env = Object.fromEntries(Object.entries(base).filter(([k]) => !k.startsWith('AWS_')));
  return {
    ...env,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ENDPOINT_URL: endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/**
 * Credentials that moto attributes to `account`. moto 5 maps a request to an account by
 * looking its access key up among the IAM access keys of every account (any unknown key
 * lands in the default account 123456789012), so each account gets an IAM user with a key,
 * created through moto's `x-moto-account-id` header.
 */
async function createAccountCredentials(endpoint, account) {
  const { IAMClient, CreateUserCommand, CreateAccessKeyCommand } = require('@aws-sdk/client-iam');
  const iam = new IAMClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'bootstrap', secretAccessKey: LOCAL_SECRET_ACCESS_KEY },
  });
  iam.middlewareStack.add(
    (next) => (args) => {
      args.request.headers['x-moto-account-id'] = account;
      return next(args);
    },
    { step: 'build', name: 'motoAccountHeader' },
  );
  await iam.send(new CreateUserCommand({ UserName: LOCAL_DEPLOYER }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: LOCAL_DEPLOYER }))).AccessKey;
  iam.destroy();
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}

async function post(endpoint, route, body) {
  const res = await fetch(`${endpoint}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`moto ${route}: HTTP ${res.status} ${await res.text()}`);
}

async function waitUntilListening(child, endpoint, deadline, stderr) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early (${child.exitCode}): ${stderr()}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`moto_server did not start on ${endpoint} in time: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts moto_server on 127.0.0.1 and waits until it answers.
 * @param {{ timeoutMs?: number, lambdaDocker?: boolean, accounts?: string[] }} options
 *   lambdaDocker: leave moto's Lambda on Docker. By default it is switched to the simple
 *   backend before anything is created, so RotateSecret and Invoke work without Docker.
 *   accounts: accounts whose credentials are created up front, so `env(account)` works.
 */
async function startMoto(options = {}) {
  if (!motoAvailable()) {
    throw new Error(`moto is not installed at ${MOTO_SERVER}: run bash scripts/setup-python.sh`);
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(VENV_PYTHON, [LAUNCHER, '-H', '127.0.0.1', '-p', String(port)], {
    // stdin stays open while this process lives: the launcher exits when it closes.
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'false' },
  });
  child.stdin.unref();
  running.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      let timer;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    running.delete(child);
  };
  const accounts = new Map();
  const credentials = async (account) => {
    if (!/^\d{12}$/.test(account)) throw new Error(`moto credentials: account must be 12 digits, got ${JSON.stringify(account)}`);
    if (!accounts.has(account)) accounts.set(account, await createAccountCredentials(endpoint, account));
    return accounts.get(account);
  };
  try {
    await waitUntilListening(child, endpoint, Date.now() + (options.timeoutMs ?? 30_000), () => stderr);
    if (!options.lambdaDocker) await post(endpoint, '/moto-api/config', { lambda: { use_docker: false } });
    for (const account of options.accounts ?? []) await credentials(account);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    endpoint,
    port,
    pid: child.pid,
    credentials,
    env(account, region) {
      if (!accounts.has(account)) {
        throw new Error(`moto env: no credentials for account ${account} yet; pass it in startMoto({ accounts }) or use envFor()`);
      }
      return emulatorEnv(endpoint, accounts.get(account), region);
    },
    envFor: async (account, region) => emulatorEnv(endpoint, await credentials(account), region),
    clientConfig: async (account, region = 'eu-west-1') => ({ endpoint, region, credentials: await credentials(account) }),
    configure: (config) => post(endpoint, '/moto-api/config', config),
    reset: async () => {
      await post(endpoint, '/moto-api/reset');
      accounts.clear();
    },
    stop,
  };
}

/** Stops every server this process started (for signal handlers). */
function killAllMoto() {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

module.exports = { ROOT, MOTO_SERVER, LOCAL_SECRET_ACCESS_KEY, LOCAL_DEPLOYER, motoAvailable, freePort, emulatorEnv, startMoto, killAllMoto };
