/** Synthesizes audit stacks from small specs, and reads their resources and policies back. */
import { awsModel } from '../../../lib/aws/model';
import { App, Testing } from 'cdktf';
import { CLOUDS, backendFor } from '../../../lib/backends';
import { loadPlatformObject } from '../../../lib/core/loader';
import type { PlatformModel } from '../../../lib/aws/model';
import type { PlatformSpecInput } from '../../../lib/aws/spec';
import { AccountStack } from '../../../stacks/account-stack';

export type Json = Record<string, any>;

/** Two environments sharing account 111111111111, a third in 222222222222. */
export function auditSpec(): PlatformSpecInput {
  return structuredClone({
    project: 'shop',
    regions: { primary: 'eu-west-1', replicas: ['us-east-1'] },
    environments: {
      dev: { account: '111111111111' },
      staging: { account: '111111111111' },
      prod: { account: '222222222222' },
    },
    secrets: {
      'db/password': { rotation: { every: '30d' } },
      'api/key': { type: 'external' },
    },
    functions: {
      api: { secrets: ['db/password', 'api/key'] },
      worker: { secrets: ['api/key'] },
    },
    externalSync: {
      vendor: { principal: 'arn:aws:iam::999999999999:role/writer', externalId: 'ext-1', secrets: ['api/key'], read: true },
    },
    audit: { alarmEmails: ['sec@shop.example', 'ops@shop.example'] },
  } satisfies PlatformSpecInput);
}

export function modelOf(raw: unknown): PlatformModel {
  return awsModel(loadPlatformObject(raw, 'platform.yaml', CLOUDS).model);
}

/** Every audit stack of the spec, synthesized and parsed, by account. */
export function synthAudit(raw: unknown = auditSpec()): Map<string, Json> {
  const platform = modelOf(raw);
  const app: App = Testing.app();
  const backend = backendFor(platform.cloud);
  return new Map(
    platform.accounts.map((account) => {
      const stack = new AccountStack(app, { platform, account, backend, options: {} });
      return [account.account, JSON.parse(Testing.synth(stack)) as Json];
    }),
  );
}

/** The audit stack of one account. */
export function auditStack(account = '111111111111', raw: unknown = auditSpec()): Json {
  const stack = synthAudit(raw).get(account);
  if (!stack) throw new Error(`no audit stack for ${account}`);
  return stack;
}

/** Configs of every resource of a type. */
export function resourcesOf(stack: Json, type: string): Json[] {
  return Object.values(stack.resource?.[type] ?? {});
}

/** The one resource of a type; fails when there are none or several. */
export function onlyOf(stack: Json, type: string): Json {
  const all = resourcesOf(stack, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** The `${type.name...}` reference prefix of the one resource of a type. */
export function refOf(stack: Json, type: string): string {
  const names = Object.keys(stack.resource?.[type] ?? {});
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return `\${${type}.${names[0]}`;
}

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Json | string;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export function statementsOf(policyJson: string): Statement[] {
  return (JSON.parse(policyJson) as { Statement: Statement[] }).Statement;
}

export const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export const TRAIL_ARN_111 = 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/shop-audit-111111111111';
