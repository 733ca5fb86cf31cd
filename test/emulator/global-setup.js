// Rung 6 builds the kit once, before any suite starts, so suites that run side by side all
// deploy the same `dist/` and none rewrites it while another one synthesizes from it.
'use strict';
const { buildKit } = require('../../scripts/lib/cdktf');

module.exports = async function globalSetup() {
  delete process.env.KIT_DIST_BUILT;
  await buildKit();
  // Workers start after this and inherit the variable: their buildKit() calls return at once.
  process.env.KIT_DIST_BUILT = '1';
};
