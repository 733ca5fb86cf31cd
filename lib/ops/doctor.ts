/**
 * Resources of an environment that exist in the account, tagged as the kit's, but are not in
 * the stack's Terraform state: what an interrupted apply leaves behind (a key under no alias,
 * a function that makes the next apply fail with "already exists"). For each, the command that
 * imports it (when the stack declares a resource of that name that is missing from state) or
 * removes it (when it is a leftover duplicate).
 *
 * Found through the Resource Groups Tagging API in each of the environment's regions
 * (tags `Project`, `Environment`, `ManagedBy`), plus IAM roles, which that API does not list.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { IAMClient, ListRoleTagsCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { EnvironmentModel, PlatformModel } from '../core/model';
import { KIT_TAGS } from '../core/resolve';

export interface AccountResource {
  readonly arn: string;
  readonly region: string;
  /** `secretsmanager:secret`, `kms:key`, `lambda:function`, `iam:role`, ... */
  readonly type: string;
  /** The resource's own name (secret, function, role, parameter), or the key's description. */
  readonly name?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface Orphan {
  readonly resource: AccountResource;
  /** `import`: the stack declares it and state lacks it; `remove`: a leftover nobody declares. */
  readonly action: 'import' | 'remove';
  readonly command: string;
  readonly why: string;
}

/** A resource of the synthesized config: its address and the name it gives the cloud resource. */
interface ConfigResource {
  readonly address: string;
  readonly type: string;
  readonly name?: string;
}

const TF_TYPES: Record<string, string[]> = {
  'secretsmanager:secret': ['aws_secretsmanager_secret'],
  'kms:key': ['aws_kms_key', 'aws_kms_replica_key'],
  'lambda:function': ['aws_lambda_function'],
  'iam:role': ['aws_iam_role'],
  'ssm:parameter': ['aws_ssm_parameter'],
  'logs:log-group': ['aws_cloudwatch_log_group'],
};

/** `arn:aws:secretsmanager:eu-west-1:111:secret:a/b-XyZ123` -> `secretsmanager:secret`, `a/b` */
export function parseArn(arn: string): { service: string; region: string; kind: string; name: string } {
  const [, , service, region, , ...rest] = arn.split(':');
  const resource = rest.join(':');
  const sep = resource.search(/[:/]/);
  const kind = sep < 0 ? resource : resource.slice(0, sep);
  let name = sep < 0 ? '' : resource.slice(sep + 1);
  if (service === 'secretsmanager') name = name.replace(/-[A-Za-z0-9]{6}$/, '');
  if (service === 'ssm' && kind === 'parameter') name = `/${name}`;
  return { service, region, kind, name };
}

interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly values?: Record<string, unknown>;
}

/** Every managed resource of a `terraform show -json` state, child modules included. */
export function stateResources(state: unknown): StateResource[] {
  const out: StateResource[] = [];
  const visit = (module: { resources?: StateResource[]; child_modules?: unknown[] } | undefined) => {
    for (const r of module?.resources ?? []) out.push(r);
    for (const c of module?.child_modules ?? []) visit(c as typeof module);
  };
  visit((state as { values?: { root_module?: Parameters<typeof visit>[0] } })?.values?.root_module);
  return out;
}

/**
 * Whether state records `r`: a resource of the matching Terraform type whose `arn` or `id` is
 * r's ARN (a secret policy's id is its secret's ARN, so the type matters), or, for a secret's
 * replica in another region, a recorded secret of the same name.
 */
function recordedIn(state: readonly StateResource[], r: AccountResource): boolean {
  const types = TF_TYPES[r.type];
  return state.some((s) => {
    if (types && !types.includes(s.type)) return false;
    const v = s.values ?? {};
    if (v.arn === r.arn || v.id === r.arn) return true;
    return r.type === 'secretsmanager:secret' && v.name === r.name && typeof v.arn === 'string' && parseArn(v.arn).region !== r.region;
  });
}

/** The config's resources with a literal name (or, for keys, description). */
export function configResources(cdkTfJson: string): ConfigResource[] {
  const config = JSON.parse(fs.readFileSync(cdkTfJson, 'utf8')) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  const out: ConfigResource[] = [];
  for (const [type, byName] of Object.entries(config.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const literal = [body.name, body.function_name, body.description].find((v) => typeof v === 'string' && !v.includes('${'));
      out.push({ address: `${type}.${name}`, type, name: literal as string | undefined });
    }
  }
  return out;
}

function importId(r: AccountResource): string {
  const { kind, name } = parseArn(r.arn);
  if (r.type === 'kms:key') return name;
  if (r.type === 'secretsmanager:secret') return r.arn;
  if (kind === 'function' || kind === 'role' || kind === 'parameter' || kind === 'log-group') return r.name ?? name;
  return r.arn;
}

