/**
 * The review report of one environment: access matrix, diagram, replicas and rotation,
 * guardrail suppressions, cost estimate and, when a previous report is given, what changed.
 * Built from the model (and counts from the synthesized output), rendered as Markdown for
 * people and JSON for tools; the JSON of one run is the `previous` of the next.
 */
import { platformWarnings } from './warnings';
import { formatPath } from '../core/errors';
import type { EnvironmentModel, PlatformModel, SuppressionModel } from '../aws/model';
import { AccessEntry, accessKey, accessMatrix, renderAccessMatrix } from './access-matrix';
import { AuditFootprint, CostEstimate, PriceList, estimateCost } from '../aws/cost';
import { count, money } from './format';
import { DiagramDetail, buildAccessDiagram } from './diagram';

/** Bumped when the JSON shape changes incompatibly; a previous report of another version is not compared. */
export const REPORT_SCHEMA_VERSION = 1;

export interface RotationSummary {
  readonly schedule: string;
  readonly window?: string;
  /** `builtin` or the ARN of the rotation function. */
  readonly function: string;
}

export interface SecretSummary {
  readonly path: string;
  readonly name: string;
  readonly type: 'generated' | 'external';
  readonly replicaRegions: readonly string[];
  readonly rotation?: RotationSummary;
  readonly readers: readonly string[];
  /** External syncs that write the value. */
  readonly writers: readonly string[];
}

export interface ParameterSummary {
  readonly path: string;
  readonly name: string;
  readonly secure: boolean;
  readonly tier: string;
  readonly regions: readonly string[];
  readonly readers: readonly string[];
}

/** A guardrail waived, with the reason a reviewer reads. */
export interface SuppressionEntry {
  readonly rule: string;
  readonly reason: string;
  /** `platform`, `secret db/password`, `function payments-api`, or a construct path. */
  readonly target: string;
  /** Where it was written: a spec path, or `code` for construct-level suppressions. */
  readonly where: string;
}

/** A suppression added in code on a construct, as the guardrails module reports it. */
export interface ConstructSuppression {
  readonly rule: string;
  readonly reason: string;
  /** Construct path or Terraform address of the suppressed resource. */
  readonly target: string;
  /** Stack the resource belongs to: only that environment's report lists it. */
  readonly stack: string;
}

export interface ReportChanges {
  readonly previousStack: string;
  readonly secretsAdded: readonly string[];
  readonly secretsRemoved: readonly string[];
  readonly parametersAdded: readonly string[];
  readonly parametersRemoved: readonly string[];
  readonly functionsAdded: readonly string[];
  readonly functionsRemoved: readonly string[];
  /** `payments-api reads secret db/password in us-east-1`. */
  readonly accessGranted: readonly string[];
  readonly accessRevoked: readonly string[];
  /** `db/password: replicas eu-central-1 -> eu-central-1, us-east-1`. */
  readonly replicasChanged: readonly string[];
  readonly rotationChanged: readonly string[];
  readonly suppressionsAdded: readonly string[];
  readonly suppressionsRemoved: readonly string[];
  readonly monthlyCost: { readonly before: number; readonly after: number };
}

export interface EnvironmentReport {
  readonly schemaVersion: number;
  readonly project: string;
  readonly environment: string;
  readonly stack: string;
  readonly account: string;
  readonly protect: boolean;
  readonly primaryRegion: string;
  readonly regions: readonly string[];
  readonly access: readonly AccessEntry[];
  /**
   * Parameter paths a function may read with GetParametersByPath (opt-in `readParametersByPath`):
   * such a call returns everything under the path, declared or not.
   */
  readonly readByPath: readonly { readonly function: string; readonly path: string; readonly regions: readonly string[] }[];
  readonly secrets: readonly SecretSummary[];
  readonly parameters: readonly ParameterSummary[];
  readonly suppressions: readonly SuppressionEntry[];
  /** What the spec allows but leaves weak (e.g. alarms that notify nobody). */
  readonly warnings: readonly string[];
  readonly cost: CostEstimate;
  /** Mermaid flowchart text. */
  readonly diagram: string;
  /** `full`, or `grouped`/`truncated` when the environment is too large for one node per value. */
  readonly diagramDetail: DiagramDetail;
  /** Present when a previous report of the same stack was given. */
  readonly changes?: ReportChanges;
}

export interface BuildReportOptions {
  /** @default the bundled price list */
  readonly prices?: PriceList;
  /** The account's audit stack as synthesized. @default no audit cost */
  readonly audit?: AuditFootprint;
  /** Construct-level suppressions from the guardrails, all stacks. @default none */
  readonly constructSuppressions?: readonly ConstructSuppression[];
  /** The previous JSON report of this stack. @default no comparison */
  readonly previous?: EnvironmentReport;
}

