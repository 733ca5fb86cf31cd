/**
 * Parameters: one per region where a function of the environment runs, plain values from the
 * spec (per environment), secure ones as SecureStrings under the region's key whose value is
 * written out of band and never enters state, and the read and write grants.
 */
import type { AwsEnvironment } from '../../lib/aws/environment';
import type { Grantee, PolicyStatement } from '../../lib/aws/policy';
import { SECURE_IGNORED_CHANGES, SECURE_PLACEHOLDER } from '../../lib/aws/ssm-parameter';
import { Json, resolveIn, resourcesOf, smallSpec, synthSpec } from '../support/synth';

const parametersNamed = (json: Json, name: string) => Object.values(resourcesOf(json, 'aws_ssm_parameter')).filter((p) => p.name === name);
const inRegion = (json: Json, name: string, region: string) => parametersNamed(json, name).find((p) => p.provider === `aws.${region}`)!;

class FakeGrantee implements Grantee {
  readonly granteeName = 'shop-dev-api';
  readonly added: PolicyStatement[] = [];
  addStatements(...statements: PolicyStatement[]): void {
    this.added.push(...statements);
  }
}

describe('SsmParameter', () => {
  const synthesized = synthSpec(smallSpec());
  const dev = synthesized.environment('dev').json;
  const prod = synthesized.environment('prod').json;

  it('exists in every region of the environment, whoever reads it', () => {
    for (const name of ['/shop/dev/app/level', '/shop/dev/db/host', '/shop/dev/db/token']) {
      expect(parametersNamed(dev, name).map((p) => p.provider).sort()).toEqual(['aws.eu-central-1', 'aws.eu-west-1', 'aws.us-east-1']);
    }
  });

  it('stays in every region when no function runs there any more: a SecureString\'s value is never destroyed by a change of readers', () => {
    const spec = smallSpec();
    spec.functions!.api.regions = ['eu-west-1'];
    const json = synthSpec(spec).environment('dev').json;
    expect(parametersNamed(json, '/shop/dev/db/host').map((p) => p.provider).sort()).toEqual(['aws.eu-central-1', 'aws.eu-west-1', 'aws.us-east-1']);
  });

  it('holds a plain value as a String, per environment when the spec says `values`', () => {
    expect(inRegion(dev, '/shop/dev/app/level', 'us-east-1')).toMatchObject({ type: 'String', insecure_value: 'debug', tier: 'Standard' });
    expect(inRegion(prod, '/shop/prod/app/level', 'eu-west-1')).toMatchObject({ type: 'String', insecure_value: 'warn' });
    expect(inRegion(dev, '/shop/dev/db/host', 'eu-west-1')).toMatchObject({ type: 'String', insecure_value: 'db.internal' });
  });

  it('escapes template sequences so a value reaches SSM exactly as written', () => {
    const spec = smallSpec();
    spec.parameters!['db/host'] = { value: 'a ${b} %{c}' };
    const json = synthSpec(spec).environment('dev').json;
    expect(inRegion(json, '/shop/dev/db/host', 'eu-west-1').insecure_value).toBe('a $${b} %%{c}');
  });

  describe('secure', () => {
    const euWest = inRegion(dev, '/shop/dev/db/token', 'eu-west-1');
    const usEast = inRegion(dev, '/shop/dev/db/token', 'us-east-1');

    it('is a SecureString under the key of its own region', () => {
      expect(euWest).toMatchObject({ type: 'SecureString', description: 'Token written by the vault sync' });
      expect(euWest.key_id).toMatch(/^\$\{aws_kms_key\.[^.]+\.arn\}$/);
      expect(usEast.key_id).toMatch(/^\$\{aws_kms_replica_key\.[^.]*us-east-1[^.]*\.arn\}$/);
    });

    it('writes only a placeholder, through the write-only value_wo, once; never `value` or `insecure_value`', () => {
      expect(euWest).toMatchObject({ value_wo: SECURE_PLACEHOLDER, value_wo_version: 1 });
      expect(euWest).not.toHaveProperty('value');
      expect(euWest).not.toHaveProperty('insecure_value');
    });

    it('leaves alone the arguments whose update would re-send an empty value', () => {
      expect(euWest.lifecycle.ignore_changes).toEqual([...SECURE_IGNORED_CHANGES]);
      expect(SECURE_IGNORED_CHANGES).toEqual(['description', 'key_id', 'tier']);
    });

    it('is protected from destroy in a protected environment only', () => {
      expect(euWest.lifecycle.prevent_destroy).toBe(false);
      expect(inRegion(prod, '/shop/prod/db/token', 'us-east-1').lifecycle.prevent_destroy).toBe(true);
      expect(inRegion(prod, '/shop/prod/db/host', 'us-east-1').lifecycle).toBeUndefined();
    });
  });

  describe('grants', () => {
    const aws = synthesized.environment('dev').root as AwsEnvironment;
    const resolve = (value: unknown) => resolveIn(aws, value) as any;

    it('grantRead of a plain parameter: GetParameter(s) on its ARN in that region, no KMS', () => {
      const grantee = new FakeGrantee();
      const added = aws.parameters.get('db/host')!.grantRead(grantee, 'us-east-1');
      expect(grantee.added).toEqual(added);
      expect(added).toEqual([
        {
          sid: 'ReadParameterDbHostUsEast1',
          actions: ['ssm:GetParameter', 'ssm:GetParameters'],
          resources: ['arn:aws:ssm:us-east-1:111111111111:parameter/shop/dev/db/host'],
        },
      ]);
    });

    it('every grantee of the same read gets the same statement, frozen: one copy however many roles read it', () => {
      const parameter = aws.parameters.get('db/token')!;
      const [first, second] = [parameter.grantRead(new FakeGrantee(), 'eu-west-1'), parameter.grantRead(new FakeGrantee(), 'eu-west-1')];
      expect(second).toHaveLength(2); // the read, and Decrypt of the key via SSM
      second.forEach((statement, i) => expect(statement).toBe(first[i]));
      for (const statement of first) {
        expect(Object.isFrozen(statement) && Object.isFrozen(statement.actions) && Object.isFrozen(statement.resources)).toBe(true);
        expect(() => (statement.actions as string[]).push('ssm:PutParameter')).toThrow(TypeError);
      }
      expect(parameter.grantRead(new FakeGrantee(), 'us-east-1')[0]).not.toBe(first[0]);
    });

    it('grantRead of a secure parameter adds Decrypt of the region\'s key via SSM for that parameter only', () => {
      const added = resolve(aws.parameters.get('db/token')!.grantRead(new FakeGrantee(), 'eu-west-1'));
      const arn = 'arn:aws:ssm:eu-west-1:111111111111:parameter/shop/dev/db/token';
      expect(added).toEqual([
        { sid: 'ReadParameterDbTokenEuWest1', actions: ['ssm:GetParameter', 'ssm:GetParameters'], resources: [arn] },
        {
          sid: 'DecryptParameterDbTokenEuWest1',
          actions: ['kms:Decrypt'],
          resources: [expect.stringMatching(/^\$\{aws_kms_key\.[^.]+\.arn\}$/)],
          conditions: { StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com', 'kms:EncryptionContext:PARAMETER_ARN': arn } },
        },
      ]);
    });

    it('grantWrite of a secure parameter: PutParameter and the encrypt half, in that region only', () => {
      const added = resolve(aws.parameters.get('db/token')!.grantWrite(new FakeGrantee(), 'us-east-1'));
      const arn = 'arn:aws:ssm:us-east-1:111111111111:parameter/shop/dev/db/token';
      expect(added).toEqual([
        { sid: 'WriteParameterDbTokenUsEast1', actions: ['ssm:PutParameter'], resources: [arn] },
        {
          sid: 'EncryptParameterDbTokenUsEast1',
          actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [expect.stringMatching(/^\$\{aws_kms_replica_key\.[^.]*us-east-1[^.]*\.arn\}$/)],
          conditions: { StringEquals: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com', 'kms:EncryptionContext:PARAMETER_ARN': arn } },
        },
      ]);
    });

    it('refuses to let anyone write a plain parameter, and refuses regions it is not in', () => {
      expect(() => aws.parameters.get('db/host')!.grantWrite(new FakeGrantee(), 'eu-west-1')).toThrow(/plain String whose value comes from the spec/);
      expect(() => aws.parameters.get('db/token')!.grantRead(new FakeGrantee(), 'ap-south-1')).toThrow(
        /parameter db\/token is not in ap-south-1; it is in: eu-west-1, eu-central-1, us-east-1/,
      );
    });
  });
});
