import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { PolicyDocument } from '../../../lib/aws/policy';
import { isScopableSecretAction } from '../../../lib/aws/guardrails/actions';
import { iamScopedResources, isWildcardResource } from '../../../lib/aws/guardrails/iam-scoped-resources';
import { verdicts } from '../../guardrails/support';

const TRUST = new PolicyDocument([{ principals: { Service: 'lambda.amazonaws.com' }, actions: ['sts:AssumeRole'] }]).toJson();
const SECRET = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme/dev/db/password-??????';

describe('KIT-IAM-SCOPED-RESOURCES', () => {
  test('compliant: exact ARNs, parameter subtrees, and actions AWS only grants on *', () => {
    const result = verdicts(iamScopedResources, (scope, provider) => {
      const role = new IamRole(scope, 'role', { provider, name: 'acme-dev-api', assumeRolePolicy: TRUST });
      new IamRolePolicy(scope, 'policy', {
        provider,
        role: role.id,
        policy: new PolicyDocument([
          { actions: ['secretsmanager:GetSecretValue'], resources: [SECRET] },
          { actions: ['ssm:GetParametersByPath'], resources: ['arn:aws:ssm:eu-west-1:111111111111:parameter/acme/dev/db/*'] },
          { actions: ['kms:Decrypt'], resources: [`\${aws_kms_key.key.arn}`] },
          { actions: ['secretsmanager:GetRandomPassword', 'ssm:DescribeParameters'], resources: ['*'] },
          { actions: ['logs:CreateLogStream'], resources: ['*'] },
          { effect: 'Deny', actions: ['kms:*'], resources: ['*'] },
        ]).toJson(),
      });
    });
    expect(result['aws_iam_role_policy.policy']).toBe('compliant');
    expect(result['aws_iam_role.role']).toBe('not-applicable');
  });

  test('non-compliant: * on secret reads, whole-service ARNs, NotResource, wildcard actions', () => {
    const result = verdicts(iamScopedResources, (scope, provider) => {
      new IamRolePolicy(scope, 'star', {
        provider,
        role: 'r',
        policy: new PolicyDocument([{ actions: ['secretsmanager:GetSecretValue'], resources: ['*'] }]).toJson(),
      });
      new IamRolePolicy(scope, 'service', {
        provider,
        role: 'r',
        policy: new PolicyDocument([{ actions: ['kms:Decrypt'], resources: ['arn:aws:kms:eu-west-1:111111111111:key/*'] }]).toJson(),
      });
      new IamRolePolicy(scope, 'not_resource', {
        provider,
        role: 'r',
        policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', NotResource: 'arn:aws:ssm:*:*:parameter/x' }] }),
      });
      new IamRolePolicy(scope, 'everything', {
        provider,
        role: 'r',
        policy: JSON.stringify({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }),
      });
    });
    expect(result['aws_iam_role_policy.star']).toMatch(/statement 1: allows secretsmanager:GetSecretValue on \*/);
    expect(result['aws_iam_role_policy.service']).toMatch(/allows kms:Decrypt on arn:aws:kms:eu-west-1:111111111111:key\/\*/);
    expect(result['aws_iam_role_policy.not_resource']).toMatch(/every resource except/);
    expect(result['aws_iam_role_policy.everything']).toMatch(/allows \* on \*/);
  });

  test('non-compliant: inline policies of a role and policy-document data sources are read too', () => {
    const result = verdicts(iamScopedResources, (scope, provider) => {
      const doc = new DataAwsIamPolicyDocument(scope, 'doc', {
        provider,
        statement: [{ actions: ['ssm:GetParameters'], resources: ['*'] }],
      });
      new IamRolePolicy(scope, 'from_data', { provider, role: 'r', policy: doc.json });
      new IamRole(scope, 'inline', {
        provider,
        assumeRolePolicy: TRUST,
        inlinePolicy: [{ name: 'read', policy: new PolicyDocument([{ actions: ['kms:Decrypt'], resources: ['*'] }]).toJson() }],
      });
    });
    expect(result['aws_iam_role_policy.from_data']).toMatch(/allows ssm:GetParameters on \*/);
    expect(result['aws_iam_role.inline']).toMatch(/inline_policy read statement 1: allows kms:Decrypt on \*/);
  });

  test('non-compliant: a policy that cannot be read is not waved through', () => {
    const result = verdicts(iamScopedResources, (scope, provider) => {
      new IamRolePolicy(scope, 'opaque', { provider, role: 'r', policy: '${jsonencode(local.policy)}' });
    });
    expect(result['aws_iam_role_policy.opaque']).toMatch(/cannot be read before apply/);
  });

  test.each([
    ['*', true],
    ['arn:aws:secretsmanager:eu-west-1:111111111111:secret:*', true],
    ['arn:aws:ssm:eu-west-1:111111111111:parameter/*', true],
    ['arn:aws:kms:*:*:*', true],
    ['arn:aws:secretsmanager:*:*:secret:acme/dev/*', false],
    ['arn:aws:ssm:eu-west-1:111111111111:parameter/acme/dev/db/*', false],
    ['arn:aws:logs:eu-west-1:111111111111:*', false],
  ])('a resource of %s is a wildcard: %s', (resource, expected) => {
    expect(isWildcardResource(resource)).toBe(expected);
  });

  test.each([
    ['secretsmanager:GetSecretValue', true],
    ['kms:Decrypt', true],
    ['ssm:GetParametersByPath', true],
    ['kms:List*', true],
    ['ssm:Get*', true],
    ['*', true],
    ['secretsmanager:GetRandomPassword', false],
    ['ssm:DescribeParameters', false],
    ['kms:ListAliases', false],
    ['ssm:SendCommand', false],
    ['ssm:List*', false],
    ['logs:PutLogEvents', false],
  ])('%s is a scopable secrets, parameters or keys action: %s', (action, expected) => {
    expect(isScopableSecretAction(action)).toBe(expected);
  });
});
