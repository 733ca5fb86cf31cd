/**
 * CDKTF 0.21 adds a Terraform version check to every stack that has `moved` blocks (and to
 * every HCP Terraform backend), and runs it by spawning `terraform version` once per stack on
 * every synth: about 80 ms each, most of the example's synth time, and a synth that fails on a
 * machine without Terraform although nothing at synth runs it.
 *
 * Every stack the kit writes declares `terraform.required_version` (`TERRAFORM_REQUIRED_VERSION`,
 * 1.11 or later), and Terraform refuses a configuration whose `required_version` it does not
 * meet before it reads any `moved` or `cloud` block. So a CDKTF check asking for an older
 * Terraform than that (">=1.5" for moved blocks, ">=1.1" for the cloud block) is already
 * enforced where it matters, by the binary that plans; it passes here without spawning one. Any
 * other check runs once per synthesis, and every stack gets its verdict; a missing or old
 * binary still fails it exactly as before. Delete this file when CDKTF checks the binary once.
 */
import { ValidateBinaryVersion } from 'cdktf/lib/validations/validate-binary-version';
import { ValidateTerraformVersion } from 'cdktf/lib/validations/validate-terraform-version';
import { TERRAFORM_REQUIRED_VERSION } from '../stacks/state';

interface CheckFields {
  readonly versionCommand: string;
  readonly versionConstraint: string;
  readonly hint?: string;
}

/** `[1, 11]` from `>= 1.11` or `>=1.11.0`; undefined for any other form of constraint. */
function lowerBound(constraint: string): number[] | undefined {
  const match = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(constraint.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

/** True when every version meeting `required` also meets `constraint`. */
export function impliedBy(constraint: string, required: string = TERRAFORM_REQUIRED_VERSION): boolean {
  const [asked, floor] = [lowerBound(constraint), lowerBound(required)];
  if (!asked || !floor) return false;
  for (let i = 0; i < 3; i++) if (asked[i] !== floor[i]) return asked[i] < floor[i];
  return true;
}

export function withBinaryVersionsCheckedOnce<T>(run: () => T): T {
  const prototype = ValidateBinaryVersion.prototype;
  const validate = prototype.validate;
  const verdicts = new Map<string, string[]>();
  prototype.validate = function (this: ValidateBinaryVersion): string[] {
    // The fields are protected in the typings; they are what makes two checks the same check.
    const { versionCommand, versionConstraint, hint } = this as unknown as CheckFields;
    if (this instanceof ValidateTerraformVersion && impliedBy(versionConstraint)) return [];
    const key = JSON.stringify([versionCommand, versionConstraint, hint]);
    let verdict = verdicts.get(key);
    if (!verdict) {
      verdict = validate.call(this);
      verdicts.set(key, verdict);
    }
    return [...verdict];
  };
  try {
    return run();
  } finally {
    prototype.validate = validate;
  }
}
