/**
 * Rung 6 for the audit stack: `cdktf deploy` of one account's audit stack into moto through
 * the kit's local mode, read back with the AWS SDK (what is expected comes from the model and
 * the kit's name and pattern builders, never from the synthesized JSON), a second plan, and
 * `cdktf destroy`.
 *
 * moto evaluates no key, bucket, topic or role policy, and delivers no trail events: that the
 * policies admit only what they should is proven by test/aws/audit; here the question is whether
 * every resource exists with the settings the kit promises and the trail reports it is logging.
 */
import { awsModel } from '../../lib/aws/model';
import * as fs from 'fs';
import * as path from 'path';
import { CloudTrailClient, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { loadPlatform } from '../../lib/app';
import { alarmSpecs } from '../../lib/aws/audit/security-alarms';
import { AuditTrail } from '../../lib/aws/audit/trail';
import type { AccountModel, PlatformModel } from '../../lib/aws/model';
import * as names from '../../lib/aws/names';
import { ROOT, CommandResult, buildKit, cdktf, emulatorPrerequisite, secondPlan, stateResources, tail, workFolder } from '../support/emulator';
import { MotoServer, startMoto } from '../support/moto';
import { explainChanges } from './moto-gaps';

/** The worked example, or the spec `PLATFORM_SPEC` names (the deployed app reads the same variable). */
const specPath = path.resolve(process.env.PLATFORM_SPEC ?? path.join(ROOT, 'platform.yaml'));
const platform: PlatformModel = awsModel(loadPlatform(specPath).model);
const account: AccountModel = platform.accounts[0];
const region = account.homeRegion;
const environments = platform.environments.filter((e) => e.account === account.account);
const project = platform.project;
const trailName = names.auditTrailName(project, account.account);
const bucketName = names.auditBucketName(project, account.account);
const logGroupName = names.auditLogGroupName(project);
const topicName = names.auditTopicName(project);
const keyAlias = names.auditKeyAlias(project);
const trailArn = AuditTrail.arnFor(region, account.account, trailName);
const expectedAlarms = alarmSpecs(project, environments);

let moto: MotoServer | undefined;
let work: string;
let outdir: string;
let deployEnv: NodeJS.ProcessEnv;
let deployed: CommandResult;

type ClientClass<C> = new (config: { endpoint: string; region: string; forcePathStyle?: boolean; credentials: { accessKeyId: string; secretAccessKey: string } }) => C;
const clients: Array<{ destroy(): void }> = [];
async function client<C extends { destroy(): void }>(Kind: ClientClass<C>): Promise<C> {
  const c = new Kind({ ...(await moto!.clientConfig(account.account, region)), forcePathStyle: true });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  const missing = emulatorPrerequisite();
  if (missing) throw new Error(`NOT RUN: ${missing}`);
  if (!platform.audit.enabled) throw new Error('NOT RUN: audit is disabled in platform.yaml');
  await buildKit();
  moto = await startMoto({ accounts: [account.account] });
  work = workFolder(account.stackName);
  outdir = path.join(work, 'cdktf.out');
  deployEnv = moto.env(account.account, region);
  deployed = await cdktf('deploy', [account.stackName], outdir, deployEnv);
}, 600_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await moto?.stop();
  if (work && !process.env.KEEP_EMULATOR_WORK) fs.rmSync(work, { recursive: true, force: true });
});

function mustDeploy(): void {
  if (deployed.code !== 0) throw new Error(`cdktf deploy ${account.stackName} failed: ${tail(deployed)}`);
}

/**
 * moto 5.2 answers CloudWatch only in the query protocol, while @aws-sdk/client-cloudwatch
 * speaks JSON 1.0 (moto answers it with an HTML 404): alarms are read through the query API.
 */
