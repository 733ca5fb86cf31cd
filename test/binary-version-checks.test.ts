import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ValidateBinaryVersion } from 'cdktf/lib/validations/validate-binary-version';
import { ValidateTerraformVersion } from 'cdktf/lib/validations/validate-terraform-version';
import { synthesize } from '../lib/app';
import { impliedBy, withBinaryVersionsCheckedOnce } from '../lib/binary-version-checks';
import { TERRAFORM_REQUIRED_VERSION } from '../stacks/state';

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

  test('a synthesis needs no Terraform binary: the moved-block check is implied by every stack\'s required_version', () => {
    const spawned = jest.spyOn(ValidateBinaryVersion.prototype, 'validate');
    const pathBefore = process.env.PATH;
    process.env.PATH = work; // an empty folder: no terraform to find
    try {
      const result = synthesize({ specPath: path.join(ROOT, 'platform.yaml'), outdir: path.join(work, 'cdktf.out') });
      expect(result.stacks.length).toBeGreaterThan(1);
    } finally {
      process.env.PATH = pathBefore;
    }
    // The stacks carry moved blocks, so CDKTF asked; the kit answered without running its check.
    expect(spawned).not.toHaveBeenCalled();
    const stack = JSON.parse(fs.readFileSync(path.join(work, 'cdktf.out', 'stacks', result0(work), 'cdk.tf.json'), 'utf8'));
    expect(stack.moved?.length ?? 0).toBeGreaterThan(0);
    expect(stack.terraform.required_version).toBe(TERRAFORM_REQUIRED_VERSION);
  });

  test.each([
    ['>=1.5', true],
    ['>=1.1', true],
    ['>= 1.11', true],
    ['>=1.11.0', true],
    ['>=1.11.1', false],
    ['>=1.12', false],
    ['>=2.0', false],
    ['~>1.5', false],
    ['1.5', false],
  ])('`%s` is implied by `>= 1.11`: %s', (constraint, implied) => {
    expect(impliedBy(constraint, '>= 1.11')).toBe(implied);
  });

  test('a check the stacks do not imply still runs, once, and every caller gets its verdict', () => {
    const validate = ValidateBinaryVersion.prototype.validate;
    const newer = new ValidateTerraformVersion('>=99.0', 'needs a Terraform from the future');
    const missing = new ValidateBinaryVersion('no-such-binary', '>=1.0.0', 'no-such-binary-kit-test version');
    const spawned = jest.spyOn(ValidateBinaryVersion.prototype, 'validate');
    const [first, second, third] = withBinaryVersionsCheckedOnce(() => [missing.validate(), missing.validate(), newer.validate()]);
    expect(first).toEqual([expect.stringMatching(/^Could not determine version of no-such-binary/)]);
    expect(second).toEqual(first);
    expect(third).toHaveLength(1); // Terraform is too old, or not installed: either way a failure
    expect(spawned).toHaveBeenCalledTimes(2);
    jest.restoreAllMocks();
    expect(ValidateBinaryVersion.prototype.validate).toBe(validate);
  });
});

/** The name of one environment stack of the example, which carries moved blocks. */
function result0(work: string): string {
  return fs.readdirSync(path.join(work, 'cdktf.out', 'stacks')).find((s) => !s.includes('-audit-'))!;
}
