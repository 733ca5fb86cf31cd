/**
 * A function's execution role: assumable only by Lambda on behalf of the environment's account,
 * allowed exactly what the function declares in each region it runs, and nothing else.
 *
 * No statement needs a `*` resource: every action granted (CloudWatch Logs streams and events,
 * Secrets Manager reads, SSM reads, KMS decrypt) supports resource-level permissions, so each
 * names its exact ARN. A role that needs an action without resource-level support must list it
 * here with the reason.
 */
import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { EnvironmentModel, FunctionModel, SecretModel } from './model';
import * as names from './names';
import { addresses } from './addresses';
import { logGroupStreamsArn, parameterArn } from './arns';
import { inlineRole, provisioned } from './inline-role';
import { Grantee, PolicyStatement, sidFor } from './policy';
import { RoleStatements } from './role-statements';

/** What an execution role needs of its environment: only what it reads, so it can be built and tested alone. */
export type ExecutionRoleEnvironment = Pick<EnvironmentModel, 'account' | 'name' | 'parameterPrefix' | 'permissionsBoundaryArn' | 'primaryRegion' | 'secrets'>;

/** The service that assumes every execution role. */
export const LAMBDA_SERVICE_PRINCIPAL = 'lambda.amazonaws.com';

/**
 * Lambda creates the group on first invocation unless it exists, then writes streams and events.
 * `logs:CreateLogGroup` is kept (as in Lambda's own basic execution policy) because the kit does
 * not create the function or its group: without it a function deployed by another tool would log
 * nowhere. All three are scoped to the function's own group, never `*`.
 */
export const LOG_ACTIONS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/** Reading a subtree with one call; IAM authorizes it against the requested path itself. */
export const READ_BY_PATH_ACTION = 'ssm:GetParametersByPath';

/** A secret as a function reads it: its ARN in a region and a grant that adds the KMS half. */
export interface ReadableSecret {
  arn(region: string): string;
  grantRead(grantee: Grantee, region: string): unknown;
}

/** A parameter as a function reads it: a grant that adds the KMS half for secure ones. */
export interface ReadableParameter {
  grantRead(grantee: Grantee, region: string): unknown;
}

export interface ExecutionRoleProps {
  readonly project: string;
  readonly env: ExecutionRoleEnvironment;
  readonly fn: FunctionModel;
  /** IAM is global: the role and its policy go through this (the primary region's) provider. */
  readonly provider: AwsProvider;
  /** The environment's secrets by logical path; must hold every secret the function reads. */
  readonly secrets: ReadonlyMap<string, ReadableSecret>;
  /** The environment's parameters by logical path; must hold every parameter the function reads. */
  readonly parameters: ReadonlyMap<string, ReadableParameter>;
}

/** Variable name -> value, per region the function runs in. */
export type EnvironmentMap = Record<string, Record<string, string>>;

export class ExecutionRole extends Construct implements Grantee {
  readonly granteeName: string;
  readonly role: IamRole;
  readonly policy: IamRolePolicy;
  /** What a function needs, per region, to find what it reads (also a stack output). */
  readonly environmentMap: EnvironmentMap;
  private readonly statements: RoleStatements;

  constructor(scope: Construct, id: string, props: ExecutionRoleProps) {
    super(scope, id);
    const { env, fn, provider } = props;
    this.granteeName = fn.roleName;
    ({ role: this.role, policy: this.policy, statements: this.statements } = inlineRole(this, {
      provider,
      name: fn.roleName,
      description: `Execution role of ${fn.name} in ${env.name}: reads only what the platform spec declares`,
      assumeRolePolicy: lambdaTrustPolicy(env.account),
      permissionsBoundary: env.permissionsBoundaryArn,
      address: addresses.functionRole(fn.id),
    }));

    this.addStatements(...logStatements(env, fn));
    this.addStatements(...readByPathStatements(props.project, env, fn));
    this.environmentMap = this.grantDeclared(props);

    new TerraformOutput(this, 'role-arn', {
      value: this.role.arn,
      description: `ARN of the execution role of ${fn.name}`,
    }).overrideLogicalId(`function_${fn.id}_role_arn`);
    new TerraformOutput(this, 'environment', {
      value: this.environmentMap,
      description: `Environment variables of ${fn.name}, per region it runs in`,
    }).overrideLogicalId(`function_${fn.id}_environment`);
  }