async function describeAlarms(prefix: string): Promise<Array<{ name: string; actions: string[]; enabled: boolean }>> {
  const { credentials, endpoint } = await moto!.clientConfig(account.account, region);
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/20260101/${region}/monitoring/aws4_request, SignedHeaders=host, Signature=emulator`,
    },
    body: new URLSearchParams({ Action: 'DescribeAlarms', Version: '2010-08-01', AlarmNamePrefix: prefix }).toString(),
  });
  const xml = await res.text();
  if (!res.ok) throw new Error(`DescribeAlarms: HTTP ${res.status}: ${xml.slice(0, 300)}`);
  // One chunk per alarm: everything after each <AlarmName> up to the next one.
  return xml
    .split('<AlarmName>')
    .slice(1)
    .map((chunk) => ({
      name: chunk.slice(0, chunk.indexOf('<')),
      enabled: /<ActionsEnabled>true<\/ActionsEnabled>/.test(chunk),
      actions: [...(/<AlarmActions>([\s\S]*?)<\/AlarmActions>/.exec(chunk)?.[1] ?? '').matchAll(/<member>([^<]+)<\/member>/g)].map((a) => a[1]),
    }));
}

describe(`cdktf deploy ${account.stackName} into moto (local mode)`, () => {
  test('deploy succeeds and records the stack in state', () => {
    mustDeploy();
    expect(stateResources(path.join(work, `terraform.${account.stackName}.tfstate`)).length).toBeGreaterThan(0);
  });
});

describe('read back with the AWS SDK', () => {
  beforeAll(mustDeploy);

  test(`trail ${trailName} is logging`, async () => {
    const ct = await client(CloudTrailClient);
    expect((await ct.send(new GetTrailStatusCommand({ Name: trailName }))).IsLogging).toBe(true);
  });

  test('trail: every region, global events, file validation, audit key, log group and role, at the ARN the policies name', async () => {
    const ct = await client(CloudTrailClient);
    const kms = await client(KMSClient);
    const trail = (await ct.send(new GetTrailCommand({ Name: trailName }))).Trail!;
    const key = (await kms.send(new DescribeKeyCommand({ KeyId: keyAlias }))).KeyMetadata!;
    expect(trail).toMatchObject({
      TrailARN: trailArn,
      S3BucketName: bucketName,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      LogFileValidationEnabled: true,
      KmsKeyId: key.Arn,
      CloudWatchLogsLogGroupArn: `arn:aws:logs:${region}:${account.account}:log-group:${logGroupName}:*`,
      CloudWatchLogsRoleArn: `arn:aws:iam::${account.account}:role/${names.auditDeliveryRoleName(project)}`,
    });
  });

  test('trail records read and write management events', async () => {
    const ct = await client(CloudTrailClient);
    const selectors = (await ct.send(new GetEventSelectorsCommand({ TrailName: trailName }))).EventSelectors;
    expect(selectors).toEqual([expect.objectContaining({ ReadWriteType: 'All', IncludeManagementEvents: true })]);
  });

  test(`audit key ${keyAlias} is enabled, rotates, and names the trail in its policy`, async () => {
    const kms = await client(KMSClient);
    const key = (await kms.send(new DescribeKeyCommand({ KeyId: keyAlias }))).KeyMetadata!;
    expect(key.KeyState).toBe('Enabled');
    // AWS reports `MultiRegion: false` for a single-region key; moto 5.2 leaves the field out.
    expect(key.MultiRegion ?? false).toBe(false);
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled).toBe(true);
    const policy = (await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }))).Policy!;
    expect(policy).toContain(trailArn);
  });

  test(`bucket ${bucketName}: private, owner-enforced, versioned, SSE-KMS with a bucket key, TLS-only, expiring`, async () => {
    const s3 = await client(S3Client);
    const kms = await client(KMSClient);
    const key = (await kms.send(new DescribeKeyCommand({ KeyId: keyAlias }))).KeyMetadata!;
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucketName }))).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    expect((await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucketName }))).OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucketName }))).Status).toBe('Enabled');
    expect((await s3.send(new GetBucketEncryptionCommand({ Bucket: bucketName }))).ServerSideEncryptionConfiguration?.Rules).toEqual([
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.Arn }, BucketKeyEnabled: true },
    ]);
    const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucketName }))).Policy!) as { Statement: Array<Record<string, any>> };
    expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    for (const s of policy.Statement.filter((x) => x.Effect === 'Allow')) expect(s.Condition.StringEquals['aws:SourceArn']).toBe(trailArn);
    const [rule] = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucketName }))).Rules!;
    expect(rule.Status).toBe('Enabled');
    expect(rule.Expiration?.Days).toBe(platform.audit.bucketRetentionDays);
    expect(rule.NoncurrentVersionExpiration?.NoncurrentDays).toBe(platform.audit.bucketRetentionDays);
  });

  test(`log group ${logGroupName}: audit key, retention from the spec, one filter per check and per secret`, async () => {
    const logs = await client(CloudWatchLogsClient);
    const kms = await client(KMSClient);
    const key = (await kms.send(new DescribeKeyCommand({ KeyId: keyAlias }))).KeyMetadata!;
    const [group] = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }))).logGroups!;
    expect(group).toMatchObject({ logGroupName, retentionInDays: platform.audit.logRetentionDays, kmsKeyId: key.Arn });
    const filters = (await logs.send(new DescribeMetricFiltersCommand({ logGroupName }))).metricFilters ?? [];
    const expected = expectedAlarms.flatMap((a) => a.filters.map((f) => [f.name, f.pattern, a.alarmName]));
    expect(filters.map((f) => [f.filterName, f.filterPattern, f.metricTransformations?.[0].metricName]).sort()).toEqual(expected.sort());
  });

  test(`every alarm exists, is enabled and notifies ${topicName}`, async () => {
    const alarms = await describeAlarms(names.auditAlarmPrefix(project));
    const topicArn = `arn:aws:sns:${region}:${account.account}:${topicName}`;
    expect(alarms.map((a) => a.name).sort()).toEqual(expectedAlarms.map((a) => a.alarmName).sort());
    for (const a of alarms) expect(a).toMatchObject({ enabled: true, actions: [topicArn] });
  });

  test(`topic ${topicName}: audit key, publish only by the audit alarms, the spec's emails subscribed`, async () => {
    const sns = await client(SNSClient);
    const kms = await client(KMSClient);
    const key = (await kms.send(new DescribeKeyCommand({ KeyId: keyAlias }))).KeyMetadata!;
    const topicArn = `arn:aws:sns:${region}:${account.account}:${topicName}`;
    const attributes = (await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes!;
    expect([key.Arn, key.KeyId, keyAlias]).toContain(attributes.KmsMasterKeyId);
    const policy = JSON.parse(attributes.Policy!) as { Statement: Array<Record<string, any>> };
    const allows = policy.Statement.filter((s) => s.Effect === 'Allow');
    expect(allows.map((s) => s.Principal)).toEqual([{ Service: 'cloudwatch.amazonaws.com' }]);
    const subscriptions = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions ?? [];
    expect(subscriptions.map((s) => [s.Protocol, s.Endpoint]).sort()).toEqual([...platform.audit.alarmEmails].sort().map((e) => ['email', e]));
  });
});

