// The GCP part of rung 4 (`terraform validate`): a GCP stack needs hashicorp/google, google-beta
// and random, at the versions the bindings pin. This machine's mirror has none of them, so
// validating a GCP stack here would fail on `terraform init`, which proves nothing about the
// stack. Instead the rung says so loudly (NOT RUN, with the reason), never silently green.
// With TF_PLUGIN_MIRROR pointing at a mirror that holds them (or `direct`), GCP stacks are validated
// like any other. See docs/verification.md, "Google Cloud".
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

/** The providers a GCP stack needs, at the versions its bindings were generated for. */
function gcpProviders() {
  const pinned = (pkg, fallback) => {
    const file = path.join(ROOT, 'node_modules', '@cdktf', pkg, 'lib', 'provider', 'index.js');
    const match = fs.existsSync(file) ? /providerVersion: '([^']+)'/.exec(fs.readFileSync(file, 'utf8')) : null;
    return match ? match[1] : fallback;
  };
  return [
    { name: 'google', version: pinned('provider-google', '6.50.0') },
    { name: 'google-beta', version: pinned('provider-google-beta', '6.50.0') },
    { name: 'random', version: pinned('provider-random', '3.7.2') },
  ];
}

function platformDir() {
  const arch = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[process.arch] ?? process.arch;
  return `${process.platform}_${arch}`;
}

/** Whether `mirror` holds hashicorp/`name` at `version` for this platform (unpacked or zipped). */
function mirrorHolds(mirror, name, version) {
  const base = path.join(mirror, 'registry.terraform.io', 'hashicorp', name);
  const unpacked = path.join(base, version, platformDir());
  if (fs.existsSync(unpacked) && fs.readdirSync(unpacked).some((f) => f.startsWith(`terraform-provider-${name}`))) return true;
  return fs.existsSync(path.join(base, `terraform-provider-${name}_${version}_${platformDir()}.zip`));
}

/** Is the configuration a GCP stack? */
function isGcpConfig(config) {
  return Boolean(config.provider && config.provider.google);
}

/**
 * Whether GCP stacks can be validated with `mirror` (a directory, or `direct` for the registry).
 * @returns {{ runnable: true } | { runnable: false, reason: string }}
 */
function gcpValidateReadiness(mirror) {
  if (mirror === 'direct' || process.env.TF_PLUGIN_MIRROR === 'direct') return { runnable: true };
  const missing = gcpProviders().filter((p) => !mirror || !mirrorHolds(mirror, p.name, p.version));
  if (missing.length === 0) return { runnable: true };
  return {
    runnable: false,
    reason:
      `terraform validate of GCP stacks: no ${missing.map((p) => `hashicorp/${p.name} ${p.version}`).join(', ')} provider in ${mirror || 'any mirror'} ` +
      '(set TF_PLUGIN_MIRROR to a mirror holding them, or TF_PLUGIN_MIRROR=direct with registry access; see docs/verification.md, "Google Cloud")',
  };
}

module.exports = { gcpProviders, gcpValidateReadiness, isGcpConfig, mirrorHolds };
