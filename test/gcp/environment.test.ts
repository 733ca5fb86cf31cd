/**
 * One GCP environment, built from a plan: keys per location, service agents granted exactly
 * those keys, secrets replicated under each location's key with their logical name, generated
 * values only through the write-only argument, regional parameters, rotation, and identities.
 */
import { GENERATED_VALUE_VERSION } from '../../lib/gcp/generated-secret-version';
import { ROLES } from '../../lib/gcp/iam';
import { parameterVersionId } from '../../lib/gcp/regional-parameter';
import { smallPlan } from './support/plans';
import { Json, resourcesOf, synthEnvironment } from './support/synth';

const LOCATIONS = ['europe-west1', 'europe-west3', 'us-east1'];

describe('GcpEnvironment', () => {
  const { json } = synthEnvironment(smallPlan());
  const prod = synthEnvironment(smallPlan({ env: 'prod', protect: true, keyRingName: 'shop-prod', keyAdmins: ['group:security@shop.example'] })).json;
  const secret = (id: string) => resourcesOf(json, 'google_secret_manager_secret')[`secret_${id}`];

  describe('providers', () => {
    it('pins google to the environment\'s project and labels everything, keys kept as written', () => {
      expect(json.provider.google).toEqual([
        {
          alias: 'google',
          project: 'shop-dev-123',
          region: 'europe-west1',
          default_labels: { environment: 'dev', 'managed-by': 'secrets-platform-kit', project: 'shop' },
        },
      ]);
    });

    it('impersonates the deployer service account when the plan names one', () => {
      const impersonated = synthEnvironment(smallPlan({ impersonateServiceAccount: 'deployer@shop-dev-123.iam.gserviceaccount.com' })).json;
      for (const p of [...impersonated.provider.google, ...impersonated.provider['google-beta']]) {
        expect(p.impersonate_service_account).toBe('deployer@shop-dev-123.iam.gserviceaccount.com');
      }
    });

    it('names its project on every resource that takes one', () => {
      for (const type of ['google_secret_manager_secret', 'google_kms_key_ring', 'google_service_account', 'google_parameter_manager_regional_parameter']) {
        for (const r of Object.values(resourcesOf(json, type))) expect(r.project).toBe('shop-dev-123');
      }
    });
  });

  describe('keys', () => {
    it('has a key ring and a symmetric key in every location, rotating every 90 days', () => {
      const rings = resourcesOf(json, 'google_kms_key_ring');
      expect(Object.values(rings).map((r) => [r.name, r.location])).toEqual(LOCATIONS.map((l) => ['shop-dev', l]));
      const keys = resourcesOf(json, 'google_kms_crypto_key');
      expect(Object.keys(keys)).toEqual(LOCATIONS.map((l) => `key_shop-dev_${l}`));
      for (const [address, key] of Object.entries(keys)) {
        expect(key).toMatchObject({ name: 'secrets', purpose: 'ENCRYPT_DECRYPT', rotation_period: '7776000s', key_ring: `\${google_kms_key_ring.${address.replace('key_', 'key_ring_')}.id}` });
        expect(key.lifecycle.prevent_destroy).toBe(false);
      }
    });

    it('refuses a rotation period above 90 days', () => {
      expect(() => synthEnvironment(smallPlan({ keyRotationDays: 91 }))).toThrow(/`rotationDays` must be a whole number of days from 1 to 90; got 91/);
    });

    it('protects keys and key rings in a protected environment, with a 30-day destruction delay, and gives key admins the key rings', () => {
      for (const type of ['google_kms_key_ring', 'google_kms_crypto_key']) {
        for (const r of Object.values(resourcesOf(prod, type))) expect(r.lifecycle).toEqual({ prevent_destroy: true });
      }
      for (const key of Object.values(resourcesOf(prod, 'google_kms_crypto_key'))) expect(key.destroy_scheduled_duration).toBe(`${30 * 86400}s`);
      const admins = Object.values(resourcesOf(prod, 'google_kms_key_ring_iam_member'));
      expect(admins.map((a) => [a.role, a.member])).toEqual(LOCATIONS.map(() => [ROLES.keyAdmin, 'group:security@shop.example']));
    });

    it('grants Secret Manager\'s service agent encrypt/decrypt on exactly the keys of the locations holding secrets', () => {
      const agent = resourcesOf(json, 'google_project_service_identity').service_agent_secretmanager;
      expect(agent).toMatchObject({ service: 'secretmanager.googleapis.com', project: 'shop-dev-123', provider: 'google-beta.google-beta' });
      const grants = Object.values(resourcesOf(json, 'google_kms_crypto_key_iam_member')).filter((g) => g.member.includes('service_agent_secretmanager'));
      expect(grants.map((g) => g.crypto_key_id).sort()).toEqual(LOCATIONS.map((l) => `\${google_kms_crypto_key.key_shop-dev_${l}.id}`));
      for (const g of grants) expect(g.role).toBe(ROLES.keyEncrypterDecrypter);
    });
  });

  describe('secrets', () => {
    it('replicates to every location, each replica under its own location\'s key', () => {
      expect(secret('shop_dev_db__password').replication).toEqual({
        user_managed: {
          replicas: LOCATIONS.map((location) => ({ location, customer_managed_encryption: { kms_key_name: `\${google_kms_crypto_key.key_shop-dev_${location}.id}` } })),
        },
      });
    });

    it('keeps an unreplicated secret in the primary only', () => {
      expect(secret('shop_dev_local__token').replication.user_managed.replicas.map((r: Json) => r.location)).toEqual(['europe-west1']);
    });

    it('records the logical name and description in annotations', () => {
      expect(secret('shop_dev_db__password').annotations).toMatchObject({ 'logical-name': 'shop/dev/db/password', description: 'Database password', kind: 'secret' });
      expect(secret('shop_dev_api__key').annotations).toEqual({ 'logical-name': 'shop/dev/api/key', kind: 'secret' });
    });

    it('waits for the agent\'s key grants', () => {
      expect(secret('shop_dev_api__key').depends_on).toEqual(LOCATIONS.map((l) => `google_kms_crypto_key_iam_member.key_user_secretmanager_shop-dev_${l}`));
    });

    it('is protected from deletion only in a protected environment', () => {
      expect(secret('shop_dev_api__key')).toMatchObject({ deletion_protection: false, version_destroy_ttl: `${7 * 86400}s` });
      for (const s of Object.values(resourcesOf(prod, 'google_secret_manager_secret'))) {
        expect(s).toMatchObject({ deletion_protection: true, version_destroy_ttl: `${30 * 86400}s` });
        expect(s.lifecycle.prevent_destroy).toBe(true);
      }
    });
  });

  describe('generated values', () => {
    const versions = resourcesOf(json, 'google_secret_manager_secret_version');

    it('writes the first value only through secret_data_wo, from the ephemeral random_password, once', () => {
      expect(versions.secret_value_shop_dev_db__password).toEqual({
        provider: 'google.google',
        secret: '${google_secret_manager_secret.secret_shop_dev_db__password.id}',
        secret_data_wo: '${ephemeral.random_password.shop_dev_db__password.result}',
        secret_data_wo_version: GENERATED_VALUE_VERSION,
        deletion_policy: 'ABANDON',
        lifecycle: { ignore_changes: ['enabled'] },
      });
      for (const v of Object.values(versions)) expect(v).not.toHaveProperty('secret_data');
    });

    it('generates with the spec\'s options (excluded specials removed from the special set)', () => {
      expect(json.ephemeral.random_password.shop_dev_db__password).toEqual({
        provider: 'random.random',
        length: 40,
        lower: true,
        upper: true,
        numeric: true,
        special: true,
        override_special: '!#$%&*()-_=+[]{}<>:?',
        min_lower: 1,
        min_upper: 1,
        min_numeric: 1,
        min_special: 1,
      });
    });

    it('creates no version for an external secret or a secure parameter', () => {
      expect(Object.keys(versions).sort()).toEqual(['secret_value_shop_dev_db__password', 'secret_value_shop_dev_legacy__pin', 'secret_value_shop_dev_local__token']);
      expect(Object.keys(json.ephemeral.random_password).sort()).toEqual(['shop_dev_db__password', 'shop_dev_legacy__pin', 'shop_dev_local__token']);
    });

    it('never puts a secret value in the synthesized configuration', () => {
      const text = JSON.stringify(json);
      expect(text).not.toMatch(/"secret_data"/);
      expect(text).not.toMatch(/random_password\.[^"]*\.result\}"[^}]*"secret_data"/);
    });
  });

  describe('rotation', () => {
    it('gives a rotated secret its period, a first rotation one period after the plan, and the topic', () => {
      expect(secret('shop_dev_db__password')).toMatchObject({
        rotation: { rotation_period: `${720 * 3600}s`, next_rotation_time: '${timeadd(plantimestamp(), "720h")}' },
        topics: [{ name: '${google_pubsub_topic.rotation_topic_shop-dev-rotation.id}' }],
        lifecycle: { ignore_changes: ['rotation[0].next_rotation_time'], prevent_destroy: false },
      });
      expect(secret('shop_dev_api__key')).not.toHaveProperty('rotation');
    });

    it('carries the generator options the rotator reads', () => {
      expect(JSON.parse(secret('shop_dev_db__password').annotations.generate)).toEqual({
        length: 40, excludeCharacters: '"@/', excludeNumbers: false, excludePunctuation: false, excludeUppercase: false, excludeLowercase: false, includeSpace: false,
      });
    });

    it('encrypts the topic with the primary key; only Secret Manager\'s agent publishes', () => {
      expect(resourcesOf(json, 'google_pubsub_topic')['rotation_topic_shop-dev-rotation']).toMatchObject({
        name: 'shop-dev-rotation',
        kms_key_name: '${google_kms_crypto_key.key_shop-dev_europe-west1.id}',
      });
      expect(Object.values(resourcesOf(json, 'google_pubsub_topic_iam_member'))).toEqual([
        expect.objectContaining({ role: ROLES.pubsubPublisher, member: 'serviceAccount:${google_project_service_identity.service_agent_secretmanager.email}' }),
      ]);
    });

    it('runs the built-in rotator on the topic as its own service account, in the primary location', () => {
      const fn = resourcesOf(json, 'google_cloudfunctions2_function')['rotator_shop-dev-rotation'];
      expect(fn).toMatchObject({
        location: 'europe-west1',
        build_config: { runtime: 'nodejs22', entry_point: 'rotate' },
        event_trigger: {
          event_type: 'google.cloud.pubsub.topic.v1.messagePublished',
          pubsub_topic: '${google_pubsub_topic.rotation_topic_shop-dev-rotation.id}',
          service_account_email: '${google_service_account.service_account_shop-dev-rotation.email}',
        },
        service_config: { ingress_settings: 'ALLOW_INTERNAL_ONLY', service_account_email: '${google_service_account.service_account_shop-dev-rotation.email}', environment_variables: { ROTATION_MIN_LENGTH: '24' } },
      });
    });

    it('gives your own rotator a subscription on the topic', () => {
      expect(Object.values(resourcesOf(json, 'google_pubsub_subscription'))).toEqual([
        expect.objectContaining({ name: 'shop-dev-rotation-legacy-rotator', topic: '${google_pubsub_topic.rotation_topic_shop-dev-rotation.id}', filter: 'attributes.eventType = "SECRET_ROTATE"' }),
      ]);
    });

    it('has no topic, rotator or Pub/Sub agent when nothing rotates', () => {
      const none = synthEnvironment(smallPlan({ secrets: smallPlan().secrets.map((s) => ({ ...s, rotation: undefined })) })).json;
      expect(resourcesOf(none, 'google_pubsub_topic')).toEqual({});
      expect(resourcesOf(none, 'google_cloudfunctions2_function')).toEqual({});
      expect(Object.keys(resourcesOf(none, 'google_project_service_identity')).sort()).toEqual(['service_agent_parametermanager', 'service_agent_secretmanager']);
    });
  });

  describe('parameters', () => {
    const parameters = resourcesOf(json, 'google_parameter_manager_regional_parameter');
    const versions = resourcesOf(json, 'google_parameter_manager_regional_parameter_version');

    it('exists in every location where a function runs plus the primary, under that location\'s key', () => {
      expect(Object.values(parameters).filter((p) => p.parameter_id === 'shop_dev_db__host').map((p) => [p.location, p.kms_key])).toEqual([
        ['europe-west1', '${google_kms_crypto_key.key_shop-dev_europe-west1.id}'],
        ['us-east1', '${google_kms_crypto_key.key_shop-dev_us-east1.id}'],
      ]);
    });

    it('holds the spec\'s value in a version named by its content', () => {
      expect(versions['parameter_value_shop_dev_db__host_us-east1']).toEqual(
        expect.objectContaining({
          parameter: '${google_parameter_manager_regional_parameter.parameter_shop_dev_db__host_us-east1.id}',
          parameter_version_id: parameterVersionId('db.dev.internal'),
          parameter_data: 'db.dev.internal',
          lifecycle: { create_before_destroy: true },
        }),
      );
    });

    it('keeps a secure parameter as a secret, with no value and a parameter-style logical name', () => {
      const s = resourcesOf(json, 'google_secret_manager_secret')['parameter_shop_dev_param_api__webhook-secret'];
      expect(s.annotations).toEqual({ 'logical-name': '/shop/dev/api/webhook-secret', kind: 'parameter' });
      expect(s.replication.user_managed.replicas.map((r: Json) => r.location)).toEqual(['europe-west1', 'us-east1']);
      expect(Object.values(parameters).some((p) => p.parameter_id.includes('webhook'))).toBe(false);
    });

    it('escapes a value Terraform would read as a template', () => {
      const plan = smallPlan();
      const templated = synthEnvironment({ ...plan, parameters: [{ ...plan.parameters[0], value: '${var.x} %{if}' }, ...plan.parameters.slice(1)] }).json;
      expect(resourcesOf(templated, 'google_parameter_manager_regional_parameter_version')['parameter_value_shop_dev_app__log-level_europe-west1'].parameter_data).toBe('$${var.x} %%{if}');
    });
  });

  describe('identities', () => {
    it('creates one service account per function, sync and the rotator, named within 30 characters', () => {
      const accounts = Object.values(resourcesOf(json, 'google_service_account'));
      expect(accounts.map((a) => [a.account_id, a.display_name]).sort()).toEqual([
        ['shop-dev-api', 'shop-dev-api'],
        ['shop-dev-rotation', 'shop-dev-rotation'],
        ['shop-dev-sync-vendor', 'shop-dev-sync-vendor'],
        ['shop-dev-webhooks', 'shop-dev-webhooks'],
      ]);
    });

    it('lets the sync\'s principal impersonate the sync account, and nothing else', () => {
      expect(Object.values(resourcesOf(json, 'google_service_account_iam_member'))).toEqual([
        expect.objectContaining({
          role: ROLES.tokenCreator,
          member: 'serviceAccount:sync@vendor-project.iam.gserviceaccount.com',
          service_account_id: '${google_service_account.service_account_shop-dev-sync-vendor.name}',
        }),
      ]);
    });
  });
});
