import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { trailMultiRegion } from '../../../lib/aws/guardrails/trail-multi-region';
import { verdicts } from '../../guardrails/support';

describe('KIT-TRAIL-MULTI-REGION', () => {
  test('compliant: multi-region with log file validation', () => {
    const result = verdicts(trailMultiRegion, (scope, provider) => {
      new Cloudtrail(scope, 'trail', { provider, name: 'acme-audit', s3BucketName: 'b', isMultiRegionTrail: true, enableLogFileValidation: true });
    });
    expect(result['aws_cloudtrail.trail']).toBe('compliant');
  });

  test('non-compliant: single-region, unvalidated, global events off, logging off', () => {
    const result = verdicts(trailMultiRegion, (scope, provider) => {
      new Cloudtrail(scope, 'trail', {
        provider,
        name: 'acme-audit',
        s3BucketName: 'b',
        includeGlobalServiceEvents: false,
        enableLogging: false,
      });
    });
    expect(result['aws_cloudtrail.trail']).toBe(
      '`is_multi_region_trail` is not true; `enable_log_file_validation` is not true; ' +
        '`include_global_service_events` is false; `enable_logging` is false',
    );
  });
});
