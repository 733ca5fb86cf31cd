/**
 * Rung 6 plumbing: `cdktf deploy` / `cdktf destroy` of synthesized stacks into a moto server
 * through the kit's local mode, a second `terraform plan` read as JSON, and the files a
 * deploy leaves behind. Each suite works in its own folder under `.tf/emulator/`, so its
 * Terraform state never mixes with a user's `terraform.*.tfstate` at the project root.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildKit, cdktf, toolEnv } from '../../scripts/lib/cdktf';
import { RunResult, run } from '../../scripts/lib/proc';
import { ensureCliConfig } from '../../scripts/terraform-cli-config';
import { ROOT } from './moto';

export { ROOT };

// The AWS SDK warns once per process that Node 20 support ends in 2027; it says nothing about the kit.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * One test per item, named by `name` with `%s` replaced by `label(item)`; or, when there are
 * no items, one skipped test saying so (a silent absence would read like a pass).
 */
export function forEach<T>(items: readonly T[], label: (item: T) => string, name: string, fn: (item: T) => Promise<void> | void, timeout?: number): void {
  if (items.length === 0) {
    test.skip(`${name.replace(/%s/g, '-')} (none in this spec)`, () => undefined);
    return;
  }
  for (const item of items) test(name.replace('%s', label(item)), async () => fn(item), timeout);
}

export type CommandResult = RunResult;

/** Why rung 6 cannot run on this machine, or `undefined` when it can. */
export function emulatorPrerequisite(): string | undefined {
  const config = ensureCliConfig();
  return config.file ? undefined : config.reason;
}

/** A fresh working folder `.tf/emulator/<name>-<pid>`; its `cdktf.out` and state live inside. */
export function workFolder(name: string): string {
  const dir = path.join(ROOT, '.tf', 'emulator', `${name}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export { toolEnv, cdktf, buildKit };

/** Shown when a cdktf command fails: the end of its output, where Terraform puts the error. */
export function tail(result: CommandResult, chars = 6000): string {
  return `exit ${result.code}\n${`${result.stdout}\n${result.stderr}`.slice(-chars)}`;
}

/** A resource Terraform would change on a second plan, with the attribute paths that differ. */
export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly actions: readonly string[];
  readonly diffs: readonly AttributeDiff[];
}

export interface AttributeDiff {
  /** `replica[0].kms_key_id` */
  readonly path: string;
  readonly before: unknown;
  /** `(known after apply)` when the plan cannot know it yet. */
  readonly after: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Every leaf path where `before` and `after` differ (or `after` is unknown). */
export function attributeDiffs(before: unknown, after: unknown, unknown: unknown, at = ''): AttributeDiff[] {
  if (unknown === true) return [{ path: at, before, after: '(known after apply)' }];
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after), ...(isObject(unknown) ? Object.keys(unknown) : [])]);
    return [...keys].sort().flatMap((k) => {
      const child = Array.isArray(after) || Array.isArray(before) ? `${at}[${k}]` : at ? `${at}.${k}` : k;
      return attributeDiffs(
        (before as Record<string, unknown>)[k],
        (after as Record<string, unknown>)[k],
        isObject(unknown) ? (unknown as Record<string, unknown>)[k] : undefined,
        child,
      );
    });
  }
  return JSON.stringify(before ?? null) === JSON.stringify(after ?? null) ? [] : [{ path: at, before, after }];
}

interface PlanJson {
  resource_changes?: Array<{
    address: string;
    /** Set when a `moved` block brought the resource here from another address. */
    previous_address?: string;
    type: string;
    change: { actions: string[]; before: unknown; after: unknown; after_unknown: unknown };
  }>;
}

/** One resource of a plan: where it was, where it goes, and what Terraform would do to it. */
export interface PlannedResource extends PlannedChange {
  readonly previousAddress?: string;
}

/**
 * `terraform plan -refresh=false -out` of a stack folder, read back with `terraform show -json`: every
 * resource, moved or changed or not, and the plan file (to apply it with `terraform apply`).
 */
export async function planResources(stackDir: string, env: NodeJS.ProcessEnv): Promise<{ resources: PlannedResource[]; planFile: string }> {
  const planFile = path.join(stackDir, '..', '..', '..', `${path.basename(stackDir)}.upgrade.tfplan`);
  const opts = { cwd: stackDir, env: toolEnv(env) };
  // No refresh: the question is what the new config does to the state as it stands.
  const plan = await run('terraform', ['plan', '-refresh=false', '-input=false', '-lock=false', '-no-color', `-out=${planFile}`], opts);
  if (plan.code !== 0) throw new Error(`terraform plan failed in ${stackDir}: ${tail(plan)}`);
  const show = await run('terraform', ['show', '-json', planFile], opts);
  if (show.code !== 0) throw new Error(`terraform show failed: ${tail(show)}`);
  const json = JSON.parse(show.stdout) as PlanJson;
  const resources = (json.resource_changes ?? []).map((rc) => ({
    address: rc.address,
    previousAddress: rc.previous_address,
    type: rc.type,
    actions: rc.change.actions,
    diffs: attributeDiffs(rc.change.before, rc.change.after, rc.change.after_unknown),
  }));
  return { resources, planFile };
}

/**
 * A second `terraform plan` of a deployed stack. Exit 0 of `-detailed-exitcode` means no
 * changes; otherwise the plan is read with `terraform show -json`, resource by resource.
 */
export async function secondPlan(stackDir: string, env: NodeJS.ProcessEnv): Promise<{ changes: PlannedChange[]; output: string }> {
  const planFile = path.join(stackDir, '..', '..', '..', `${path.basename(stackDir)}.second.tfplan`);
  const opts = { cwd: stackDir, env: toolEnv(env) };
  const plan = await run('terraform', ['plan', '-detailed-exitcode', '-input=false', '-lock=false', '-no-color', `-out=${planFile}`], opts);
  if (plan.code === 0) return { changes: [], output: plan.stdout };
  if (plan.code !== 2) throw new Error(`terraform plan failed in ${stackDir}: ${tail(plan)}`);
  const show = await run('terraform', ['show', '-json', planFile], opts);
  if (show.code !== 0) throw new Error(`terraform show failed: ${tail(show)}`);
  const json = JSON.parse(show.stdout) as PlanJson;
  const changes = (json.resource_changes ?? [])
    .filter((rc) => !rc.change.actions.every((a) => a === 'no-op' || a === 'read'))
    .map((rc) => ({
      address: rc.address,
      type: rc.type,
      actions: rc.change.actions,
      diffs: attributeDiffs(rc.change.before, rc.change.after, rc.change.after_unknown),
    }));
  return { changes, output: plan.stdout };
}

/** Every file under `dir` (following no symlinks), skipping provider binaries. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isSymbolicLink()) return [];
    if (e.isDirectory()) return e.name === 'providers' ? [] : filesUnder(full);
    return [full];
  });
}

/** The Terraform state files (and backups) of a working folder. */
export function stateFiles(work: string): string[] {
  return fs.readdirSync(work).filter((f) => /^terraform\..*\.tfstate(\..*)?$/.test(f)).map((f) => path.join(work, f));
}

/** Resources recorded in a local state file (`[]` when the file is missing or empty). */
export function stateResources(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const state = JSON.parse(fs.readFileSync(file, 'utf8')) as { resources?: Array<{ mode: string; type: string; name: string }> };
  return (state.resources ?? []).filter((r) => r.mode === 'managed').map((r) => `${r.type}.${r.name}`);
}
