/**
 * A Mermaid flowchart of one environment: functions -> the secrets and parameters they read ->
 * the keys that encrypt them, plus who writes (external syncs) and who rotates. GitHub renders
 * Mermaid in Markdown, so the diagram shows up in the pull-request comment as drawn.
 *
 * Mermaid refuses a flowchart of more than 500 edges (its `maxEdges`), so a large environment
 * is drawn with secrets and parameters grouped by their first path segment (`db/*`), and, if
 * that is still too large, with the edges beyond the limit left out and counted in a note.
 * The access matrix beside the diagram is always complete.
 */
import type { EnvironmentModel } from '../aws/model';

/** Mermaid's default `maxEdges` for flowcharts. */
export const MERMAID_MAX_EDGES = 500;

export type DiagramDetail = 'full' | 'grouped' | 'truncated';

export interface AccessDiagram {
  readonly text: string;
  /** `full`: one node per secret and parameter; `grouped`: one per first path segment. */
  readonly detail: DiagramDetail;
  readonly edges: number;
  /** Edges left out to stay within Mermaid's limit. */
  readonly omittedEdges: number;
}

/** Mermaid node ids: letters, digits and `_`, never a keyword such as `end`, unique per diagram. */
class NodeIds {
  private readonly taken = new Map<string, string>();
  private readonly used = new Set<string>();

  id(kind: string, name: string): string {
    const key = `${kind}\u0000${name}`;
    const known = this.taken.get(key);
    if (known) return known;
    const base = `${kind}_${name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '')}`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.taken.set(key, id);
    this.used.add(id);
    return id;
  }
}

/** A quoted label: Mermaid reads `"` only through its entity, and `<br/>` as a line break. */
function label(...lines: string[]): string {
  return `"${lines.map((l) => l.replace(/"/g, '#quot;')).join('<br/>')}"`;
}

/** `db/password` -> `db/*`; a path without `/` stands for itself. */
const groupOf = (path: string) => (path.includes('/') ? `${path.slice(0, path.indexOf('/'))}/*` : path);

export function accessDiagram(env: EnvironmentModel): string {
  return buildAccessDiagram(env).text;
}

export function buildAccessDiagram(env: EnvironmentModel, maxEdges = MERMAID_MAX_EDGES): AccessDiagram {
  const full = draw(env, false);
  if (full.edges.length <= maxEdges) return render(full, 'full', 0);
  const grouped = draw(env, true);
  if (grouped.edges.length <= maxEdges) return render(grouped, 'grouped', 0);
  return render({ ...grouped, edges: grouped.edges.slice(0, maxEdges) }, 'truncated', grouped.edges.length - maxEdges);
}

interface Drawing {
  readonly groups: ReadonlyArray<readonly [id: string, title: string, nodes: readonly string[]]>;
  readonly edges: readonly string[];
}

function draw(env: EnvironmentModel, grouped: boolean): Drawing {
  const ids = new NodeIds();
  const shown = (path: string) => (grouped ? groupOf(path) : path);
  const keyOf = (region: string) => ids.id('key', region);
  const secretOf = (path: string) => ids.id('secret', shown(path));
  const parameterOf = (path: string) => ids.id('param', shown(path));
  const fnOf = (name: string) => ids.id('fn', name);
  const syncOf = (name: string) => ids.id('sync', name);
  const rotationId = env.rotation ? ids.id('rotation', env.rotation.functionName) : '';

  const secretCount = tally(env.secrets.map((s) => shown(s.path)));
  const parameterCount = tally(env.parameters.map((p) => shown(p.path)));
  const secretNodes = new Map<string, string>();
  for (const s of env.secrets) {
    const replicas = s.replicaRegions.length > 0 ? `replicas: ${s.replicaRegions.join(', ')}` : 'no replicas';
    const detail = grouped ? `${secretCount.get(shown(s.path))} secrets` : replicas;
    secretNodes.set(secretOf(s.path), `${secretOf(s.path)}[${label(shown(s.path), detail)}]`);
  }
  const parameterNodes = new Map<string, string>();
  for (const p of env.parameters) {
    const detail = grouped ? `${parameterCount.get(shown(p.path))} parameters` : p.secure ? 'SecureString' : 'String';
    parameterNodes.set(parameterOf(p.path), `${parameterOf(p.path)}[${label(shown(p.path), detail)}]`);
  }

  const edges = new Set<string>();
  for (const f of env.functions) {
    for (const path of f.secrets) edges.add(`${fnOf(f.name)} --> ${secretOf(path)}`);
    for (const path of f.parameters) edges.add(`${fnOf(f.name)} --> ${parameterOf(path)}`);
  }
  for (const s of env.syncs) {
    for (const path of s.secrets) edges.add(`${syncOf(s.name)} -. writes .-> ${secretOf(path)}`);
    for (const path of s.parameters) edges.add(`${syncOf(s.name)} -. writes .-> ${parameterOf(path)}`);
  }
  for (const path of env.rotation?.secrets ?? []) edges.add(`${rotationId} -. rotates .-> ${secretOf(path)}`);
  for (const s of env.secrets) {
    edges.add(`${secretOf(s.path)} --> ${keyOf(env.primaryRegion)}`);
    for (const r of s.replicaRegions) edges.add(`${secretOf(s.path)} -.-> ${keyOf(r)}`);
  }
  for (const p of env.parameters.filter((x) => x.secure)) {
    for (const r of p.regions) edges.add(`${parameterOf(p.path)} ${r === env.primaryRegion ? '-->' : '-.->'} ${keyOf(r)}`);
  }

  return {
    groups: [
      ['group_functions', 'Functions', env.functions.map((f) => `${fnOf(f.name)}[${label(f.name, f.regions.join(', '))}]`)],
      [
        'group_writers',
        'Writers',
        [...env.syncs.map((s) => `${syncOf(s.name)}[${label(`sync: ${s.name}`)}]`), ...(env.rotation ? [`${rotationId}[${label('built-in rotation')}]`] : [])],
      ],
      ['group_secrets', 'Secrets', [...secretNodes.values()]],
      ['group_parameters', 'Parameters', [...parameterNodes.values()]],
      ['group_keys', `KMS keys ${env.keyAlias}`, env.regions.map((r) => `${keyOf(r)}[${label(r, r === env.primaryRegion ? 'primary' : 'replica')}]`)],
    ],
    edges: [...edges],
  };
}

function tally(items: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function render(drawing: Drawing, detail: DiagramDetail, omittedEdges: number): AccessDiagram {
  const out = ['flowchart LR'];
  for (const [id, title, nodes] of drawing.groups) {
    if (nodes.length > 0) out.push(`  subgraph ${id}[${label(title)}]`, ...nodes.map((n) => `    ${n}`), '  end');
  }
  if (omittedEdges > 0) out.push(`  note_omitted[${label(`${omittedEdges} more edges not drawn: see the access matrix`)}]`);
  out.push(...drawing.edges.map((e) => `  ${e}`));
  return { text: out.join('\n') + '\n', detail, edges: drawing.edges.length, omittedEdges };
}
