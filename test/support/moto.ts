/**
 * A moto server (local AWS API emulator) on 127.0.0.1 at a free port, started and stopped by
 * the tests themselves. Requires `.venv` from `scripts/setup-python.sh`.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const MOTO_SERVER = path.join(ROOT, '.venv', 'bin', 'moto_server');

export interface MotoServer {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  readonly port: number;
  /** Environment for a child process (terraform, cdktf) that must talk only to this server. */
  env(account: string, region?: string): NodeJS.ProcessEnv;
  /** Applies moto's own settings (`POST /moto-api/config`). */
  configure(config: Record<string, unknown>): Promise<void>;
  /** Forgets everything created so far. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export function motoAvailable(): boolean {
  return fs.existsSync(MOTO_SERVER);
}

export async function freePort(): Promise<number> {
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

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startMoto(options: { timeoutMs?: number } = {}): Promise<MotoServer> {
  if (!motoAvailable()) {
    throw new Error(`moto is not installed at ${MOTO_SERVER}: run scripts/setup-python.sh`);
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'false' },
  });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not start on ${endpoint} in time: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const post = async (route: string, body?: unknown) => {
    const res = await fetch(`${endpoint}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`moto ${route}: HTTP ${res.status}`);
  };

  return {
    endpoint,
    port,
    env(account: string, region = 'eu-west-1') {
      return {
        ...process.env,
        // moto takes a 12-digit access key id as the account id, so allowed_account_ids holds.
        AWS_ACCESS_KEY_ID: account,
        AWS_SECRET_ACCESS_KEY: 'local-emulator-not-a-secret',
        AWS_SESSION_TOKEN: '',
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_ENDPOINT_URL: endpoint,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PROFILE: '',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      };
    },
    configure: (config) => post('/moto-api/config', config),
    reset: () => post('/moto-api/reset'),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      running.delete(child);
    },
  };
}