describe('a second plan right after the apply', () => {
  beforeAll(mustDeploy);

  test(`${account.stackName}: no changes`, async () => {
    const { changes } = await secondPlan(path.join(outdir, 'stacks', account.stackName), deployEnv);
    expect(explainChanges(changes).unexplained).toEqual([]);
    expect(changes).toEqual([]);
  }, 300_000);
});

describe(`cdktf destroy of ${account.stackName}${account.protect ? ' (protected: skipped)' : ''}`, () => {
  let destroyed: CommandResult | undefined;
  beforeAll(async () => {
    mustDeploy();
    if (!account.protect) destroyed = await cdktf('destroy', [account.stackName], outdir, deployEnv);
  }, 600_000);

  test('succeeds and leaves nothing in state', () => {
    if (account.protect) return;
    if (destroyed!.code !== 0) throw new Error(`cdktf destroy failed: ${tail(destroyed!)}`);
    expect(stateResources(path.join(work, `terraform.${account.stackName}.tfstate`))).toEqual([]);
  });

  // moto gap: the AWS provider deletes a trail by its id, the trail ARN, and moto 5.2's
  // DeleteTrail matches names only, so it answers 200 and keeps the trail. AWS deletes it.
  // `test.failing` turns green only while the gap exists: when moto fixes it, make this a `test`.
  test.failing('moto gap (DeleteTrail by ARN is a no-op): the trail is gone after destroy', async () => {
    if (account.protect) throw new Error('protected: not destroyed');
    const ct = await client(CloudTrailClient);
    await expect(ct.send(new GetTrailCommand({ Name: trailName }))).rejects.toThrow();
  });
});
