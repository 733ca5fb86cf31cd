/**
 * The core is cloud-neutral: a cloud's own keys are refused on another cloud by name, a
 * capability a backend lacks is refused at load with the place, and `lib/core` names no cloud.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { awsBackend } from '../../lib/aws/backend';
import { CLOUDS } from '../../lib/backends';
import type { BackendCapabilities, CloudSupport } from '../../lib/core/backend';
import { SpecError } from '../../lib/core/errors';
import { LoadOptions, loadPlatformObject } from '../../lib/core/loader';
import { baseSpec } from './fixtures';

/** A second cloud for these tests only: its own region and account forms and one key of its own. */
function otherCloud(capabilities: Partial<BackendCapabilities> = {}): CloudSupport {
  return {
    spec: {
      cloud: 'othercloud',
      region: z.string().regex(/^[a-z]+-[a-z]+[0-9]$/),
      account: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/),
      keys: { environment: { keyRingAdmins: z.array(z.string()).optional() } },
    },
    capabilities: { ...awsBackend.capabilities, ...capabilities },
    validate: () => [],
  };
}

const withOther = (cloud: CloudSupport): LoadOptions => ({ ...CLOUDS, clouds: { ...CLOUDS.clouds, othercloud: cloud } });

/** A spec every cloud understands: neutral keys only, in the other cloud's forms. */
function neutralSpec(): Record<string, any> {
  return {
    project: 'shop',
    cloud: 'othercloud',
    regions: { primary: 'europe-west1', replicas: ['us-central1'] },
    environments: { dev: { account: 'shop-dev-123' }, prod: { account: 'shop-prod-123' } },
    secrets: { 'db/password': { rotation: { every: '30d' } }, 'stripe/key': { type: 'external' } },
    parameters: { 'app/level': { value: 'info' } },
    functions: { api: { secrets: ['db/*'], parameters: ['app/level'] } },
    externalSync: { doppler: { preset: 'doppler', secrets: ['stripe/key'] } },
  };
}

function problemsOf(raw: unknown, options: LoadOptions): string[] {
  try {
    loadPlatformObject(raw, 'platform.yaml', options);
  } catch (e) {
    if (e instanceof SpecError) return e.problems.map((p) => `${p.path.join('.')}: ${p.message}`);
    throw e;
  }
  return [];
}

describe('one neutral vocabulary', () => {
  it('loads a spec of neutral keys on a second cloud', () => {
    expect(problemsOf(neutralSpec(), withOther(otherCloud()))).toEqual([]);
  });

  it('refuses an AWS-only key on another cloud, naming the key and both clouds', () => {
    const spec = neutralSpec();
    spec.environments.prod.assumeRoleArn = 'arn:aws:iam::222222222222:role/deployer';
    spec.secrets['db/password'].rotation.window = '4h';
    spec.parameters['app/level'].tier = 'Advanced';
    expect(problemsOf(spec, withOther(otherCloud())).sort()).toEqual([
      'secrets.db/password.rotation.window: `window` is a setting of `cloud: aws` only; this spec is `cloud: othercloud`: remove it or use that cloud\'s equivalent',
      'parameters.app/level.tier: `tier` is a setting of `cloud: aws` only; this spec is `cloud: othercloud`: remove it or use that cloud\'s equivalent',
      'environments.prod.assumeRoleArn: `assumeRoleArn` is a setting of `cloud: aws` only; this spec is `cloud: othercloud`: remove it or use that cloud\'s equivalent',
    ].sort());
  });

  it('refuses the other cloud\'s key on an AWS spec, and still suggests for a typo', () => {
    const spec = baseSpec() as Record<string, any>;
    spec.environments.dev.keyRingAdmins = ['group:admins@example.com'];
    spec.environments.dev.asumeRoleArn = 'arn:aws:iam::111111111111:role/x';
    const problems = problemsOf(spec, withOther(otherCloud()));
    expect(problems).toContain(
      'environments.dev.keyRingAdmins: `keyRingAdmins` is a setting of `cloud: othercloud` only; this spec is `cloud: aws`: remove it or use that cloud\'s equivalent',
    );
    expect(problems.find((p) => p.startsWith('environments.dev.asumeRoleArn'))).toMatch(/did you mean `assumeRoleArn`/);
  });

  it('checks the neutral account and region keys in each cloud\'s own form', () => {
    const spec = neutralSpec();
    spec.environments.dev.account = '111111111111';
    expect(problemsOf(spec, withOther(otherCloud()))).toEqual([expect.stringMatching(/^environments\.dev\.account: got "111111111111"/)]);
    expect(problemsOf({ ...baseSpec(), regions: { primary: 'europe-west1', replicas: [] } }, CLOUDS)).toEqual([
      expect.stringMatching(/^regions\.primary: got "europe-west1"; expected an AWS-style region name/),
    ]);
  });

  it('refuses a cloud whose backend is not in this build, without a stack trace', () => {
    const unavailable: LoadOptions = { ...CLOUDS, unavailable: { othercloud: otherCloud().spec } };
    expect(problemsOf(neutralSpec(), unavailable)).toEqual([
      `cloud: the \`othercloud\` backend is not available in this build yet; available: ${Object.keys(CLOUDS.clouds).join(', ')}`,
    ]);
  });
});

