/**
 * A GCP spec is checked at load, before any construct exists: GCP's forms (project ids,
 * locations, IAM members), GCP's limits and names, keys of another cloud refused by name, and
 * what the GCP backend cannot do refused at its place. One line per problem, as the CLI prints.
 */
import { SpecError } from '../../lib/core/errors';
import { gcpExampleSpec, loadGcp } from './support/gcp-spec';
import type { Json } from './support/synth';

function problemsOf(raw: Json): string[] {
  try {
    loadGcp(raw);
    return [];
  } catch (e) {
    if (e instanceof SpecError) return e.problems.map((p) => `${p.path.join('.')}: ${p.message}`);
    throw e;
  }
}
const example = () => gcpExampleSpec();

describe('loading a GCP spec', () => {
  it('accepts the example', () => {
    expect(problemsOf(example())).toEqual([]);
  });

  it('refuses an AWS-only key, naming the key and the cloud', () => {
    const spec = example();
    spec.environments.prod.assumeRoleArn = 'arn:aws:iam::333333333333:role/deployer';
    spec.secrets['db/password'].rotation.window = '4h';
    expect(problemsOf(spec)).toEqual([
      expect.stringMatching(/^environments\.prod\.assumeRoleArn: .*`cloud: aws`.*gcp/),
      expect.stringMatching(/^secrets\.db\/password\.rotation\.window: .*`cloud: aws`.*gcp/),
    ]);
  });

  it('refuses a GCP-only key on AWS', () => {
    const spec = example();
    spec.cloud = 'aws';
    spec.regions = { primary: 'eu-west-1', replicas: [] };
    spec.environments = { dev: { account: '111111111111', impersonateServiceAccount: 'x@p.iam.gserviceaccount.com' } };
    spec.functions = {};
    spec.externalSync = {};
    expect(problemsOf(spec)).toContainEqual(expect.stringMatching(/^environments\.dev\.impersonateServiceAccount: .*`cloud: gcp`/));
  });

  it('checks GCP\'s own forms: project ids, locations, IAM members', () => {
    const spec = example();
    spec.environments.dev.account = '111111111111';
    spec.regions.replicas = ['us-east-9'];
    spec.environments.prod.keyAdmins = ['security@acme.example'];
    expect(problemsOf(spec)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^environments\.dev\.account: .*Google Cloud project id/),
        expect.stringMatching(/^environments\.prod\.keyAdmins\.0: .*IAM member/),
      ]),
    );
    const unknown = example();
    unknown.regions.replicas = ['europe-west99'];
    unknown.functions['payments-api'].regions = ['europe-west1'];
    expect(problemsOf(unknown)).toEqual([expect.stringMatching(/^regions\.replicas\.0: unknown Google Cloud location "europe-west99"/)]);
  });

  it('refuses the doppler preset: Doppler has no fixed principal on GCP', () => {
    const spec = example();
    spec.externalSync.doppler = { preset: 'doppler', secrets: ['stripe/*'] };
    expect(problemsOf(spec).join('\n')).toMatch(/externalSync\.doppler\.preset: .*gcp/);
  });

  it('refuses a rotation without `every`, and letters in `excludeCharacters`', () => {
    const spec = example();
    spec.secrets['db/password'].rotation = { function: 'builtin' };
    spec.secrets['auth/signing-key'].generate.excludeCharacters = 'O0l1';
    expect(problemsOf(spec)).toEqual([
      expect.stringMatching(/^secrets\.auth\/signing-key\.generate: `excludeCharacters` holds letters or digits \("O0l1"\)/),
      'secrets.db/password.rotation: on GCP a rotation needs `every` (such as `30d`): Secret Manager rotates on a period, not on a schedule expression',
    ]);
  });

  it('refuses two paths that would get one GCP id, naming both, once', () => {
    const spec = example();
    spec.secrets['stripe/key'] = { type: 'external' };
    spec.secrets['stripe__key'] = { type: 'external' };
    expect(problemsOf(spec)).toEqual([
      'secrets.stripe__key: gets the same secret id as secrets.stripe/key ("acme-payments_dev_stripe__key", "acme-payments_prod_stripe__key", "acme-payments_staging_stripe__key" in dev, prod, staging): ' +
        'GCP ids allow only letters, digits, `_` and `-`, so both encode alike; rename one of them',
    ]);
  });

  it('refuses a tag that cannot be a label', () => {
    const spec = example();
    spec.tags['team/owner'] = 'payments';
    expect(problemsOf(spec)).toEqual([expect.stringMatching(/^tags\.team\/owner: .*label key "team\/owner", which GCP refuses/)]);
  });

  it('refuses a sync without a principal', () => {
    const spec = example();
    delete spec.externalSync.doppler.principal;
    expect(problemsOf(spec)).toEqual(['externalSync.doppler: give `principal` (who writes the values) or a `preset` such as `doppler`']);
  });
});
