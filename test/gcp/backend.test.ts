/**
 * The GCP backend through the seam: what it hands back of what it built (handles the report and
 * guardrails read), its GCS remote state, and no local mode.
 */
import { Testing } from 'cdktf';
import { buildStacks } from '../../lib/app';
import type { SecretsBackend } from '../../lib/core/backend';
import { gcpBackend } from '../../lib/gcp/backend';
import { gcpExampleSpec, loadGcp } from './support/gcp-spec';

describe('the GCP backend', () => {
  it('hands back, per environment, the key and every secret in each location, and each identity', () => {
    const model = loadGcp(gcpExampleSpec());
    const built = buildStacks(Testing.app(), model);
    const prod = built.environments.find((s) => s.node.id === 'acme-payments-prod')!.handles;
    expect(prod.keys.map((k) => [k.name, k.region])).toEqual([
      ['acme-payments-prod/secrets', 'europe-west1'],
      ['acme-payments-prod/secrets', 'europe-west3'],
      ['acme-payments-prod/secrets', 'us-east1'],
    ]);
    expect(prod.secrets.get('db/password')!.map((h) => [h.name, h.region])).toEqual([
      ['acme-payments_prod_db__password', 'europe-west1'],
      ['acme-payments_prod_db__password', 'europe-west3'],
      ['acme-payments_prod_db__password', 'us-east1'],
    ]);
    expect(prod.parameters.get('db/host')!.map((h) => h.region)).toEqual(['europe-west1', 'europe-west3', 'us-east1']);
    expect([...prod.functionIdentities.keys()].sort()).toEqual(['payments-api', 'token-issuer', 'webhook-handler']);
    expect(prod.functionIdentities.get('token-issuer')!.name).toBe('acme-payments-prod-token-issuer');
    expect([...prod.syncIdentities.keys()]).toEqual(['doppler']);
    for (const a of built.accounts) expect(a.handles.auditKey).toMatchObject({ name: 'acme-payments-audit/logs', region: 'europe-west1' });
  });

  it('keeps remote state in GCS, one prefix per stack', () => {
    const spec = gcpExampleSpec();
    spec.backend = { type: 'gcs', bucket: 'acme-tf-state', prefix: 'platform/' };
    const built = buildStacks(Testing.app(), loadGcp(spec));
    const prod = JSON.parse(Testing.synth(built.environments.find((s) => s.node.id === 'acme-payments-prod')!));
    expect(prod.terraform.backend).toEqual({ gcs: { bucket: 'acme-tf-state', prefix: 'platform/acme-payments/prod' } });
    const audit = JSON.parse(Testing.synth(built.accounts.find((s) => s.node.id === 'acme-payments-audit-acme-payments-prod')!));
    expect(audit.terraform.backend.gcs.prefix).toBe('platform/acme-payments/audit-acme-payments-prod');
  });

  it('refuses S3 state on GCP', () => {
    const spec = gcpExampleSpec();
    spec.backend = { type: 's3', bucket: 'x-state', region: 'eu-west-1' };
    expect(() => loadGcp(spec)).toThrow(/backend/);
  });

  it('has no local mode: an AWS endpoint variable changes nothing', () => {
    const backend: SecretsBackend = gcpBackend;
    expect(backend.localEndpoint({ AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' })).toBeUndefined();
  });
});
