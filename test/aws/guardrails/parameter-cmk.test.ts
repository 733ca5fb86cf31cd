import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { parameterCmk } from '../../../lib/aws/guardrails/parameter-cmk';
import { verdicts } from '../../guardrails/support';

describe('KIT-PARAMETER-CMK', () => {
  test('compliant: a SecureString under the environment key', () => {
    const result = verdicts(parameterCmk, (scope, provider) => {
      new SsmParameter(scope, 'secure', {
        provider,
        name: '/acme/dev/stripe/webhook-secret',
        type: 'SecureString',
        keyId: 'arn:aws:kms:eu-west-1:111111111111:key/mrk-1234',
      });
      new SsmParameter(scope, 'plain', { provider, name: '/acme/dev/app/log-level', type: 'String', value: 'info' });
    });
    expect(result['aws_ssm_parameter.secure']).toBe('compliant');
    expect(result['aws_ssm_parameter.plain']).toBe('not-applicable');
  });

  test('non-compliant: a SecureString without a key or under alias/aws/ssm', () => {
    const result = verdicts(parameterCmk, (scope, provider) => {
      new SsmParameter(scope, 'default', { provider, name: '/acme/dev/a', type: 'SecureString' });
      new SsmParameter(scope, 'managed', { provider, name: '/acme/dev/b', type: 'SecureString', keyId: 'alias/aws/ssm' });
    });
    expect(result['aws_ssm_parameter.default']).toMatch(/no key is set.*aws\/ssm/);
    expect(result['aws_ssm_parameter.managed']).toMatch(/AWS managed key/);
  });
});
