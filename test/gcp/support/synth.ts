/** Synthesizes GCP constructs alone, from a plan, for tests that assert on the Terraform JSON. */
import { Testing, TerraformStack } from 'cdktf';
import { GcpAccount } from '../../../lib/gcp/account';
import { GcpEnvironment } from '../../../lib/gcp/environment';
import type { GcpAuditPlan, GcpEnvironmentPlan } from '../../../lib/gcp/plan';

export type Json = Record<string, any>;

export function synthEnvironment(plan: GcpEnvironmentPlan): { json: Json; root: GcpEnvironment } {
  const app = Testing.app();
  const stack = new TerraformStack(app, `${plan.project}-${plan.env}`);
  const root = new GcpEnvironment(stack, 'gcp', { plan });
  return { json: JSON.parse(Testing.synth(stack)) as Json, root };
}

export function synthAudit(plan: GcpAuditPlan): { json: Json; root: GcpAccount } {
  const app = Testing.app();
  const stack = new TerraformStack(app, `${plan.project}-audit-${plan.gcpProject}`);
  const root = new GcpAccount(stack, 'gcp', { plan });
  return { json: JSON.parse(Testing.synth(stack)) as Json, root };
}

/** The resources of one type, by address (`{}` when there are none). */
export function resourcesOf(json: Json, type: string): Record<string, Json> {
  return json.resource?.[type] ?? {};
}
