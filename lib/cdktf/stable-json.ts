/**
 * The text CDKTF 0.21 writes for a stack (`json-stable-stringify` with `space: 2`: keys sorted,
 * two-space indentation, an empty object or list opened and closed on two lines), produced by
 * the engine's own `JSON.stringify`. json-stable-stringify builds every object's text from its
 * children's and joins them level by level, so a large stack's output is copied once per level
 * of nesting and most of those copies outlive a young-generation collection; here the engine
 * writes the text once.
 *
 * Two things `JSON.stringify` would write differently are handled: empty objects and lists (a
 * marker string, expanded afterwards), and integer-like keys, which JavaScript enumerates before
 * the others whatever order they are inserted in. A document with such a key, or with a NUL
 * character anywhere (it could spell the marker), is written by `stableJsonSlow`, a direct port
 * of json-stable-stringify; `test/cdktf/stable-json.test.ts` holds both to the original.
 */

const EMPTY_OBJECT = '\u0000{}';
const EMPTY_LIST = '\u0000[]';
/** A marker as JSON.stringify escapes it, alone as a value on its line. */
const MARKER_LINE = /^( *)(.*)"\\u0000(\{\}|\[\])"(,?)$/gm;
/** Keys JavaScript orders as array indexes: 0 to 2^32 - 2 without leading zeros. */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;

export function stableJson(value: unknown): string {
  let exact = true;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'string') {
        if (v.includes('\u0000')) exact = false;
        return v;
      }
      if (v === null || typeof v !== 'object') return v;
      if (Array.isArray(v)) return v.length === 0 ? EMPTY_LIST : v;
      const keys = Object.keys(v);
      if (keys.length === 0) return EMPTY_OBJECT;
      keys.sort();
      const sorted: Record<string, unknown> = {};
      for (const key of keys) {
        if (INDEX_KEY.test(key) || key.includes('\u0000')) exact = false;
        sorted[key] = (v as Record<string, unknown>)[key];
      }
      return sorted;
    },
    2,
  );
  if (!exact) return stableJsonSlow(value);
  if (text === undefined) return text as unknown as string;
  return text.replace(MARKER_LINE, (_, indent: string, before: string, brackets: string, comma: string) => `${indent}${before}${brackets[0]}\n${indent}${brackets[1]}${comma}`);
}

/** json-stable-stringify 1.x with `{ space: 2 }`, as CDKTF calls it (no cycles, no comparator). */
export function stableJsonSlow(value: unknown): string {
  const space = '  ';
  const write = (node: unknown, level: number): string | undefined => {
    const indent = `\n${space.repeat(level)}`;
    if (node && typeof (node as { toJSON?: unknown }).toJSON === 'function') node = (node as { toJSON: () => unknown }).toJSON();
    if (node === undefined) return undefined;
    if (typeof node !== 'object' || node === null) return JSON.stringify(node);
    const out: string[] = [];
    if (Array.isArray(node)) {
      for (const item of node) out.push(indent + space + (write(item, level + 1) || JSON.stringify(null)));
      return `[${out.join(',')}${indent}]`;
    }
    for (const key of Object.keys(node).sort()) {
      const text = write((node as Record<string, unknown>)[key], level + 1);
      if (!text) continue;
      out.push(`${indent}${space}${JSON.stringify(key)}: ${text}`);
    }
    return `{${out.join(',')}${indent}}`;
  };
  return write(value, 0) as string;
}
