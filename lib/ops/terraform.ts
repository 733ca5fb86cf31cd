/**
 * Terraform as a child process whose every exit is accounted for: its code, or the signal
 * that ended it, and whether this process asked it to stop. One child at a time.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export interface ToolRun {
  readonly code: number | null;
  /** The signal that ended the child, when one did (`SIGKILL` from someone else, for example). */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ToolOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Copy the output to this process's while collecting it. @default false */
  readonly echo?: boolean;
  /** Called once the child exists (tests use its pid). */
  readonly onSpawn?: (pid: number) => void;
}

let current: ChildProcess | undefined;

/** Runs `cmd args`; resolves whatever happens (a spawn failure is code 127). */
export function runTool(cmd: string, args: readonly string[], options: ToolOptions): Promise<ToolRun> {
  return new Promise((resolve) => {
    const child = spawn(cmd, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    current = child;
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d;
      if (options.echo) process.stdout.write(d);
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d;
      if (options.echo) process.stderr.write(d);
    });
    child.on('error', (e) => {
      current = undefined;
      resolve({ code: 127, signal: null, stdout, stderr: `${stderr}${e.message}` });
    });
    child.on('close', (code, signal) => {
      current = undefined;
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Passes a signal on to the running child (Terraform stops gracefully on SIGINT/SIGTERM). */
export function signalCurrent(signal: NodeJS.Signals): boolean {
  if (!current || current.exitCode !== null || current.signalCode !== null) return false;
  return current.kill(signal);
}

/** The project root: the nearest folder above `from` holding `package.json` and `scripts/`. */
export function projectRoot(from = __dirname): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'scripts', 'terraform-cli-config.js'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no project root above ${from}`);
    dir = up;
  }
}

interface CliConfigModule {
  ensureCliConfig(): { file?: string; mirror?: string; reason?: string };
}

/**
 * The environment of every terraform child: providers from the local mirror when this machine
 * has one (`scripts/terraform-cli-config.js`), else from the registry; no prompts, no colour,
 * no checkpoint calls.
 */
export function terraformEnv(base: NodeJS.ProcessEnv = process.env): { env: NodeJS.ProcessEnv; providers: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cli = require(path.join(projectRoot(), 'scripts', 'terraform-cli-config.js')) as CliConfigModule;
  const config = cli.ensureCliConfig();
  const env: NodeJS.ProcessEnv = { ...base, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  if (config.file) env.TF_CLI_CONFIG_FILE = config.file;
  return { env, providers: config.file ? `providers from ${config.mirror}` : `providers from the registry (${config.reason})` };
}
