import * as path from 'path';
import { awsModel } from '../../lib/aws/model';
import { loadPlatform } from '../../lib/app';
import { CLOUDS } from '../../lib/backends';
import { loadPlatformObject } from '../../lib/core/loader';
import { accessMatrix, renderAccessMatrix } from '../../lib/report/access-matrix';
import { baseSpec } from '../core/fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const example = awsModel(loadPlatform(path.join(ROOT, 'platform.yaml')).model);
const envOf = (name: string) => example.environments.find((e) => e.name === name)!;

/** What platform.yaml declares, written out by hand: function -> values -> regions it runs in. */
const DECLARED = [
  'payments-api secret auth/signing-key eu-west-1,us-east-1',
  'payments-api secret db/password eu-west-1,us-east-1',
  'payments-api parameter app/feature-flags eu-west-1,us-east-1',
  'payments-api parameter app/log-level eu-west-1,us-east-1',
  'payments-api parameter db/host eu-west-1,us-east-1',
  'payments-api parameter db/port eu-west-1,us-east-1',
  'token-issuer secret auth/signing-key eu-west-1',
  'token-issuer parameter app/log-level eu-west-1',
  'webhook-handler secret stripe/api-key eu-west-1',
  'webhook-handler parameter app/log-level eu-west-1',
  'webhook-handler parameter stripe/webhook-secret eu-west-1',
];

describe('access matrix of the example', () => {
  it.each(['dev', 'staging', 'prod'])('%s: equals the declared access, nothing more, nothing less', (name) => {
    const rows = accessMatrix(envOf(name)).map((e) => `${e.function} ${e.kind} ${e.path} ${e.reads.map((r) => r.region).join(',')}`);
    expect(rows).toEqual(DECLARED);
  });

  it('every read in the example is local: each secret has a replica wherever a reader runs', () => {
    const reads = accessMatrix(envOf('prod')).flatMap((e) => e.reads);
    expect(reads.every((r) => r.readsFrom === r.region)).toBe(true);
  });

  it('carries the full names from the model', () => {
    const row = accessMatrix(envOf('prod')).find((e) => e.function === 'payments-api' && e.path === 'db/password')!;
    expect(row.name).toBe('acme-payments/prod/db/password');
    const param = accessMatrix(envOf('prod')).find((e) => e.path === 'db/host')!;
    expect(param.name).toBe('/acme-payments/prod/db/host');
  });
});

describe('cross-region reads', () => {
  it('a function in a region without a replica reads the primary copy', () => {
    const spec = baseSpec();
    spec.secrets!['db/password'].replicate = false;
    const env = awsModel(loadPlatformObject(spec, 'spec.yaml', CLOUDS).model).environments[0];
    const row = accessMatrix(env).find((e) => e.function === 'api' && e.path === 'db/password')!;
    expect(row.reads).toEqual([
      { region: 'eu-west-1', readsFrom: 'eu-west-1' },
      { region: 'us-east-1', readsFrom: 'eu-west-1' },
    ]);
    expect(renderAccessMatrix([row], env.regions)).toContain('| api | secret | `db/password` | local | from eu-west-1 |');
  });
});
