// Parses Mermaid diagrams with Mermaid's own parser. Mermaid is ESM and sanitizes labels with
// DOMPurify, which needs a DOM: jsdom provides one. Reads a JSON array of diagram texts on
// stdin and prints one result per diagram: `{ ok, type }` or `{ ok: false, error }`.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(text);
    results.push({ ok: true, type: parsed.diagramType });
  } catch (e) {
    results.push({ ok: false, error: String(e.message ?? e) });
  }
}
process.stdout.write(JSON.stringify(results));
