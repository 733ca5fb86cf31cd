import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { renderSchema } from '../../scripts/write-schema';

const ROOT = path.resolve(__dirname, '..', '..');

describe('published JSON Schema', () => {
  const published = fs.readFileSync(path.join(ROOT, 'platform.schema.json'), 'utf8');

  it('is generated from the validator schema (run `npm run schema` after changing lib/core/schema.ts)', () => {
    expect(published).toBe(renderSchema());
  });

  it('accepts the example spec and rejects a typo, as the validator does', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(published));
    const example = parse(fs.readFileSync(path.join(ROOT, 'platform.yaml'), 'utf8'));
    expect(validate(example)).toBe(true);
    expect(validate({ ...example, secrtes: {} })).toBe(false);
    expect(validate({ ...example, project: 'Not A Slug' })).toBe(false);
  });

  it('has a branch per cloud, chosen by `cloud`: an AWS-only key fails a Google Cloud spec', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(published));
    const gcp = {
      project: 'shop',
      cloud: 'gcp',
      regions: { primary: 'europe-west1', replicas: ['us-central1'] },
      environments: { dev: { account: 'shop-dev-123' } },
      secrets: { 'db/password': { rotation: { every: '30d' } } },
    };
    expect(validate(gcp)).toBe(true);
    expect(validate({ ...gcp, environments: { dev: { account: 'shop-dev-123', assumeRoleArn: 'arn:aws:iam::111111111111:role/x' } } })).toBe(false);
    expect(validate({ ...gcp, cloud: 'aws' })).toBe(false);
    expect(validate({ ...gcp, cloud: 'azure' })).toBe(false);
  });
});
