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
});
