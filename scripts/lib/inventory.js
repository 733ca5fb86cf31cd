// What one deployed environment consists of, read back through the AWS SDK (from the emulator
// in the demo) and printed for people: keys and replicas, secrets and their replica regions,
// parameters per region, roles, rotation, audit. Names come from the model; values found in
// the cloud. Secret values are never printed, only their length.
'use strict';
const { CloudTrailClient, GetTrailCommand } = require('@aws-sdk/client-cloudtrail');
const { GetRoleCommand, IAMClient, ListRolePoliciesCommand } = require('@aws-sdk/client-iam');
const { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } = require('@aws-sdk/client-kms');
const { GetFunctionCommand, LambdaClient } = require('@aws-sdk/client-lambda');
const { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } = require('@aws-sdk/client-secrets-manager');
const { GetParametersByPathCommand, SSMClient } = require('@aws-sdk/client-ssm');

/** `(missing: <error name>)` instead of a stack trace: the listing goes on. */
async function attempt(fn) {
  try {
    return await fn();
  } catch (e) {
    return { missing: e.name || e.message };
  }
}

function makeClients(clientConfig) {
  const made = [];
  const cache = new Map();
  const get = async (Kind, region) => {
    const key = `${Kind.name}:${region}`;
    if (!cache.has(key)) {
      const client = new Kind(await clientConfig(region));
      made.push(client);
      cache.set(key, client);
    }
    return cache.get(key);
  };
  return { get, destroy: () => made.forEach((c) => c.destroy()) };
}