export function buildReport(platform: PlatformModel, env: EnvironmentModel, options: BuildReportOptions = {}): EnvironmentReport {
  const diagram = buildAccessDiagram(env);
  const report: EnvironmentReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    project: platform.project,
    environment: env.name,
    stack: env.stackName,
    account: env.account,
    protect: env.protect,
    primaryRegion: env.primaryRegion,
    regions: env.regions,
    access: accessMatrix(env),
    readByPath: env.functions.flatMap((fn) =>
      fn.parameterSubtrees.map((subtree) => ({ function: fn.name, path: `${env.parameterPrefix}/${subtree}`, regions: fn.regions })),
    ),
    secrets: env.secrets.map((s) => ({
      path: s.path,
      name: s.name,
      type: s.type,
      replicaRegions: s.replicaRegions,
      ...(s.rotation
        ? {
            rotation: {
              schedule: s.rotation.scheduleExpression,
              ...(s.rotation.window ? { window: s.rotation.window } : {}),
              function: s.rotation.function.kind === 'builtin' ? 'builtin' : s.rotation.function.arn,
            },
          }
        : {}),
      readers: s.readers,
      writers: env.syncs.filter((sync) => sync.secrets.includes(s.path)).map((sync) => sync.name),
    })),
    parameters: env.parameters.map((p) => ({
      path: p.path,
      name: p.name,
      secure: p.secure,
      tier: p.tier,
      regions: p.regions,
      readers: p.readers,
    })),
    suppressions: suppressionsOf(platform, env, options.constructSuppressions ?? []),
    warnings: platformWarnings(platform),
    cost: estimateCost(env, { prices: options.prices, audit: options.audit }),
    diagram: diagram.text,
    diagramDetail: diagram.detail,
  };
  const comparable = options.previous?.schemaVersion === REPORT_SCHEMA_VERSION ? options.previous : undefined;
  return comparable ? { ...report, changes: diffReports(comparable, report) } : report;
}

function suppressionsOf(platform: PlatformModel, env: EnvironmentModel, constructs: readonly ConstructSuppression[]): SuppressionEntry[] {
  const fromSpec = (target: string, list: readonly SuppressionModel[]) =>
    list.map((s) => ({ rule: s.rule, reason: s.reason, target, where: formatPath(s.specPath) }));
  return [
    ...fromSpec('platform', platform.suppressions),
    ...env.secrets.flatMap((s) => fromSpec(`secret ${s.path}`, s.suppressions)),
    ...env.parameters.flatMap((p) => fromSpec(`parameter ${p.path}`, p.suppressions)),
    ...env.functions.flatMap((f) => fromSpec(`function ${f.name}`, f.suppressions)),
    ...constructs.filter((c) => c.stack === env.stackName).map((c) => ({ rule: c.rule, reason: c.reason, target: c.target, where: 'code' })),
  ];
}

/** What changed from `before` to `after`; both are reports of the same stack. */
export function diffReports(before: EnvironmentReport, after: EnvironmentReport): ReportChanges {
  const paths = (r: EnvironmentReport, kind: 'secrets' | 'parameters') => r[kind].map((x) => x.path);
  const fns = (r: EnvironmentReport) => [...new Set(r.access.map((a) => a.function))];
  const grants = (r: EnvironmentReport) => r.access.flatMap((a) => a.reads.map((read) => accessKey(a, read.region)));
  const suppressions = (r: EnvironmentReport) => r.suppressions.map((s) => `${s.rule} on ${s.target}: ${s.reason}`);
  const common = <T extends { path: string }>(a: readonly T[], b: readonly T[]) =>
    b.flatMap((x) => {
      const old = a.find((y) => y.path === x.path);
      return old ? [[old, x] as const] : [];
    });
  const rotation = (s: SecretSummary) => (s.rotation ? `${s.rotation.schedule} by ${s.rotation.function}` : 'none');
  const regions = (list: readonly string[]) => (list.length > 0 ? list.join(', ') : 'none');

  return {
    previousStack: before.stack,
    secretsAdded: added(paths(before, 'secrets'), paths(after, 'secrets')),
    secretsRemoved: added(paths(after, 'secrets'), paths(before, 'secrets')),
    parametersAdded: added(paths(before, 'parameters'), paths(after, 'parameters')),
    parametersRemoved: added(paths(after, 'parameters'), paths(before, 'parameters')),
    functionsAdded: added(fns(before), fns(after)),
    functionsRemoved: added(fns(after), fns(before)),
    accessGranted: added(grants(before), grants(after)),
    accessRevoked: added(grants(after), grants(before)),
    replicasChanged: common(before.secrets, after.secrets)
      .filter(([a, b]) => regions(a.replicaRegions) !== regions(b.replicaRegions))
      .map(([a, b]) => `${b.path}: replicas ${regions(a.replicaRegions)} -> ${regions(b.replicaRegions)}`),
    rotationChanged: common(before.secrets, after.secrets)
      .filter(([a, b]) => rotation(a) !== rotation(b))
      .map(([a, b]) => `${b.path}: rotation ${rotation(a)} -> ${rotation(b)}`),
    suppressionsAdded: added(suppressions(before), suppressions(after)),
    suppressionsRemoved: added(suppressions(after), suppressions(before)),
    monthlyCost: { before: before.cost.totals.monthly, after: after.cost.totals.monthly },
  };
}

