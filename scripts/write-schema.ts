/**
 * Writes `platform.schema.json`, the JSON Schema editors use to complete and check a spec.
 * Generated from the same zod schema as the validator; a test fails when it is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { platformJsonSchema } from '../lib/core/schema';

export const SCHEMA_FILE = path.resolve(__dirname, '..', '..', 'platform.schema.json');

export function renderSchema(): string {
  return `${JSON.stringify(
    {
      title: 'Secrets platform spec',
      ...platformJsonSchema(),
    },
    null,
    2,
  )}\n`;
}

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, renderSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
