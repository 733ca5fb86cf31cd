import { parseTemplateJson, readPolicy } from '../../../lib/aws/guardrails/policy-reader';

describe('reading policies as Terraform will evaluate them', () => {
  test('expressions with their own quotes inside JSON strings are kept whole', () => {
    const text =
      '{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue",' +
      '"Resource":"${replace(aws_secretsmanager_secret.x.arn, "eu-west-1", "us-east-1")}"}]}';
    expect(parseTemplateJson(text)).toEqual({
      Statement: [
        {
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: '${replace(aws_secretsmanager_secret.x.arn, "eu-west-1", "us-east-1")}',
        },
      ],
    });
  });

  test('several expressions in one string, and `$${` (a literal `${`), come back as written', () => {
    expect(parseTemplateJson('{"A":"$${literal}","B":"${x.y}-${z.w}","C":["${local.a}"]}')).toEqual({
      A: '$${literal}',
      B: '${x.y}-${z.w}',
      C: ['${local.a}'],
    });
  });

  test('statements come back with every field as a list and condition keys lower-cased', () => {
    const read = readPolicy(
      JSON.stringify({
        Statement: { Effect: 'Allow', Principal: { AWS: '*', Service: ['logs.amazonaws.com'] }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': '1' } } },
      }),
    );
    expect(read).toEqual({
      statements: [
        {
          effect: 'Allow',
          principals: ['*', 'logs.amazonaws.com'],
          actions: ['kms:Decrypt'],
          notActions: [],
          resources: ['*'],
          notResources: [],
          conditionKeys: ['kms:calleraccount'],
        },
      ],
    });
  });

  test('a whole-document expression or broken JSON is reported unreadable, never read as empty', () => {
    expect(readPolicy('${data.x.y.json}')).toEqual({ unreadable: expect.stringMatching(/cannot be read before apply/) });
    expect(readPolicy('{"Statement": [')).toEqual({ unreadable: expect.stringMatching(/not JSON/) });
    expect(readPolicy(undefined)).toBeUndefined();
  });
});
