/**
 * The review report of each GCP environment, written beside the synthesized stacks
 * (`reports/{stack}.md` and `{stack}.json`): who reads what, as which identity, in which
 * locations; who writes and who rotates; a Mermaid diagram of the same; and the monthly estimate
 * from Google Cloud list prices, with what it could not price.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ReportOptions } from '../core/backend';
import type { EnvironmentModel, PlatformModel } from '../core/model';
import { GcpCostEstimate, GcpUsage, estimateGcpCost, gcpAuditNotCounted } from './cost';
import { planEnvironment, serviceAccountEmail } from './model';
import type { GcpEnvironmentPlan } from './plan';

export const REPORTS_DIR = 'reports';

export interface GcpAccessRow {
  readonly function: string;
  readonly identity: string;
  readonly kind: 'secret' | 'parameter';
  readonly path: string;
  /** The GCP id read: a secret id, or a parameter id. */
  readonly id: string;
  /** Where it is read: every replica of a secret, or each location a parameter is granted in. */
  readonly locations: readonly string[];
  readonly role: string;
}

export interface GcpEnvironmentReport {
  readonly cloud: 'gcp';
  readonly stack: string;
  readonly gcpProject: string;
  readonly locations: readonly string[];
  readonly protect: boolean;
  readonly access: readonly GcpAccessRow[];
  readonly writers: readonly { readonly sync: string; readonly identity: string; readonly principal: string; readonly secrets: readonly string[]; readonly reads: boolean }[];
  readonly rotation: readonly { readonly path: string; readonly periodHours: number; readonly rotator: string }[];
  readonly diagram: string;
  readonly cost: GcpCostEstimate;
  readonly auditNotCounted: readonly { readonly price: string; readonly note: string }[];
}

export function accessRows(plan: GcpEnvironmentPlan): GcpAccessRow[] {
  const rows: GcpAccessRow[] = [];
  for (const fn of plan.functions) {
    const identity = serviceAccountEmail(fn.identityName, plan.gcpProject);
    for (const p of fn.secrets) {
      const s = plan.secrets.find((x) => x.path === p)!;
      rows.push({ function: fn.name, identity, kind: 'secret', path: p, id: s.secretId, locations: s.locations, role: 'roles/secretmanager.secretAccessor' });
    }
    for (const p of fn.parameters) {
      const x = plan.parameters.find((y) => y.path === p)!;
      rows.push(
        x.secure
          ? { function: fn.name, identity, kind: 'parameter', path: p, id: x.id, locations: x.locations, role: 'roles/secretmanager.secretAccessor' }
          : { function: fn.name, identity, kind: 'parameter', path: p, id: x.id, locations: fn.locations.filter((l) => x.locations.includes(l)), role: 'roles/parametermanager.parameterAccessor' },
      );
    }
  }
  return rows;
}

/** Mermaid node ids: letters, digits and `_`, prefixed so no id is a keyword. */
const node = (kind: string, name: string) => `${kind}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;

export function gcpAccessDiagram(plan: GcpEnvironmentPlan): string {
  const lines = ['flowchart LR'];
  const declared = new Set<string>();
  const declare = (id: string, label: string) => {
    if (declared.has(id)) return;
    declared.add(id);
    lines.push(`  ${id}["${label.replace(/"/g, "'")}"]`);
  };
  for (const row of accessRows(plan)) {
    const f = node('fn', row.function);
    const t = node(row.kind, row.path);
    declare(f, `fn ${row.function}`);
    declare(t, `${row.kind} ${row.path}`);
    lines.push(`  ${f} -->|reads| ${t}`);
  }
  for (const sync of plan.syncs) {
    const s = node('sync', sync.name);
    declare(s, `sync ${sync.name}`);
    for (const p of [...sync.secrets, ...sync.parameters]) {
      const kind = sync.secrets.includes(p) ? 'secret' : 'parameter';
      const t = node(kind, p);
      declare(t, `${kind} ${p}`);
      lines.push(`  ${s} -->|writes| ${t}`);
    }
  }
  if (plan.rotation) {
    const r = node('rot', plan.rotation.name);
    declare(r, `rotation ${plan.rotation.name}`);
    for (const s of plan.secrets.filter((x) => x.rotation)) {
      const t = node('secret', s.path);
      declare(t, `secret ${s.path}`);
      lines.push(`  ${r} -->|rotates| ${t}`);
    }
  }
  return lines.join('\n');
}