  addStatements(...statements: PolicyStatement[]): void {
    this.statements.add(...statements);
  }

  /** The statements collected so far, in the order the policy renders them. */
  get policyStatements(): readonly PolicyStatement[] {
    return this.statements.all;
  }

  /** Grants every declared secret and parameter in every region, and records where to find it. */
  private grantDeclared(props: ExecutionRoleProps): EnvironmentMap {
    const { project, env, fn } = props;
    const map: EnvironmentMap = {};
    const granted = new Set<string>();
    for (const region of fn.regions) {
      const vars = new EnvironmentVariables(fn);
      vars.set(names.PARAMETER_ROOT_ENV_VAR, env.parameterPrefix, 'the parameter root');
      for (const path of fn.secrets) {
        const secret = provisioned(props.secrets, path, `function ${fn.name} reads the secret`);
        const readFrom = secretRegionFor(env, secretModel(env, path), region);
        // A secret without a replica here is read from the primary: grant that region once only.
        if (!granted.has(`${path}@${readFrom}`)) secret.grantRead(this, readFrom);
        granted.add(`${path}@${readFrom}`);
        vars.set(names.secretArnEnvVar(path), secret.arn(readFrom), `the secret ${path}`);
      }
      for (const path of fn.parameters) {
        provisioned(props.parameters, path, `function ${fn.name} reads the parameter`).grantRead(this, region);
        vars.set(names.parameterNameEnvVar(path), names.parameterName(project, env.name, path), `the parameter ${path}`);
      }
      for (const subtree of fn.parameterSubtrees) {
        vars.set(names.parameterSubtreeEnvVar(subtree), names.parameterName(project, env.name, subtree), `the subtree ${subtree}/*`);
      }
      map[region] = vars.all;
    }
    return map;
  }
}

/** Lambda, and only on behalf of the environment's own account (the confused-deputy guard). */
function lambdaTrustPolicy(account: string): string {
  return RoleStatements.trustPolicy({
    principals: { Service: LAMBDA_SERVICE_PRINCIPAL },
    actions: ['sts:AssumeRole'],
    conditions: { StringEquals: { 'aws:SourceAccount': account } },
  });
}

function logStatements(env: ExecutionRoleEnvironment, fn: FunctionModel): PolicyStatement[] {
  return fn.regions.map((region) => ({
    sid: sidFor('Logs', region),
    actions: [...LOG_ACTIONS],
    resources: [logGroupStreamsArn(region, env.account, fn.logGroupName)],
  }));
}

/**
 * `db/*` -> GetParametersByPath on `/{project}/{env}/db` itself: the path in the request is
 * what IAM checks, and a recursive call on it returns the whole subtree and nothing beside it
 * (`/{project}/{env}/dbx` is another path). No wildcard: that would also allow sub-paths to be
 * requested, which a recursive call on the subtree already covers.
 */
function readByPathStatements(project: string, env: ExecutionRoleEnvironment, fn: FunctionModel): PolicyStatement[] {
  if (fn.parameterSubtrees.length === 0) return [];
  return fn.regions.map((region) => ({
    sid: sidFor('ReadByPath', region),
    actions: [READ_BY_PATH_ACTION],
    resources: fn.parameterSubtrees.map((subtree) => parameterArn(region, env.account, names.parameterName(project, env.name, subtree))),
  }));
}

/** A function reads the copy in its own region when there is one, else the primary. */
export function secretRegionFor(env: ExecutionRoleEnvironment, secret: SecretModel, region: string): string {
  return region === env.primaryRegion || secret.replicaRegions.includes(region) ? region : env.primaryRegion;
}

function secretModel(env: ExecutionRoleEnvironment, path: string): SecretModel {
  const secret = env.secrets.find((s) => s.path === path);
  if (!secret) throw new Error(`environment ${env.name}: no secret ${path} in the model`);
  return secret;
}

/** A function's variables in one region; two entries never silently share a name. */
class EnvironmentVariables {
  readonly all: Record<string, string> = {};
  private readonly owners = new Map<string, string>();

  constructor(private readonly fn: FunctionModel) {}

  set(name: string, value: string, owner: string): void {
    const earlier = this.owners.get(name);
    if (earlier !== undefined && earlier !== owner) {
      throw new Error(`function ${this.fn.name}: ${earlier} and ${owner} would both be handed over in ${name}; rename one of them`);
    }
    this.owners.set(name, owner);
    this.all[name] = value;
  }
}