/** Items of `next` not in `base`, sorted. */
function added(base: readonly string[], next: readonly string[]): string[] {
  const known = new Set(base);
  return next.filter((x) => !known.has(x)).sort();
}

const list = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : '—');
const code = (s: string) => `\`${s}\``;

export function renderMarkdown(report: EnvironmentReport): string {
  const regions = report.regions.map((r) => (r === report.primaryRegion ? `${r} (primary)` : r)).join(', ');
  return [
    `# Review report: ${report.stack}`,
    '',
    `Environment ${code(report.environment)} in account ${code(report.account)}${report.protect ? ', protected' : ''}. Regions: ${regions}.`,
    '',
    ...(report.warnings ?? []).flatMap((w) => [`> **Warning:** ${w}`, '']),
    renderChanges(report.changes),
    '## Who reads what, where',
    '',
    '`local`: the function reads the copy in its own region; `from <region>`: it reads across regions.',
    '',
    renderAccessMatrix(report.access, report.regions),
    ...renderReadByPath(report.readByPath ?? []),
    ...diagramNote(report.diagramDetail),
    '```mermaid',
    report.diagram.trimEnd(),
    '```',
    '',
    '## Secrets: replicas and rotation',
    '',
    renderSecrets(report.secrets),
    '## Parameters',
    '',
    renderParameters(report.parameters),
    '## Guardrail suppressions',
    '',
    renderSuppressions(report.suppressions),
    renderCost(report.cost),
  ].join('\n');
}

function renderReadByPath(entries: EnvironmentReport['readByPath']): string[] {
  if (entries.length === 0) return [];
  return [
    '**Read by path** (`readParametersByPath: true`): these functions may read a whole subtree with one GetParametersByPath call, which returns every parameter under the path, including any written there later that the function never declared.',
    '',
    ...entries.map((e) => `- ${code(e.function)} reads everything under ${code(e.path)} in ${e.regions.join(', ')}`),
    '',
  ];
}

function diagramNote(detail: DiagramDetail): string[] {
  if (detail === 'full') return [];
  const why = 'This environment has more edges than Mermaid draws (500): secrets and parameters are grouped by their first path segment';
  return [detail === 'grouped' ? `${why}.` : `${why}, and the edges past the limit are left out.`, ''];
}

function renderChanges(changes: ReportChanges | undefined): string {
  if (!changes) return '## Changes\n\nNo previous report was given, so there is nothing to compare with.\n';
  const sections: [string, readonly string[]][] = [
    ['Secrets added', changes.secretsAdded],
    ['Secrets removed', changes.secretsRemoved],
    ['Parameters added', changes.parametersAdded],
    ['Parameters removed', changes.parametersRemoved],
    ['Functions added', changes.functionsAdded],
    ['Functions removed', changes.functionsRemoved],
    ['Access granted', changes.accessGranted],
    ['Access revoked', changes.accessRevoked],
    ['Replicas changed', changes.replicasChanged],
    ['Rotation changed', changes.rotationChanged],
    ['Suppressions added', changes.suppressionsAdded],
    ['Suppressions removed', changes.suppressionsRemoved],
  ];
  const present = sections.filter(([, items]) => items.length > 0);
  const { before, after } = changes.monthlyCost;
  const cost = before === after ? `Estimated monthly cost unchanged at ${money(after)}.` : `Estimated monthly cost ${money(before)} -> ${money(after)}.`;
  const body = present.length === 0 ? ['No change in access, secrets, parameters, replicas, rotation or suppressions.'] : present.flatMap(([title, items]) => [`**${title}**`, '', ...items.map((i) => `- ${i}`), '']);
  return ['## Changes since the previous report', '', ...body, cost, ''].join('\n');
}

