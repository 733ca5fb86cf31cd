import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { stableAddress } from '../../lib/aws/addresses';

function stackWith(build: (stack: TerraformStack) => void): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), 'test');
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

const parameter = (scope: Construct, id: string) =>
  new SsmParameter(scope, id, { name: '/p/dev/a', type: 'String', insecureValue: 'x' });

describe('stableAddress', () => {
  it('keeps the address when the construct moves: only the moved block\'s origin follows the construct path', () => {
    const flat = stackWith((s) => {
      new AwsProvider(s, 'aws', { region: 'eu-west-1' });
      stableAddress(parameter(s, 'a'), 'parameter_a_eu-west-1');
    });
    const nested = stackWith((s) => {
      new AwsProvider(s, 'aws', { region: 'eu-west-1' });
      stableAddress(parameter(new Construct(new Construct(s, 'outer'), 'inner'), 'renamed'), 'parameter_a_eu-west-1');
    });
    expect(Object.keys(flat.resource.aws_ssm_parameter)).toEqual(['parameter_a_eu-west-1']);
    expect(Object.keys(nested.resource.aws_ssm_parameter)).toEqual(['parameter_a_eu-west-1']);
    expect(flat.moved).toEqual([{ from: 'aws_ssm_parameter.a', to: 'aws_ssm_parameter.parameter_a_eu-west-1' }]);
    expect(nested.moved).toHaveLength(1);
    expect(nested.moved[0].from).toMatch(/^aws_ssm_parameter\.outer_inner_renamed_[0-9A-F]{8}$/);
    expect(nested.moved[0].to).toBe('aws_ssm_parameter.parameter_a_eu-west-1');
  });

  it('refuses two resources of one type at one address, naming both', () => {
    expect(() =>
      stackWith((s) => {
        new AwsProvider(s, 'aws', { region: 'eu-west-1' });
        stableAddress(parameter(s, 'one'), 'same');
        stableAddress(parameter(s, 'two'), 'same');
      }),
    ).toThrow(/aws_ssm_parameter\.same would be the address of both test\/one and test\/two/);
  });
});
