/**
 * Strings in Terraform JSON are templates: a `${` or `%{` that comes from the spec (a value, a
 * description, an excluded character list) would be read as an interpolation or a directive.
 * `literal` escapes both, so Terraform sees exactly the characters the spec holds.
 */
export function literal(value: string): string {
  return value.replace(/([$%])\{/g, (_, sigil: string) => `${sigil}${sigil}{`);
}

/** `literal` for optional strings. */
export function optionalLiteral(value: string | undefined): string | undefined {
  return value === undefined ? undefined : literal(value);
}
