/**
 * CDKTF 0.21 adds a Terraform version check to every stack that has `moved` blocks, and runs
 * it by spawning `terraform version` once per stack on every synth: about 80 ms each, most of
 * the example's synth time. This wraps the one place the kit synthesizes, so each distinct
 * check (command, constraint, hint) runs once per synthesis and every stack gets its verdict;
 * a missing or old binary still fails the synth exactly as before. Delete this file when CDKTF
 * checks the binary once.
 */
import { ValidateBinaryVersion } from 'cdktf/lib/validations/validate-binary-version';

interface CheckFields {
  readonly versionCommand: string;
  readonly versionConstraint: string;
  readonly hint?: string;
}

export function withBinaryVersionsCheckedOnce<T>(run: () => T): T {
  const prototype = ValidateBinaryVersion.prototype;
  const validate = prototype.validate;
  const verdicts = new Map<string, string[]>();
  prototype.validate = function (this: ValidateBinaryVersion): string[] {
    // The fields are protected in the typings; they are what makes two checks the same check.
    const { versionCommand, versionConstraint, hint } = this as unknown as CheckFields;
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
