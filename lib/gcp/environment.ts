/**
 * Everything one environment provisions on GCP, composed from the constructs of this folder.
 * Reads only its plan (every id already built by the names module).
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { EnvironmentKeys } from './environment-keys';
import { BuiltinRotator, CustomRotator, RotationTopic } from './environment-rotation';
import { FunctionIdentity } from './function-identity';
import { GeneratedSecretVersion } from './generated-secret-version';
import type { GcpGrant } from './iam';
import type { GcpEnvironmentPlan, GcpSecretPlan } from './plan';
import { GoogleProviders } from './providers';
import { RegionalParameter } from './regional-parameter';
import { ReplicatedSecret, SECRET_ANNOTATIONS } from './replicated-secret';
import { encodeGenerateOptions } from './rotation/generate';
import { ServiceAgent } from './service-agents';
import { SyncIdentity } from './sync-identity';

export interface GcpEnvironmentProps {
  readonly plan: GcpEnvironmentPlan;
}

export class GcpEnvironment extends Construct {
  readonly providers: GoogleProviders;
  readonly keys: EnvironmentKeys;
  /** Secrets by logical path. */
  readonly secrets: ReadonlyMap<string, ReplicatedSecret>;
  /** Secure parameters (kept as secrets) by logical path. */
  readonly secureParameters: ReadonlyMap<string, ReplicatedSecret>;
  /** Plain parameters by logical path. */
  readonly parameters: ReadonlyMap<string, RegionalParameter>;
  readonly generatedValues: ReadonlyMap<string, GeneratedSecretVersion>;
  readonly identities: ReadonlyMap<string, FunctionIdentity>;
  readonly syncs: ReadonlyMap<string, SyncIdentity>;
  readonly rotationTopic?: RotationTopic;
  readonly builtinRotator?: BuiltinRotator;
  readonly customRotators: ReadonlyMap<string, CustomRotator>;
  /** Every grant the environment makes, service agents' included. */
  readonly grants: readonly GcpGrant[];

  constructor(scope: Construct, id: string, props: GcpEnvironmentProps) {
    super(scope, id);
    const { plan } = props;
    const project = plan.gcpProject;
    const labels = plan.labels;
    this.providers = new GoogleProviders(this, 'providers', {
      project,
      region: plan.primaryLocation,
      impersonateServiceAccount: plan.impersonateServiceAccount,
      labels,
    });
    const provider = this.providers.google;
    const grants: GcpGrant[] = [];

    const keys = (this.keys = new EnvironmentKeys(this, 'keys', {
      provider,
      project,
      locations: plan.locations,
      keyRingName: plan.keyRingName,
      rotationDays: plan.keyRotationDays,
      destroyScheduledDays: plan.keyDestroyScheduledDays,
      protect: plan.protect,
      admins: plan.keyAdmins,
      labels,
    }));

    const agent = (service: 'secretmanager' | 'parametermanager' | 'pubsub') =>
      new ServiceAgent(this, `agent-${service}`, { provider: this.providers.googleBeta, project, service });
    const keyUse = (a: ServiceAgent, locations: readonly string[]): ITerraformDependable[] => {
      const granted = keys.grantEncryptDecrypt(a, locations, a.service);
      grants.push(...granted.grants);
      return granted.members;
    };

    // Secret Manager's agent encrypts with the key of every location holding a replica.
    const secretLocations = [...new Set([...plan.secrets.flatMap((s) => s.locations), ...plan.parameters.filter((p) => p.secure).flatMap((p) => p.locations)])];
    const secretsAgent = secretLocations.length > 0 ? agent('secretmanager') : undefined;
    const secretKeyGrants = secretsAgent ? keyUse(secretsAgent, plan.locations.filter((l) => secretLocations.includes(l))) : [];

    // Rotation topic first: rotated secrets name it, and Secret Manager checks it can publish there.
    const rotated = plan.secrets.filter((s) => s.rotation);
    let topicDeps: ITerraformDependable[] = [];
    if (plan.rotation && rotated.length > 0 && secretsAgent) {
      const pubsub = agent('pubsub');
      const topic = (this.rotationTopic = new RotationTopic(this, 'rotation-topic', {
        provider,
        project,
        name: plan.rotation.name,
        kmsKeyId: keys.keyId(plan.primaryLocation),
        publisher: secretsAgent,
        labels,
        dependsOn: keyUse(pubsub, [plan.primaryLocation]),
      }));
      grants.push(...topic.grants);
      topicDeps = [topic.publisherGrant];
    }

    const secretOf = (s: GcpSecretPlan) =>
      new ReplicatedSecret(this, `secret-${s.secretId}`, {
        provider,
        project,
        secretId: s.secretId,
        logicalName: s.logicalName,
        path: s.path,
        description: s.description,
        locations: s.locations,
        keys,
        protect: plan.protect,
        labels,
        rotation: s.rotation && this.rotationTopic ? { periodHours: s.rotation.periodHours, topic: this.rotationTopic.id } : undefined,
        annotations: s.rotation && s.generate ? { [SECRET_ANNOTATIONS.generate]: encodeGenerateOptions(s.generate) } : undefined,
        dependsOn: [...secretKeyGrants, ...(s.rotation ? topicDeps : [])],
      });
    this.secrets = new Map(plan.secrets.map((s) => [s.path, secretOf(s)]));
    this.generatedValues = new Map(
      plan.secrets
        .filter((s) => s.generate)
        .map((s) => [
          s.path,
          new GeneratedSecretVersion(this, `value-${s.secretId}`, { secret: this.secrets.get(s.path)!, generate: s.generate!, provider, random: this.providers.random }),
        ]),
    );

    const secure = plan.parameters.filter((p) => p.secure);
    const plain = plan.parameters.filter((p) => !p.secure);
    this.secureParameters = new Map(
      secure.map((p) => [
        p.path,
        new ReplicatedSecret(this, `secure-parameter-${p.id}`, {
          provider,
          project,
          secretId: p.id,
          logicalName: p.logicalName,
          path: p.path,
          kind: 'parameter',
          description: p.description,
          locations: p.locations,
          keys,
          protect: plan.protect,
          labels,
          dependsOn: secretKeyGrants,
        }),
      ]),
    );
    const parameterLocations = [...new Set(plain.flatMap((p) => p.locations))];
    const parameterKeyGrants = plain.length > 0 ? keyUse(agent('parametermanager'), plan.locations.filter((l) => parameterLocations.includes(l))) : [];
    this.parameters = new Map(
      plain.map((p) => [
        p.path,
        new RegionalParameter(this, `parameter-${p.id}`, {
          provider,
          project,
          parameterId: p.id,
          path: p.path,
          value: p.value ?? '',
          locations: p.locations,
          keys,
          protect: plan.protect,
          labels,
          dependsOn: parameterKeyGrants,
        }),
      ]),
    );

    const lookup = <T>(map: ReadonlyMap<string, T>, path: string, what: string, who: string): T => {
      const found = map.get(path);
      if (!found) throw new Error(`${who} names ${what} ${path}, which the environment ${plan.env} does not have`);
      return found;
    };
    const secretsFor = (who: string, secretPaths: readonly string[], parameterPaths: readonly string[]) => [
      ...secretPaths.map((p) => lookup(this.secrets, p, 'secret', who)),
      ...parameterPaths.filter((p) => this.secureParameters.has(p)).map((p) => this.secureParameters.get(p)!),
    ];

    this.identities = new Map(
      plan.functions.map((fn) => {
        const identity = new FunctionIdentity(this, `function-${fn.name}`, {
          provider,
          project,
          name: fn.identityName,
          locations: fn.locations,
          secrets: secretsFor(`function ${fn.name}`, fn.secrets, fn.parameters),
          parameters: fn.parameters.filter((p) => !this.secureParameters.has(p)).map((p) => lookup(this.parameters, p, 'parameter', `function ${fn.name}`)),
        });
        grants.push(...identity.grants);
        return [fn.name, identity];
      }),
    );
    this.syncs = new Map(
      plan.syncs.map((sync) => {
        const identity = new SyncIdentity(this, `sync-${sync.name}`, {
          provider,
          project,
          name: sync.identityName,
          principal: sync.principal,
          secrets: secretsFor(`sync ${sync.name}`, sync.secrets, sync.parameters.map((p) => {
            if (!this.secureParameters.has(p)) throw new Error(`sync ${sync.name} writes parameter ${p}, which is not secure: a sync writes only secure parameters`);
            return p;
          })),
          read: sync.read,
        });
        grants.push(...identity.grants);
        return [sync.name, identity];
      }),
    );

    const builtin = rotated.filter((s) => s.rotation!.rotator.kind === 'builtin');
    if (this.rotationTopic && plan.rotation?.builtin && builtin.length > 0) {
      this.builtinRotator = new BuiltinRotator(this, 'rotator', {
        provider,
        project,
        name: plan.rotation.name,
        location: plan.primaryLocation,
        topic: this.rotationTopic,
        secrets: builtin.map((s) => this.secrets.get(s.path)!),
        sourceBucketName: plan.rotation.builtin.sourceBucketName,
        minLength: plan.rotation.builtin.minLength,
        protect: plan.protect,
        labels,
      });
      grants.push(...this.builtinRotator.grants);
    }
    const byEmail = new Map<string, ReplicatedSecret[]>();
    for (const s of rotated) {
      const r = s.rotation!.rotator;
      if (r.kind === 'custom') byEmail.set(r.serviceAccountEmail, [...(byEmail.get(r.serviceAccountEmail) ?? []), this.secrets.get(s.path)!]);
    }
    const topic = this.rotationTopic;
    this.customRotators = new Map(
      topic
        ? [...byEmail.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([email, secrets]) => {
            const rotator = new CustomRotator(this, `rotator-${email}`, {
              provider,
              project,
              serviceAccountEmail: email,
              namePrefix: plan.rotation!.name,
              topic,
              secrets,
              labels,
            });
            grants.push(...rotator.grants);
            return [email, rotator] as const;
          })
        : [],
    );
    this.grants = grants;
  }
}
