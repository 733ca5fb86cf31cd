// checkov skips for GCP stacks, derived from what each stack's configuration says (which is what
// the spec's model made it), never from one example's addresses: a skip applies to a resource
// only while the fact that justifies it holds for that resource. A protected environment's key,
// for example, is never skipped for CKV_GCP_82, because it carries prevent_destroy.
'use strict';
const fs = require('fs');
const path = require('path');

/** One rule per check: which resources it covers, and the reason a reviewer reads. */
const RULES = [
  {
    id: 'CKV_GCP_82',
    type: 'google_kms_crypto_key',
    applies: (r) => !(r.lifecycle && r.lifecycle.prevent_destroy === true),
    reason:
      'The key belongs to an environment that is not protected (`protect: false`, the default ' +
      'outside prod and production), so it may be destroyed with its stack, like its secrets. ' +
      'Cloud KMS never deletes the key itself and destroys no version before ' +
      'destroy_scheduled_duration (7 days unless the spec says otherwise); every key of a ' +
      'protected environment carries prevent_destroy and is checked.',
  },
  {
    id: 'CKV_GCP_62',
    type: 'google_storage_bucket',
    applies: (r, address) => address.startsWith('rotator_source_'),
    reason:
      "The bucket holds only the built-in rotator's source archive, built from this repository " +
      'and named by its SHA-256 in the reviewed plan, so a changed archive is a plan diff. Usage ' +
      'logs would need a second bucket, itself unlogged. Uniform access, public access ' +
      'prevention and versioning are on; the rotator reads no secret from it.',
  },
];

/** Is this synthesized stack a GCP stack? */
function isGcpStack(config) {
  return Boolean(config.provider && config.provider.google);
}

/** The skips for every GCP stack under `outdir/stacks`, one entry per check with the addresses it covers. */
function gcpSkips(outdir) {
  const stacksDir = path.join(outdir, 'stacks');
  if (!fs.existsSync(stacksDir)) return [];
  const covered = new Map(RULES.map((rule) => [rule.id, []]));
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, stack, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    const config = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!isGcpStack(config)) continue;
    for (const rule of RULES) {
      for (const [address, resource] of Object.entries((config.resource || {})[rule.type] || {})) {
        if (rule.applies(resource, address)) covered.get(rule.id).push(`${rule.type}.${address}`);
      }
    }
  }
  return RULES.filter((rule) => covered.get(rule.id).length > 0).map((rule) => ({
    id: rule.id,
    reason: rule.reason,
    resources: [...new Set(covered.get(rule.id))].sort(),
  }));
}

module.exports = { gcpSkips, isGcpStack, GCP_SKIP_RULES: RULES };
