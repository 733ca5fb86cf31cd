/**
 * The spec's `tags` as Google Cloud labels. Labels are stricter than AWS tags: keys and values
 * are at most 63 lowercase letters, digits, `_` and `-`, and keys start with a letter. A tag key
 * is written in kebab case (`ManagedBy` -> `managed-by`, `cost-center` stays) and a value in
 * lowercase; a tag that still does not fit is refused at load by `labelProblems`, never dropped.
 */

const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

/** `ManagedBy` -> `managed-by`, `Environment` -> `environment`, `cost-center` -> `cost-center`. */
export function labelKey(tagKey: string): string {
  return tagKey.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** `Secrets-Platform-Kit` -> `secrets-platform-kit`. */
export function labelValue(tagValue: string): string {
  return tagValue.toLowerCase();
}

/** Every tag as a label. Call only on tags `labelProblems` accepted. */
export function labelsOf(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags)
      .map(([k, v]) => [labelKey(k), labelValue(v)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/** Why a tag cannot be a label, one message per tag, keyed by the tag key; empty when all fit. */
export function labelProblems(tags: Readonly<Record<string, string>>): Map<string, string> {
  const problems = new Map<string, string>();
  const seen = new Map<string, string>();
  for (const [key, value] of Object.entries(tags)) {
    const k = labelKey(key);
    const v = labelValue(value);
    if (!LABEL_KEY.test(k)) {
      problems.set(key, `the tag key becomes the label key ${JSON.stringify(k)}, which GCP refuses: label keys are 1 to 63 lowercase letters, digits, \`_\` and \`-\`, starting with a letter`);
    } else if (!LABEL_VALUE.test(v)) {
      problems.set(key, `the value becomes the label value ${JSON.stringify(v)}, which GCP refuses: label values are at most 63 lowercase letters, digits, \`_\` and \`-\``);
    } else if (seen.has(k)) {
      problems.set(key, `the tags \`${seen.get(k)}\` and \`${key}\` both become the label key \`${k}\`; rename one`);
    }
    seen.set(k, key);
  }
  return problems;
}
