import { SECURE_PLACEHOLDER } from '../ssm-parameter';
import { Config, block, isExpression, isLiteralString, isObject, isSet, stringsIn } from '../../guardrails/config';
import { ResourceView, Rule, verdict } from '../../guardrails/rule';

/**
 * Literals a write-only attribute may carry: the kit's published placeholder for a secure
 * parameter whose value is written out of band. It says where the value comes from and is the
 * same everywhere, so it reveals nothing.
 */
export const ACCEPTED_PLACEHOLDERS: ReadonlySet<string> = new Set([SECURE_PLACEHOLDER]);

function isSecretLiteral(value: unknown): value is string {
  return isLiteralString(value) && !ACCEPTED_PLACEHOLDERS.has(value);
}

/**
 * Credentials recognisable by their shape alone (the fixed prefixes their issuers publish), so
 * a match is a leak, not a guess about entropy.
 */
export const CREDENTIAL_FORMATS: ReadonlyArray<{ readonly name: string; readonly pattern: RegExp }> = [
  { name: 'an AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a PEM private key', pattern: /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/ },
  { name: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'a Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { name: 'a Stripe secret key', pattern: /\b(sk|rk)_(live|test)_[A-Za-z0-9]{16,}\b/ },
  { name: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { name: 'a URL with a password', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
];

/**
 * A literal part every format above needs (`AKIA`, `-----BEGIN`, `eyJ`, `://`, ...): strings
 * without one are skipped without trying each format.
 */
const ANY_FORMAT_HINT = /AKIA|ASIA|-----BEGIN |gh[pousr]_|xox[abprs]-|[sr]k_(live|test)_|eyJ|:\/\//;

/** Names that announce a secret: `DB_PASSWORD`, `api-key`, `webhook-secret`, `AUTH_TOKEN`. */
export const SECRET_NAME = /(^|[-_.\s/])(pass(word|wd|phrase)?|pwd|secret|token|api[-_]?key|private[-_]?key|access[-_]?key|credentials?)$/i;

/** Values that cannot be a credential even under a secret-sounding name. */
function isHarmless(value: string): boolean {
  return (
    value.length < 8 ||
    /^(true|false|yes|no|none|null|enabled|disabled)$/i.test(value) ||
    /^\d+$/.test(value) ||
    value.startsWith('arn:') ||
    value.startsWith('/') ||
    // A secret or parameter name such as `acme-payments/dev/db/password`.
    /^[A-Za-z0-9_.+=@-]+(\/[A-Za-z0-9_.+=@-]+)+$/.test(value) ||
    /^https?:\/\/[^@]*$/.test(value)
  );
}

export const noSecretLiteral: Rule = {
  id: 'KIT-NO-SECRET-LITERAL',
  description:
    'No secret value appears in the synthesized configuration: secret versions and SecureString parameters are ' +
    'written only through write-only attributes fed by ephemeral values, and no variable, tag, output or ' +
    'parameter holds a literal credential.',
  why:
    'The synthesized configuration, the plan and the Terraform state are read by CI logs, reviewers and backups; ' +
    'a value that reaches any of them is no longer secret and must be rotated.',
  fix:
    'Let the platform generate the value (`type: generated`), write it out of band (`type: external`, ' +
    '`secure: true`), or pass a reference (a secret ARN or parameter name) instead of the value.',
  checkov: ['CKV_AWS_45'],
  check(resource) {
    return verdict([...structuralProblems(resource), ...namedLiterals(resource), ...credentialFormats(resource)]);
  },
};

function structuralProblems(r: ResourceView): string[] {
  if (r.kind !== 'resource') return [];
  const c = r.config;
  if (r.type === 'aws_secretsmanager_secret_version') {
    const problems = ['secret_string', 'secret_binary']
      .filter((a) => isSet(c[a]))
      .map((a) => `\`${a}\` is set, so the value is stored in the Terraform state; use \`secret_string_wo\` with an ephemeral value`);
    if (isSecretLiteral(c.secret_string_wo)) problems.push('`secret_string_wo` is a literal written into the configuration');
    return problems;
  }
  if (r.type === 'aws_ssm_parameter') {
    if (c.type === 'SecureString') {
      const problems = ['value', 'insecure_value']
        .filter((a) => isSet(c[a]))
        .map((a) => `SecureString with \`${a}\` set, so the value is stored in the Terraform state; use \`value_wo\` with an ephemeral value`);
      if (isSecretLiteral(c.value_wo)) problems.push('`value_wo` is a literal written into the configuration');
      return problems;
    }
    const name = typeof c.name === 'string' ? c.name.split('/').pop() ?? '' : '';
    const value = c.value ?? c.insecure_value;
    if (SECRET_NAME.test(name) && isLiteralString(value) && !isHarmless(value)) {
      return [`plain ${String(c.type ?? 'String')} parameter named like a secret holds a literal value; make it \`secure: true\``];
    }
  }
  return [];
}

/** Literal values under secret-sounding names: Lambda variables, tags, outputs. */
function namedLiterals(r: ResourceView): string[] {
  const named: Array<[string, Config]> = [];
  if (r.type === 'aws_lambda_function') named.push(['environment variable', block(block(r.config, 'environment'), 'variables')]);
  for (const tags of ['tags', 'tags_all']) if (isObject(r.config[tags])) named.push(['tag', r.config[tags] as Config]);
  if (r.kind === 'provider') named.push(['default tag', block(block(r.config, 'default_tags'), 'tags')]);
  if (r.kind === 'output') named.push(['output', { [r.name]: r.config.value }]);
  return named.flatMap(([what, map]) =>
    Object.entries(map)
      .filter(([key, value]) => SECRET_NAME.test(key) && isLiteralString(value) && !isHarmless(value))
      .map(([key]) => `${what} \`${key}\` holds a literal value`),
  );
}

function credentialFormats(r: ResourceView): string[] {
  const problems: string[] = [];
  for (const { at, value } of stringsIn(r.config)) {
    const literal = isExpression(value) ? value.replace(/\$\{[^}]*\}/g, '') : value;
    if (!ANY_FORMAT_HINT.test(literal)) continue;
    const found = CREDENTIAL_FORMATS.find((f) => f.pattern.test(literal));
    if (found) problems.push(`\`${at}\` contains ${found.name}`);
  }
  return problems;
}
