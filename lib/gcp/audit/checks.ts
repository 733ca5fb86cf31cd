/**
 * What the audit of one GCP project watches: Cloud Logging filters over the Admin Activity and
 * Data Access audit logs of Secret Manager and Cloud KMS. Each check becomes a log-based metric
 * and an alert policy that fires on any occurrence. Filters are built here and nowhere else.
 */

/** The services whose Data Access logs are turned on and watched. */
export const AUDITED_SERVICES = ['secretmanager.googleapis.com', 'cloudkms.googleapis.com'] as const;

/** Every audit log type, for each audited service. */
export const AUDIT_LOG_TYPES = ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'] as const;

/** The monitored resource type audit log entries carry, per service (alert filters must name one). */
export const RESOURCE_TYPES = {
  'secretmanager.googleapis.com': 'audited_resource',
  'cloudkms.googleapis.com': 'cloudkms_cryptokey',
} as const;

/** gRPC's PERMISSION_DENIED: the status an audit entry of a denied call carries. */
const PERMISSION_DENIED = 7;

const AUDIT_LOGS = 'logName:"cloudaudit.googleapis.com"';
const service = (s: string) => `protoPayload.serviceName="${s}"`;
const methods = (names: readonly string[]) => `protoPayload.methodName:(${names.map((n) => `"${n}"`).join(' OR ')})`;

/** Secret Manager calls that change a secret, its access or its versions. */
export const SECRET_CHANGE_METHODS = ['DeleteSecret', 'UpdateSecret', 'SetIamPolicy', 'DestroySecretVersion', 'DisableSecretVersion'] as const;
/** Cloud KMS calls that change a key, its access or its versions. */
export const KEY_CHANGE_METHODS = ['UpdateCryptoKey', 'UpdateCryptoKeyPrimaryVersion', 'UpdateCryptoKeyVersion', 'DestroyCryptoKeyVersion', 'SetIamPolicy'] as const;

export interface AuditCheck {
  /** Part of the metric and policy names: `secret-denied`. */
  readonly check: string;
  readonly description: string;
  /** The log filter of the metric. */
  readonly filter: string;
  /** The monitored resource type its entries carry. */
  readonly resourceType: string;
}

/** The checks every audited GCP project gets. */
export const FIXED_CHECKS: readonly AuditCheck[] = [
  {
    check: 'secret-denied',
    description: 'A Secret Manager call was denied',
    filter: `${AUDIT_LOGS} AND ${service(AUDITED_SERVICES[0])} AND protoPayload.status.code=${PERMISSION_DENIED}`,
    resourceType: RESOURCE_TYPES['secretmanager.googleapis.com'],
  },
  {
    check: 'key-denied',
    description: 'A Cloud KMS call was denied',
    filter: `${AUDIT_LOGS} AND ${service(AUDITED_SERVICES[1])} AND protoPayload.status.code=${PERMISSION_DENIED}`,
    resourceType: RESOURCE_TYPES['cloudkms.googleapis.com'],
  },
  {
    check: 'secret-changes',
    description: 'A secret, its access or its versions were changed or destroyed',
    filter: `${AUDIT_LOGS} AND ${service(AUDITED_SERVICES[0])} AND ${methods(SECRET_CHANGE_METHODS)}`,
    resourceType: RESOURCE_TYPES['secretmanager.googleapis.com'],
  },
  {
    check: 'key-changes',
    description: 'A key, its access or its versions were changed, disabled or scheduled for destruction',
    filter: `${AUDIT_LOGS} AND ${service(AUDITED_SERVICES[1])} AND ${methods(KEY_CHANGE_METHODS)}`,
    resourceType: RESOURCE_TYPES['cloudkms.googleapis.com'],
  },
];

/**
 * Reads of an environment's secret values by anyone but the identities the spec declares:
 * `AccessSecretVersion` on a secret whose id starts with the environment's prefix (project and
 * environment names hold no `_`, so the prefix matches one environment only).
 */
export function unexpectedReaderFilter(secretIdPrefix: string, expectedReaders: readonly string[]): string {
  const base = `${AUDIT_LOGS} AND ${service(AUDITED_SERVICES[0])} AND protoPayload.methodName:"AccessSecretVersion" AND protoPayload.resourceName:"/secrets/${secretIdPrefix}"`;
  if (expectedReaders.length === 0) return base;
  return `${base} AND NOT protoPayload.authenticationInfo.principalEmail=(${[...expectedReaders].sort().map((r) => `"${r}"`).join(' OR ')})`;
}

/**
 * What the audit sink copies into the locked bucket: every audit log entry of the audited
 * services, Parameter Manager and IAM (service account impersonation), in this project.
 */
export const SINK_FILTER = `${AUDIT_LOGS} AND protoPayload.serviceName=(${[...AUDITED_SERVICES, 'parametermanager.googleapis.com', 'iamcredentials.googleapis.com', 'iam.googleapis.com']
  .map((s) => `"${s}"`)
  .join(' OR ')})`;
