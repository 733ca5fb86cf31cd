import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { PolicyDocument } from '../../../lib/aws/policy';
import { policyPublicPrincipal } from '../../../lib/aws/guardrails/policy-public-principal';
import { verdicts } from '../../guardrails/support';

const ACCOUNT_ROOT = 'arn:aws:iam::111111111111:root';

describe('KIT-POLICY-PUBLIC-PRINCIPAL', () => {
  test('compliant: named principals, * pinned by kms:CallerAccount, and Deny statements for *', () => {
    const result = verdicts(policyPublicPrincipal, (scope, provider) => {
      new KmsKey(scope, 'key', {
        provider,
        policy: new PolicyDocument([
          { principals: { AWS: ACCOUNT_ROOT }, actions: ['kms:*'], resources: ['*'] },
          {
            principals: { AWS: '*' },
            actions: ['kms:Decrypt'],
            resources: ['*'],
            conditions: { StringEquals: { 'kms:CallerAccount': '111111111111', 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          },
        ]).toJson(),
      });
      new SecretsmanagerSecretPolicy(scope, 'secret_policy', {
        provider,
        secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:x',
        policy: new PolicyDocument([
          { effect: 'Deny', principals: { AWS: '*' }, actions: ['secretsmanager:*'], resources: ['*'], conditions: { Bool: { 'aws:SecureTransport': 'false' } } },
        ]).toJson(),
      });
      new LambdaPermission(scope, 'invoke', { provider, action: 'lambda:InvokeFunction', functionName: 'f', principal: 'secretsmanager.amazonaws.com' });
      new KmsKey(scope, 'no_policy', { provider });
    });
    expect(result).toMatchObject({
      'aws_kms_key.key': 'compliant',
      'aws_secretsmanager_secret_policy.secret_policy': 'compliant',
      'aws_lambda_permission.invoke': 'compliant',
      'aws_kms_key.no_policy': 'not-applicable',
    });
  });

  test('non-compliant: * without a condition on who, in a key policy, a secret policy, a trust policy, a permission', () => {
    const open = new PolicyDocument([
      { principals: { AWS: '*' }, actions: ['kms:Decrypt'], resources: ['*'], conditions: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } } },
    ]).toJson();
    const result = verdicts(policyPublicPrincipal, (scope, provider) => {
      new KmsKey(scope, 'key', { provider, policy: open });
      new SecretsmanagerSecretPolicy(scope, 'secret_policy', {
        provider,
        secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:x',
        policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] }),
      });
      new IamRole(scope, 'role', {
        provider,
        assumeRolePolicy: new PolicyDocument([{ principals: { AWS: ['*'] }, actions: ['sts:AssumeRole'] }]).toJson(),
      });
      new LambdaPermission(scope, 'invoke', { provider, action: 'lambda:InvokeFunction', functionName: 'f', principal: '*' });
    });
    expect(result['aws_kms_key.key']).toMatch(/policy statement 1 allows kms:Decrypt to principal \*/);
    expect(result['aws_secretsmanager_secret_policy.secret_policy']).toMatch(/principal \*/);
    expect(result['aws_iam_role.role']).toMatch(/assume_role_policy statement 1 allows sts:AssumeRole to principal \*/);
    expect(result['aws_lambda_permission.invoke']).toMatch(/without source_account/);
  });
});
