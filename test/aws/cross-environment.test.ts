/**
 * Environments are isolated: no role of one environment can name a resource of another, by
 * ARN, name, parameter path, key alias or account. Checked on every grant of every role (each
 * resource must sit in the role's own environment), and on the whole synthesized stack text
 * (no other environment's names appear anywhere, outputs included).
 */
import fc from 'fast-check';
import type { EnvironmentModel } from '../../lib/aws/model';
import * as names from '../../lib/aws/names';
import { analyzeRoles } from '../support/iam-analysis';
import { exampleSpec, synthEnvironments } from '../support/declared-access';
import { generatedSpec } from '../support/generated-spec';

/** Patterns that only a resource of `other` can match (a boundary after each name). */
function namesOf(project: string, other: EnvironmentModel, own: EnvironmentModel): RegExp[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const patterns = [
    `${escape(names.secretName(project, other.name, ''))}`,
    `${escape(other.parameterPrefix)}(/|"|$)`,
    `${escape(other.keyAlias)}(?![A-Za-z0-9-])`,
    `${escape(names.roleName(project, other.name, ''))}`,
    `${escape(other.stackName)}(?![A-Za-z0-9-])`,
  ];
  if (other.account !== own.account) patterns.push(other.account);
  return patterns.map((p) => new RegExp(p));
}

/**
 * Where each grant's resource must live: an ARN of the role's own account whose resource part
 * carries one of its own environment's names (secret prefix, parameter path, role and function
 * prefix, key alias). `*` names nothing; the least-privilege suite forbids it where it matters.
 */
function ownResource(project: string, env: EnvironmentModel, resource: string): boolean {
  if (resource === '*') return true;
  const arn = /^arn:aws:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):(.+)$/.exec(resource);
  if (!arn || arn[1] !== env.account) return false;
  const markers = [
    `secret:${names.secretName(project, env.name, '')}`,
    `parameter${env.parameterPrefix}/`,
    names.roleName(project, env.name, ''),
    `<${env.keyAlias}>`,
  ];
  return markers.some((m) => arn[2].includes(m));
}

function expectIsolated(raw: unknown): void {
  const { model, environments } = synthEnvironments(raw);
  for (const { env, stack } of environments) {
    for (const role of analyzeRoles(stack).values()) {
      const foreign = role.grants.filter((g) => !ownResource(model.project, env, g.resource)).map((g) => `${g.action} ${g.resource}`);
      expect({ role: role.roleName, foreign }).toEqual({ role: role.roleName, foreign: [] });
      for (const g of role.grants) {
        if (g.condition) expect(g.condition).toContain(`:${env.account}:`);
      }
    }
    // A sync's principal is declared by the spec for every environment it writes to (e.g. a CI
    // role in a tooling account): it is who may assume the role, not a resource of another one.
    const text = env.syncs.reduce((t, sync) => t.split(sync.principal).join('<declared principal>'), JSON.stringify(stack));
    for (const { env: other } of environments.filter((e) => e.env.name !== env.name)) {
      const leaks = namesOf(model.project, other, env).filter((re) => re.test(text)).map(String);
      expect({ stack: env.stackName, mentions: other.name, leaks }).toEqual({ stack: env.stackName, mentions: other.name, leaks: [] });
    }
  }
}

describe('isolation between environments', () => {
  it('keeps every role of the example inside its own environment', () => {
    expectIsolated(exampleSpec());
  });

  it('keeps every role of generated specs inside its own environment', () => {
    fc.assert(
      fc.property(generatedSpec, (spec) => {
        expectIsolated(spec);
      }),
      { numRuns: 25 },
    );
  });
});