function renderSecrets(secrets: readonly SecretSummary[]): string {
  if (secrets.length === 0) return '_No secrets in this environment._\n';
  const rows = secrets.map((s) => {
    const rotation = s.rotation ? `${code(s.rotation.schedule)}${s.rotation.window ? `, window ${s.rotation.window}` : ''}, ${s.rotation.function === 'builtin' ? 'built-in function' : code(s.rotation.function)}` : 'none';
    return `| ${code(s.path)} | ${s.type} | ${list(s.replicaRegions)} | ${rotation} | ${list(s.readers)} | ${list(s.writers)} |`;
  });
  return ['| secret | type | replicas | rotation | read by | written by |', '|---|---|---|---|---|---|', ...rows].join('\n') + '\n';
}

function renderParameters(parameters: readonly ParameterSummary[]): string {
  if (parameters.length === 0) return '_No parameters in this environment._\n';
  const rows = parameters.map((p) => `| ${code(p.path)} | ${p.secure ? 'SecureString' : 'String'} | ${p.tier} | ${list(p.regions)} | ${list(p.readers)} |`);
  return ['| parameter | type | tier | regions | read by |', '|---|---|---|---|---|', ...rows].join('\n') + '\n';
}

function renderSuppressions(suppressions: readonly SuppressionEntry[]): string {
  if (suppressions.length === 0) return 'None: every guardrail applies.\n';
  const rows = suppressions.map((s) => `| ${code(s.rule)} | ${s.target} | ${s.where === 'code' ? 'code' : code(s.where)} | ${s.reason.replace(/\|/g, '\\|')} |`);
  return ['| rule | applies to | written in | reason |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}

function renderCost(cost: CostEstimate): string {
  const unit = (n: number, u: string) => (n === 1 ? u.replace(/s$/, '') : u);
  const lines = [...cost.fixed, ...cost.audit].map((l) => `| ${l.item} | ${count(l.quantity)} ${unit(l.quantity, l.unit)} | ${money(l.monthly)} | ${l.note ?? ''} |`);
  const fnRows = cost.functions.map(
    (f) =>
      `| ${f.function} | ${count(f.invocationsPerMonth)} | ${f.regions.length} | ${f.cacheTtlSeconds} s × ${f.concurrency} | ${count(f.uncached.secretsManager)} / ${count(f.uncached.kms)} | ${money(f.uncached.monthly)} | ${count(f.cached.secretsManager)} / ${count(f.cached.kms)} | ${money(f.cached.monthly)} |`,
  );
  const { totals } = cost;
  return [
    `## Monthly cost estimate (${cost.currency}, list prices of ${cost.priceRegion} as of ${cost.pricesAsOf})`,
    '',
    '| item | quantity | per month | note |',
    '|---|---|---|---|',
    ...lines,
    '',
    '**API calls** (Secrets Manager calls / KMS requests per month):',
    '',
    ...(fnRows.length > 0
      ? [
          '| function | invocations | regions | cache TTL × warm environments | calls without cache | cost | calls with cache | cost |',
          '|---|---|---|---|---|---|---|---|',
          ...fnRows,
          '',
        ]
      : ['_No function states its `usage`, so API calls are not estimated._', '']),
    ...(cost.functionsWithoutUsage.length > 0 ? [`Not estimated (no \`usage\` in the spec): ${cost.functionsWithoutUsage.join(', ')}.`, ''] : []),
    cost.functions.length === 0
      ? `**Total: ${money(totals.monthly)} per month** (${money(totals.fixed)} resources, ${money(totals.audit)} audit). API costs were not estimated: no function states \`usage\`.`
      : `**Total: ${money(totals.monthly)} per month** with caching (${money(totals.fixed)} resources, ${money(totals.audit)} audit, ${money(totals.apiCached)} API calls). Without caching the API calls would cost ${money(totals.apiUncached)}: caching saves ${money(totals.cachingSaves)} per month.`,
    '',
    'Rates that depend on volumes the spec does not state (not in the total):',
    '',
    ...cost.perUse.map((l) => `- ${l.item}: ${l.note}`),
    '',
    'Assumptions:',
    '',
    ...cost.assumptions.map((a) => `- ${a}`),
    '',
    ...(cost.unverifiedPrices.length > 0
      ? [`Prices not read on the AWS page itself (taken from secondary sources, see \`lib/aws/pricing.json\`): ${cost.unverifiedPrices.map(code).join(', ')}.`, '']
      : []),
  ].join('\n');
}