function usageOf(env: EnvironmentModel): Record<string, GcpUsage> {
  return Object.fromEntries(
    env.functions
      .filter((f) => f.usage)
      .map((f) => [f.name, { invocationsPerMonth: f.usage!.invocationsPerMonth, cacheTtlSeconds: f.usage!.cacheTtlSeconds ?? 0, concurrency: f.usage!.concurrency }]),
  );
}

export function buildGcpReport(platform: PlatformModel, env: EnvironmentModel): GcpEnvironmentReport {
  const plan = planEnvironment(platform, env);
  return {
    cloud: 'gcp',
    stack: env.stackName,
    gcpProject: plan.gcpProject,
    locations: plan.locations,
    protect: plan.protect,
    access: accessRows(plan),
    writers: plan.syncs.map((s) => ({
      sync: s.name,
      identity: serviceAccountEmail(s.identityName, plan.gcpProject),
      principal: s.principal,
      secrets: [...s.secrets, ...s.parameters],
      reads: s.read,
    })),
    rotation: plan.secrets
      .filter((s) => s.rotation)
      .map((s) => ({ path: s.path, periodHours: s.rotation!.periodHours, rotator: s.rotation!.rotator.kind === 'builtin' ? plan.rotation!.name : s.rotation!.rotator.serviceAccountEmail })),
    diagram: gcpAccessDiagram(plan),
    cost: estimateGcpCost(plan, usageOf(env)),
    auditNotCounted: platform.audit.enabled ? gcpAuditNotCounted() : [],
  };
}

export function renderGcpMarkdown(r: GcpEnvironmentReport): string {
  const out = [
    `# ${r.stack} (Google Cloud project \`${r.gcpProject}\`)`,
    '',
    `Locations: ${r.locations.join(', ')}${r.protect ? ' · protected' : ''}`,
    '',
    '## Who reads what',
    '',
    '| function | identity | reads | GCP id | locations | role |',
    '|---|---|---|---|---|---|',
    ...r.access.map((a) => `| ${a.function} | \`${a.identity}\` | ${a.kind} \`${a.path}\` | \`${a.id}\` | ${a.locations.join(', ')} | \`${a.role}\` |`),
    '',
    '## Who writes, who rotates',
    '',
    ...(r.writers.length ? r.writers.map((w) => `- sync **${w.sync}** (\`${w.identity}\`, impersonated by \`${w.principal}\`) adds versions to ${w.secrets.map((s) => `\`${s}\``).join(', ')}${w.reads ? ' and reads them back' : ''}`) : ['- no external sync']),
    ...r.rotation.map((x) => `- \`${x.path}\` rotates every ${x.periodHours}h through \`${x.rotator}\``),
    '',
    '```mermaid',
    r.diagram,
    '```',
    '',
    `## Monthly estimate (list prices of ${r.cost.asOf}, ${r.cost.currency})`,
    '',
    '| item | quantity | per month |',
    '|---|---|---|',
    ...r.cost.lines.map((l) => `| ${l.item} | ${Math.round(l.quantity * 100) / 100} | $${l.monthlyUsd.toFixed(2)} |`),
    `| **total** | | **$${r.cost.totalMonthlyUsd.toFixed(2)}** |`,
    '',
    ...[...r.cost.notCounted, ...r.auditNotCounted].map((n) => `- not counted: ${n.price}: ${n.note}`),
    '',
  ];
  return out.join('\n');
}

/** Writes every environment's report; returns the paths written. */
export function writeGcpReports(platform: PlatformModel, outdir: string, _options: ReportOptions): string[] {
  const dir = path.join(outdir, REPORTS_DIR);
  fs.mkdirSync(dir, { recursive: true });
  return platform.environments.flatMap((env) => {
    const report = buildGcpReport(platform, env);
    const md = path.join(dir, `${env.stackName}.md`);
    const json = path.join(dir, `${env.stackName}.json`);
    fs.writeFileSync(md, renderGcpMarkdown(report));
    fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
    return [md, json];
  });
}
