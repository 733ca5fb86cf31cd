import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ValidateBinaryVersion } from 'cdktf/lib/validations/validate-binary-version';
import { synthesize } from '../lib/app';
import { withBinaryVersionsCheckedOnce } from '../lib/binary-version-checks';

const ROOT = path.resolve(__dirname, '..');

describe('binary version checks', () => {
  let work: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-version-checks-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('a synthesis asks the Terraform binary for its version once, not once per stack with moved blocks', () => {
    // Each call of CDKTF's own check spawns `terraform version`.
    const spawned = jest.spyOn(ValidateBinaryVersion.prototype, 'validate');
    const result = synthesize({ specPath: path.join(ROOT, 'platform.yaml'), outdir: path.join(work, 'cdktf.out') });
    expect(result.stacks.length).toBeGreaterThan(1);
    expect(spawned).toHaveBeenCalledTimes(1);
    expect(spawned.mock.results[0]).toEqual({ type: 'return', value: [] });
  });

  test('every check still gets the verdict, a failing one included, and the original check is restored', () => {
    const validate = ValidateBinaryVersion.prototype.validate;
    const missing = new ValidateBinaryVersion('no-such-binary', '>=1.0.0', 'no-such-binary-kit-test version');
    const [first, second] = withBinaryVersionsCheckedOnce(() => [missing.validate(), missing.validate()]);
    expect(first).toEqual([expect.stringMatching(/^Could not determine version of no-such-binary/)]);
    expect(second).toEqual(first);
    expect(ValidateBinaryVersion.prototype.validate).toBe(validate);
  });
});
