#!/usr/bin/env node
// The stock CDKTF baseline of `npm run bench`: a plain app that re-creates every element of the
// kit's synthesized output (resources, data sources, providers, locals, outputs, and the
// stack-level blocks) as bare CDKTF constructs with the same attributes, then synthesizes.
// What CDKTF itself needs for the same output, with none of the kit's constructs, tokens or
// checks. Usage: node scripts/bench-stock.js <kit cdktf.out> <outdir>
'use strict';
const fs = require('fs');
const path = require('path');
const { App, TerraformDataSource, TerraformLocal, TerraformOutput, TerraformProvider, TerraformResource, TerraformStack } = require('cdktf');

const [from, outdir] = process.argv.slice(2);
if (!from || !outdir) {
  console.error('usage: node scripts/bench-stock.js <kit cdktf.out> <outdir>');
  process.exit(2);
}

const withoutMeta = ({ ['//']: _meta, ...rest }) => rest;
/** Terraform meta-arguments: CDKTF renders them from typed properties, so they are replayed as overrides. */
const META = new Set(['provider', 'depends_on', 'lifecycle', 'count', 'for_each', 'provisioner', 'connection']);

/** A resource or data source whose attributes are given as written (snake_case, expressions as strings). */
function replayed(Base) {
  return class extends Base {
    constructor(scope, type, name, attributes) {
      super(scope, `${type}.${name}`, { terraformResourceType: type });
      this.attributes = {};
      for (const [key, value] of Object.entries(attributes)) {
        if (META.has(key)) this.addOverride(key, value);
        else this.attributes[key] = value;
      }
      this.overrideLogicalId(name);
    }
    synthesizeAttributes() {
      return this.attributes;
    }
  };
}
const Resource = replayed(TerraformResource);
const DataSource = replayed(TerraformDataSource);

class Provider extends TerraformProvider {
  constructor(scope, type, attributes, index) {
    super(scope, `${type}.${attributes.alias ?? 'default'}.${index}`, { terraformResourceType: type });
    this.attributes = attributes;
  }
  synthesizeAttributes() {
    return this.attributes;
  }
}

const app = new App({ outdir, stackTraces: false });
const stacksDir = path.join(from, 'stacks');
for (const name of fs.readdirSync(stacksDir).sort()) {
  const json = JSON.parse(fs.readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf8'));
  const stack = new TerraformStack(app, name);
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [id, config] of Object.entries(byName)) new Resource(stack, type, id, withoutMeta(config));
  }
  for (const [type, byName] of Object.entries(json.data ?? {})) {
    for (const [id, config] of Object.entries(byName)) new DataSource(stack, type, id, withoutMeta(config));
  }
  for (const [type, list] of Object.entries(json.provider ?? {})) list.forEach((config, i) => new Provider(stack, type, config, i));
  for (const [id, value] of Object.entries(json.locals ?? {})) new TerraformLocal(stack, `local.${id}`, value).overrideLogicalId(id);
  for (const [id, config] of Object.entries(json.output ?? {})) new TerraformOutput(stack, `output.${id}`, withoutMeta(config)).overrideLogicalId(id);
  // Blocks CDKTF has no construct for here (the backend, required providers, ephemeral resources), as written.
  for (const block of ['terraform', 'ephemeral', 'moved', 'import']) if (json[block]) stack.addOverride(block, json[block]);
}
app.synth();
