/**
 * The text CDKTF 0.21 writes for a stack (`json-stable-stringify` with `space: 2`: keys sorted,
 * two-space indentation, an empty object or list opened and closed on two lines), produced by
 * the engine's own `JSON.stringify`. json-stable-stringify builds every object's text from its
 * children's and joins them level by level, so a large stack's output is copied once per level
 * of nesting and most of those copies outlive a young-generation collection; here the engine
 * writes the text once.
 *
 * The document is copied with its keys sorted, then written by `JSON.stringify`. Two things it
 * would write differently are handled: empty objects and lists (a marker string, expanded
 * afterwards), and integer-like keys, which JavaScript enumerates before the others whatever
 * order they are inserted in. A document with such a key, or with a NUL character anywhere (it
 * could spell the marker), is written by `stableJsonSlow`, a direct port of
 * json-stable-stringify; `test/cdktf/stable-json.test.ts` holds both to the original.
 */

const EMPTY_OBJECT = '\u0000{}';
const EMPTY_LIST = '\u0000[]';
/** A marker as JSON.stringify writes it (a NUL is always escaped), quotes included. */
const MARKER_TEXT = '"\\u0000';
/** Keys JavaScript orders as array indexes: 0 to 2^32 - 2 without leading zeros. */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;

export function stableJson(value: unknown): string {
  const state = { markers: 0, exact: true };
  const text = JSON.stringify(sortedCopy(value, state), null, 2);
  if (text === undefined) return text as unknown as string;
  // Every NUL in the text is escaped, so any beyond the markers comes from the document itself.
  const nuls = occurrences(text, '\\u0000');
  if (!state.exact || nuls !== state.markers) return stableJsonSlow(value);
  return state.markers === 0 ? text : expandMarkers(text);
}

/** A copy with every object's keys in sorted order, and empty objects and lists as markers. */
function sortedCopy(value: unknown, state: { markers: number; exact: boolean }): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return sortedCopy((value as { toJSON: () => unknown }).toJSON(), state);
  if (Array.isArray(value)) {
    if (value.length === 0) {
      state.markers++;
      return EMPTY_LIST;
    }
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = sortedCopy(value[i], state);
    return out;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) {
    state.markers++;
    return EMPTY_OBJECT;
  }
  keys.sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const code = key.charCodeAt(0);
    if (code >= 48 && code <= 57 && INDEX_KEY.test(key)) state.exact = false;
    const item = sortedCopy((value as Record<string, unknown>)[key], state);
    // An assignment to `__proto__` would set the copy's prototype, not a key.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}

function occurrences(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + part.length)) count++;
  return count;
}

/** Each marker, alone as a value on its line, becomes the two lines json-stable-stringify writes. */
function expandMarkers(text: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let at = text.indexOf(MARKER_TEXT); at !== -1; at = text.indexOf(MARKER_TEXT, at + 1)) {
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const indent = /^ */.exec(text.slice(lineStart, at))![0];
    const brackets = text.slice(at + MARKER_TEXT.length, at + MARKER_TEXT.length + 2);
    parts.push(text.slice(from, at), `${brackets[0]}\n${indent}${brackets[1]}`);
    from = at + MARKER_TEXT.length + 3; // the marker's brackets and closing quote
  }
  parts.push(text.slice(from));
  return parts.join('');
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
