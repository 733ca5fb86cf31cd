/**
 * ARNs of things whose names the kit knows before they exist (parameters, roles, log groups,
 * topics). One place, so no construct concatenates ARNs of its own. The kit targets the `aws`
 * partition only (see limits.ts).
 */
export const PARTITION = 'aws';

export const accountRootArn = (account: string) => `arn:${PARTITION}:iam::${account}:root`;
export const roleArn = (account: string, role: string) => `arn:${PARTITION}:iam::${account}:role/${role}`;
/** `name` starts with `/`, as every kit parameter name does. */
export const parameterArn = (region: string, account: string, name: string) =>
  `arn:${PARTITION}:ssm:${region}:${account}:parameter${name}`;
export const logGroupArn = (region: string, account: string, name: string) =>
  `arn:${PARTITION}:logs:${region}:${account}:log-group:${name}`;
/**
 * A log group as IAM authorizes its streams and events (and CreateLogGroup): the group ARN with
 * the trailing `:*` that CloudWatch Logs documents for every action except tagging and delivery.
 */
export const logGroupStreamsArn = (region: string, account: string, name: string) => `${logGroupArn(region, account, name)}:*`;
export const lambdaFunctionArn = (region: string, account: string, name: string) =>
  `arn:${PARTITION}:lambda:${region}:${account}:function:${name}`;
export const snsTopicArn = (region: string, account: string, name: string) => `arn:${PARTITION}:sns:${region}:${account}:${name}`;
/**
 * Every secret whose name starts with `prefix` (`{project}/{env}/`), for a Lambda permission's
 * source ARN, which Lambda matches with wildcards (`ArnLike` in the statement it writes).
 */
export const environmentSecretsArnPattern = (region: string, account: string, prefix: string) =>
  `arn:${PARTITION}:secretsmanager:${region}:${account}:secret:${prefix}*`;
/** The service endpoint a request comes through, for `kms:ViaService`. */
export const viaService = (service: 'secretsmanager' | 'ssm', region: string) => `${service}.${region}.amazonaws.com`;
/* Audit: ARNs the audit stack's policies name before the resources exist (no cycles). */
export const cloudTrailArn = (region: string, account: string, trail: string) => `arn:${PARTITION}:cloudtrail:${region}:${account}:trail/${trail}`;
export const s3BucketArn = (bucket: string) => `arn:${PARTITION}:s3:::${bucket}`;
/** Alarms whose names start with `prefix`, for `aws:SourceArn` conditions. */
export const alarmArnPattern = (region: string, account: string, prefix: string) => `arn:${PARTITION}:cloudwatch:${region}:${account}:alarm:${prefix}*`;
