// The AWS cost estimate reads its price list as JSON beside its module; esbuild transpiles only .ts.
'use strict';
const fs = require('fs');
const path = require('path');

module.exports = ({ root, outdir }) => {
  const from = path.join(root, 'lib', 'aws', 'pricing.json');
  const to = path.join(outdir, 'lib', 'aws', 'pricing.json');
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
};
