/** The worked example's audit stack as a reviewer reads it: any change to it shows here. */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { synthAudit } from './audit-fixtures';

it('acme-payments-audit-111111111111 (dev account) of platform.yaml', () => {
  const example = parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'platform.yaml'), 'utf8'));
  expect(synthAudit(example).get('111111111111')).toMatchSnapshot();
});
