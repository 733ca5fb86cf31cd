/**
 * Writes `platform.schema.json`, the JSON Schema editors use to complete and check a spec:
 * one branch per cloud this build knows (discriminated on `cloud`), generated from the same
 * zod schemas as the validator; a test fails when it is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BACKENDS, DEFAULT_CLOUD, UNAVAILABLE } from '../lib/backends';
import { schemaOf } from '../lib/core/loader';
import { platformJsonSchema } from '../lib/core/schema';

export const SCHEMA_FILE = path.resolve(__dirname, '..', '..', 'platform.schema.json');

export function renderSchema(): string {
  const fragments = [...Object.values(BACKENDS).map((b) => b.spec), ...Object.values(UNAVAILABLE)];
  return `${JSON.stringify(
    {
      title: 'Secrets platform spec',
      ...platformJsonSchema(fragments.map((f) => schemaOf(f, DEFAULT_CLOUD))),
    },
    null,
    2,
  )}\n`;
}

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, renderSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
