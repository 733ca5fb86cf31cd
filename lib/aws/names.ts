/**
 * Every AWS name the kit creates, built in one place from the neutral names of `core/names.ts`:
 * Secrets Manager secret names, SSM parameter paths, IAM role names, KMS aliases, log groups
 * and the audit stack's resources. Terraform addresses derive from these names.
 */
import { auditStackName, identityName, logicalName, logicalNamePrefix, rotationFunctionName, syncIdentityName } from '../core/names';

export { auditStackName, idFor, localStateFile, rotationFunctionName, stackName } from '../core/names';

/** `{project}/{env}/`: the start of every secret name of an environment. */
export const secretNamePrefix = logicalNamePrefix;

/** `{project}/{env}/{path}`: a Secrets Manager secret, named by its logical name. */
export const secretName = logicalName;

/** `/{project}/{env}`: the root of an environment's parameter hierarchy. */
export const parameterPrefix = (project: string, env: string) => `/${project}/${env}`;

/** `/{project}/{env}/{path}`: an SSM parameter. */
export const parameterName = (project: string, env: string, path: string) => `${parameterPrefix(project, env)}/${path}`;

/** `{project}-{env}-{function}`: a function's execution role. */
export const roleName = identityName;

/** `{project}-{env}-sync-{name}`: the role an external sync assumes. */
export const syncRoleName = syncIdentityName;

/** `alias/{project}-{env}`: the environment key's alias, the same in every region. */
export const keyAlias = (project: string, env: string) => `alias/${project}-${env}`;

/** `alias/{function}`: the key of the built-in rotation function's logs and configuration. */
export const rotationKeyAlias = (rotationFunction: string) => `alias/${rotationFunction}`;

/** `/aws/lambda/{function}`: where Lambda writes a function's logs. */
export const lambdaLogGroupName = (fn: string) => `/aws/lambda/${fn}`;

/** `{project}-{env}-rotation`'s log group. */
export const rotationLogGroupName = (project: string, env: string) => lambdaLogGroupName(rotationFunctionName(project, env));

/** `DB_PASSWORD` from `db/password`: the part of an environment variable name a logical path gives. */
const envVarPart = (path: string) => path.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toUpperCase();

/** `SECRET_ARN_DB_PASSWORD`: the variable that hands a function a secret's ARN in its region. */
export const secretArnEnvVar = (path: string) => `SECRET_ARN_${envVarPart(path)}`;

/** `PARAMETER_NAME_APP_LOG_LEVEL`: the variable that hands a function a parameter's full name. */
export const parameterNameEnvVar = (path: string) => `PARAMETER_NAME_${envVarPart(path)}`;

/** `PARAMETER_PATH_DB`: the variable that hands a function a subtree to read with one call. */
export const parameterSubtreeEnvVar = (subtree: string) => `PARAMETER_PATH_${envVarPart(subtree)}`;

/** The variable that hands a function its environment's parameter root, `/{project}/{env}`. */
export const PARAMETER_ROOT_ENV_VAR = 'PARAMETER_ROOT';

/* Audit: what one account's audit stack creates. */

/** `{project}-audit-{account}`: the account's trail, named like the stack that holds it. */
export const auditTrailName = (project: string, account: string) => auditStackName(project, account);

/** `{project}-audit-{account}-logs`: the trail's S3 bucket (bucket names are global, hence the account). */
export const auditBucketName = (project: string, account: string) => `${auditTrailName(project, account)}-logs`;

/** `/{project}/audit/trail`: the CloudWatch Logs group the trail delivers to. */
export const auditLogGroupName = (project: string) => `/${project}/audit/trail`;

/** `{project}-audit-trail-delivery`: the role CloudTrail assumes to write into the log group. */
export const auditDeliveryRoleName = (project: string) => `${project}-audit-trail-delivery`;

/** `alias/{project}-audit`: the key that encrypts the trail, its log group and the alarm topic. */
export const auditKeyAlias = (project: string) => `alias/${project}-audit`;

/** `{project}-audit-alarms`: the SNS topic every audit alarm notifies. */
export const auditTopicName = (project: string) => `${project}-audit-alarms`;

/** `{project}/Audit`: the CloudWatch namespace of the audit metrics. */
export const auditMetricNamespace = (project: string) => `${project}/Audit`;

/** `{project}-audit-`: what every audit alarm name starts with (topic and key policies match it). */
export const auditAlarmPrefix = (project: string) => `${project}-audit-`;

/** `{project}-audit-{check}`: an audit alarm, and the metric filter feeding it. */
export const auditAlarmName = (project: string, check: string) => `${auditAlarmPrefix(project)}${check}`;

/** `{project}-audit-unexpected-reader-{env}`: the alarm on reads of an environment's secrets by undeclared callers. */
export const unexpectedReaderAlarmName = (project: string, env: string) => auditAlarmName(project, `unexpected-reader-${env}`);

/** `{alarm}-{secret path}`: one secret's metric filter feeding its environment's unexpected-reader alarm. */
export const unexpectedReaderFilterName = (project: string, env: string, secretPath: string) =>
  `${unexpectedReaderAlarmName(project, env)}-${secretPath}`;
/** The one filter of an environment whose account has too many secrets for a filter each. */
export const unexpectedReaderEnvironmentFilterName = (project: string, env: string) => `${unexpectedReaderAlarmName(project, env)}-all`;