async function keyLines(env, clients) {
  const lines = [];
  for (const region of env.regions) {
    const kms = await clients.get(KMSClient, region);
    const key = await attempt(async () => (await kms.send(new DescribeKeyCommand({ KeyId: env.keyAlias }))).KeyMetadata);
    if (key.missing) {
      lines.push(`    ${region.padEnd(14)} ${env.keyAlias}: missing (${key.missing})`);
      continue;
    }
    const rotation = await attempt(async () => (await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled);
    const type = key.MultiRegionConfiguration?.MultiRegionKeyType ?? (key.MultiRegion ? 'multi-region' : 'single-region');
    const replicas = type === 'PRIMARY' ? (key.MultiRegionConfiguration?.ReplicaKeys ?? []).map((r) => r.Region).sort() : [];
    lines.push(
      `    ${region.padEnd(14)} ${env.keyAlias} -> ${key.KeyId} ${type.toLowerCase()}, ${key.KeyState}` +
        `${rotation === true ? ', rotation on' : ''}${replicas.length ? `, replicas: ${replicas.join(', ')}` : ''}`,
    );
  }
  return lines;
}

async function secretLines(env, clients) {
  const sm = await clients.get(SecretsManagerClient, env.primaryRegion);
  const lines = [];
  for (const secret of env.secrets) {
    const d = await attempt(() => sm.send(new DescribeSecretCommand({ SecretId: secret.name })));
    if (d.missing) {
      lines.push(`    ${secret.name}: missing (${d.missing})`);
      continue;
    }
    const value = await attempt(async () => (await sm.send(new GetSecretValueCommand({ SecretId: secret.name }))).SecretString);
    const held = typeof value === 'string' ? `value set (${value.length} characters, not shown)` : 'no value yet (written out of band)';
    const replicas = (d.ReplicationStatus ?? []).map((r) => `${r.Region} ${r.Status}`).join(', ') || 'none';
    const rotation = d.RotationEnabled ? `rotates every ${d.RotationRules?.AutomaticallyAfterDays ?? '?'} days via ${(d.RotationLambdaARN ?? '').split(':').pop()}` : 'no rotation';
    lines.push(`    ${secret.name}  [${secret.type}] ${held}`);
    lines.push(`      replicas: ${replicas}; ${rotation}`);
  }
  return lines;
}

async function parameterLines(env, clients) {
  const regions = [...new Set(env.parameters.flatMap((p) => p.regions))];
  const lines = [];
  for (const region of regions) {
    const ssm = await clients.get(SSMClient, region);
    const found = await attempt(async () => {
      const all = [];
      let NextToken;
      do {
        const page = await ssm.send(new GetParametersByPathCommand({ Path: env.parameterPrefix, Recursive: true, NextToken }));
        all.push(...(page.Parameters ?? []));
        NextToken = page.NextToken;
      } while (NextToken);
      return all;
    });
    if (found.missing) {
      lines.push(`    ${region}: ${found.missing}`);
      continue;
    }
    lines.push(`    ${region}:`);
    for (const p of found.sort((a, b) => a.Name.localeCompare(b.Name))) {
      lines.push(`      ${p.Name} (${p.Type})${p.Type === 'SecureString' ? '' : ` = ${p.Value}`}`);
    }
  }
  return lines;
}

async function roleLines(env, clients) {
  const iam = await clients.get(IAMClient, env.primaryRegion);
  const roles = [
    ...env.functions.map((f) => ({ name: f.roleName, what: `function ${f.name}: ${f.secrets.length} secret(s), ${f.parameters.length} parameter(s), in ${f.regions.join(', ')}` })),
    ...env.syncs.map((s) => ({ name: s.roleName, what: `external sync ${s.name}: writes ${s.secrets.length} secret(s), ${s.parameters.length} parameter(s)` })),
  ];
  const lines = [];
  for (const role of roles) {
    const got = await attempt(() => iam.send(new GetRoleCommand({ RoleName: role.name })));
    const policies = got.missing ? [] : ((await attempt(() => iam.send(new ListRolePoliciesCommand({ RoleName: role.name })))).PolicyNames ?? []);
    lines.push(`    ${role.name}  ${got.missing ? `missing (${got.missing})` : `${policies.length} inline polic${policies.length === 1 ? 'y' : 'ies'}`}  (${role.what})`);
  }
  if (env.rotation) {
    const lambda = await clients.get(LambdaClient, env.primaryRegion);
    const fn = await attempt(() => lambda.send(new GetFunctionCommand({ FunctionName: env.rotation.functionName })));
    lines.push(`    rotation function ${env.rotation.functionName}: ${fn.missing ? `missing (${fn.missing})` : `${fn.Configuration.Runtime}, rotates ${env.rotation.secrets.join(', ')}`}`);
  }
  return lines;
}

async function auditLines(platform, account, clients) {
  if (!account) return ['    audit is off in this spec'];
  const ct = await clients.get(CloudTrailClient, account.homeRegion);
  const name = `${platform.project}-audit-${account.account}`;
  const trail = await attempt(async () => (await ct.send(new GetTrailCommand({ Name: name }))).Trail);
  if (trail.missing) return [`    trail ${name}: missing (${trail.missing})`];
  return [`    trail ${trail.Name}: ${trail.IsMultiRegionTrail ? 'all regions' : trail.HomeRegion}, logs to s3://${trail.S3BucketName}${trail.CloudWatchLogsLogGroupArn ? ` and ${trail.CloudWatchLogsLogGroupArn.split(':log-group:')[1]?.replace(/:\*$/, '')}` : ''}`];
}

/**
 * Prints the inventory of `env`.
 * @param {{ platform: object, env: object, account?: object, clientConfig: (region: string) => Promise<object> }} options
 */
async function printInventory({ platform, env, account, clientConfig }) {
  const clients = makeClients(clientConfig);
  try {
    const sections = [
      [`KMS key ${env.keyAlias}`, await keyLines(env, clients)],
      [`Secrets (primary ${env.primaryRegion})`, await secretLines(env, clients)],
      ['Parameters by region', await parameterLines(env, clients)],
      ['Roles', await roleLines(env, clients)],
      [`Audit of account ${env.account}`, await auditLines(platform, account, clients)],
    ];
    console.log(`\nWhat ${env.stackName} created in account ${env.account}:`);
    for (const [title, lines] of sections) {
      console.log(`  ${title}`);
      for (const line of lines) console.log(line);
    }
    console.log('');
  } finally {
    clients.destroy();
  }
}

module.exports = { printInventory };
