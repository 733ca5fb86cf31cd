#!/usr/bin/env node
// Transpiles the kit to dist/ with esbuild (types are checked separately by `npm run typecheck`).
// One file in, one file out, same layout: synth runs plain JavaScript, no ts-node.
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const outdir = path.join(root, 'dist');

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const entryPoints = [path.join(root, 'main.ts'), ...['lib', 'stacks', 'scripts'].flatMap((d) => walk(path.join(root, d)))];

esbuild.buildSync({
  entryPoints,
  outdir,
  outbase: root,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
});

// Extra build steps (e.g. bundling a Lambda handler) register themselves as hooks.
const hooks = path.join(root, 'scripts', 'build-hooks');
if (fs.existsSync(hooks)) {
  for (const hook of fs.readdirSync(hooks).filter((f) => f.endsWith('.js')).sort()) {
    require(path.join(hooks, hook))({ root, outdir });
  }
}