function removeCommand(r: AccountResource): string {
  const { name } = parseArn(r.arn);
  switch (r.type) {
    case 'secretsmanager:secret':
      return `aws secretsmanager delete-secret --region ${r.region} --secret-id '${r.arn}' --recovery-window-in-days 7`;
    case 'kms:key':
      return `aws kms schedule-key-deletion --region ${r.region} --key-id ${name} --pending-window-in-days 7`;
    case 'lambda:function':
      return `aws lambda delete-function --region ${r.region} --function-name ${r.name ?? name}`;
    case 'iam:role':
      return `aws iam delete-role --role-name ${r.name ?? name}  (delete its inline policies first: aws iam list-role-policies --role-name ${r.name ?? name})`;
    case 'ssm:parameter':
      return `aws ssm delete-parameter --region ${r.region} --name ${r.name ?? name}`;
    case 'logs:log-group':
      return `aws logs delete-log-group --region ${r.region} --log-group-name ${r.name ?? name}`;
    default:
      return `delete ${r.arn} in the console or with the AWS CLI`;
  }
}

/**
 * Which of `resources` are outside state, and what to do about each.
 */
export function findOrphans(resources: readonly AccountResource[], state: unknown, config: readonly ConfigResource[], stackDir: string): Orphan[] {
  const inState = stateResources(state);
  const recorded = new Set(inState.map((s) => s.address));
  const orphans: Orphan[] = [];
  for (const r of resources) {
    if (recordedIn(inState, r)) continue;
    const types = TF_TYPES[r.type] ?? [];
    const declared = config.find((c) => types.includes(c.type) && c.name !== undefined && c.name === r.name && !recorded.has(c.address));
    const chdir = path.relative(process.cwd(), stackDir) || '.';
    if (declared) {
      orphans.push({
        resource: r,
        action: 'import',
        command: `terraform -chdir=${chdir} import '${declared.address}' '${importId(r)}'`,
        why: `the stack declares it (${declared.address}) but state does not record it: import it, then plan again`,
      });
    } else {
      orphans.push({
        resource: r,
        action: 'remove',
        command: removeCommand(r),
        why: r.type === 'kms:key' ? 'a key no resource of the stack holds (billed monthly while enabled): schedule its deletion' : 'nothing in the stack declares it any more: remove it, or keep it knowingly',
      });
    }
  }
  return orphans;
}

export interface ClientOptions {
  /** Local mode: every call to this endpoint. */
  readonly endpoint?: string;
}

/** Every resource tagged as this environment's, in each of its regions, plus its IAM roles. */
export async function listEnvironmentResources(platform: PlatformModel, env: EnvironmentModel, options: ClientOptions = {}): Promise<AccountResource[]> {
  const tagFilters = [
    { Key: KIT_TAGS.project, Values: [platform.project] },
    { Key: KIT_TAGS.environment, Values: [env.name] },
    { Key: KIT_TAGS.managedBy, Values: [platform.tags[KIT_TAGS.managedBy]] },
  ];
  const out: AccountResource[] = [];
  for (const region of env.regions) {
    const tagging = new ResourceGroupsTaggingAPIClient({ region, endpoint: options.endpoint });
    const kms = new KMSClient({ region, endpoint: options.endpoint });
    try {
      let token: string | undefined;
      do {
        const page = await tagging.send(new GetResourcesCommand({ TagFilters: tagFilters, PaginationToken: token || undefined }));
        for (const m of page.ResourceTagMappingList ?? []) {
          if (!m.ResourceARN) continue;
          const { service, kind, name } = parseArn(m.ResourceARN);
          const tags = Object.fromEntries((m.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
          let label: string | undefined = name;
          if (service === 'kms' && kind === 'key') {
            const meta = (await kms.send(new DescribeKeyCommand({ KeyId: m.ResourceARN }))).KeyMetadata;
            if (meta?.KeyState === 'PendingDeletion' || meta?.KeyState === 'PendingReplicaDeletion') continue;
            label = meta?.Description;
          }
          out.push({ arn: m.ResourceARN, region, type: `${service}:${kind}`, name: label, tags });
        }
        token = page.PaginationToken;
      } while (token);
    } finally {
      tagging.destroy();
      kms.destroy();
    }
  }
  const iam = new IAMClient({ region: env.primaryRegion, endpoint: options.endpoint });
  try {
    const prefix = `${env.stackName}-`;
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListRolesCommand({ Marker: marker }));
      for (const role of page.Roles ?? []) {
        if (!role.RoleName?.startsWith(prefix) || !role.Arn) continue;
        const tags = Object.fromEntries(((await iam.send(new ListRoleTagsCommand({ RoleName: role.RoleName }))).Tags ?? []).map((t) => [t.Key, t.Value]));
        if (tags[KIT_TAGS.environment] !== env.name || tags[KIT_TAGS.project] !== platform.project) continue;
        out.push({ arn: role.Arn, region: 'global', type: 'iam:role', name: role.RoleName, tags });
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
  } finally {
    iam.destroy();
  }
  return out;
}

export function orphanLines(stack: string, orphans: readonly Orphan[]): string[] {
  if (orphans.length === 0) return [`No resources of ${stack} exist outside its state.`];
  return [
    `${orphans.length} resource${orphans.length === 1 ? '' : 's'} of ${stack} exist in the account but not in its state:`,
    ...orphans.flatMap((o) => [
      `  - ${o.resource.type} ${o.resource.name ?? ''} (${o.resource.arn})`.replace(/ {2,}\(/, ' ('),
      `      ${o.why}:`,
      `      ${o.command}`,
    ]),
    'See docs/recovery.md before running any of these.',
  ];
}