describe('capabilities are enforced at load', () => {
  it('refuses replication on a backend that cannot replicate, at each secret that asks', () => {
    expect(problemsOf(neutralSpec(), withOther(otherCloud({ replication: false })))).toEqual([
      'secrets.db/password.replicate: the `othercloud` backend cannot replicate secrets to other regions: set `replicate: false`, or remove the replica regions',
      'secrets.stripe/key.replicate: the `othercloud` backend cannot replicate secrets to other regions: set `replicate: false`, or remove the replica regions',
    ]);
    const unreplicated = neutralSpec();
    for (const s of Object.values<any>(unreplicated.secrets)) s.replicate = false;
    expect(problemsOf(unreplicated, withOther(otherCloud({ replication: false })))).toEqual([]);
  });

  it('refuses rotation, a sync preset and audit a backend lacks, each at its place', () => {
    const problems = problemsOf(neutralSpec(), withOther(otherCloud({ rotation: false, syncPresets: [], audit: false })));
    expect(problems).toEqual([
      'secrets.db/password.rotation: the `othercloud` backend cannot rotate secrets with the built-in function: remove `rotation`',
      'externalSync.doppler.preset: the `othercloud` backend cannot sync with the preset "doppler": known presets: none; give a `principal` instead',
      'audit.enabled: the `othercloud` backend cannot build an audit trail: set `audit.enabled: false`',
    ]);
  });
});

describe('lib/core knows no cloud', () => {
  const coreDir = path.resolve(__dirname, '..', '..', 'lib', 'core');
  const files = fs.readdirSync(coreDir).filter((f) => f.endsWith('.ts'));
  /** Words of one cloud's services, resources or identifiers. */
  const FORBIDDEN =
    /\bAWS\b|\baws\b|\bARNs?\b|arn:|\bIAM\b|Lambda|\bKMS\b|Secrets Manager|\bSSM\b|SecureString|CloudTrail|CloudWatch|\bS3\b|\bsns\b|alias\/|\bGCP\b|\bgcp\b|Google|Cloud KMS|Secret Manager|gserviceaccount|Azure|\brate\(|\bcron\(/;

  it.each(files)('%s imports no cloud backend, provider package or cloud SDK', (file) => {
    const text = fs.readFileSync(path.join(coreDir, file), 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.filter((i) => /^\.\.\/|@cdktf\/provider-|@aws-sdk|@google-cloud|googleapis|@azure/.test(i))).toEqual([]);
  });

  it.each(files)('%s names no cloud-only term', (file) => {
    const lines = fs.readFileSync(path.join(coreDir, file), 'utf8').split('\n');
    expect(lines.map((l, i) => `${i + 1}: ${l}`).filter((l) => FORBIDDEN.test(l))).toEqual([]);
  });

  it('the forbidden-terms check would catch a leak', () => {
    expect(FORBIDDEN.test("export const keyAlias = (p: string) => `alias/${p}`;")).toBe(true);
    expect(FORBIDDEN.test('/** a 12-digit AWS account id */')).toBe(true);
  });
});

describe('local mode is the backend\'s', () => {
  it('main.ts hands over the process environment and reads no cloud variable', () => {
    const main = fs.readFileSync(path.resolve(__dirname, '..', '..', 'main.ts'), 'utf8');
    expect(main).toMatch(/variables: process\.env/);
    expect(main.split('\n').filter((l) => !l.trim().startsWith('*') && /AWS_|GOOGLE_|_ENDPOINT/.test(l))).toEqual([]);
  });

  it('the AWS backend reads AWS_ENDPOINT_URL, and nothing when it is unset or empty', () => {
    expect(awsBackend.localEndpoint({ AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' })).toBe('http://127.0.0.1:5000');
    expect(awsBackend.localEndpoint({ AWS_ENDPOINT_URL: '' })).toBeUndefined();
    expect(awsBackend.localEndpoint({ GOOGLE_CLOUD_PROJECT: 'x' })).toBeUndefined();
  });
});
