/** GCS remote state: one prefix per stack, impersonation and CMEK passed through, no lock setting needed. */
import { Testing, TerraformStack } from 'cdktf';
import { configureGcsState } from '../../lib/gcp/state';

describe('GCS state', () => {
  it('writes each stack under {prefix}{project}/{stateKey}', () => {
    const stack = new TerraformStack(Testing.app(), 'acme-payments-prod');
    configureGcsState(stack, {
      bucket: 'acme-tf-state',
      prefix: 'platform/',
      project: 'acme-payments',
      stateKey: 'prod',
      impersonateServiceAccount: 'state@acme-tools.iam.gserviceaccount.com',
      kmsEncryptionKey: 'projects/acme-tools/locations/europe-west1/keyRings/state/cryptoKeys/state',
    });
    expect(JSON.parse(Testing.synth(stack)).terraform.backend).toEqual({
      gcs: {
        bucket: 'acme-tf-state',
        prefix: 'platform/acme-payments/prod',
        impersonate_service_account: 'state@acme-tools.iam.gserviceaccount.com',
        kms_encryption_key: 'projects/acme-tools/locations/europe-west1/keyRings/state/cryptoKeys/state',
      },
    });
  });
});
