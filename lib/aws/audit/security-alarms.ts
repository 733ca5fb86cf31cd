/**
 * Metric filters over the trail's log group and one alarm per check, each notifying the alarm
 * topic: denied access, secret changes, key changes, trail changes, and, per environment, reads
 * of its secrets by anyone other than their declared readers and rotation role.
 */
import { Construct } from 'constructs';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { EnvironmentModel } from '../model';
import { auditAlarmName, idFor, unexpectedReaderAlarmName, unexpectedReaderEnvironmentFilterName, unexpectedReaderFilterName } from '../names';
import { FIXED_CHECKS, environmentReaderFilter, fitsFilterPerSecret, readerFilter } from './patterns';
import type { AlarmTopic } from './alarm-topic';
import { addresses, stableAddress } from '../addresses';

/** Seconds per evaluation: any matching event in five minutes raises the alarm. */
const PERIOD_SECONDS = 300;

export interface SecurityAlarmsProps {
  readonly project: string;
  /** The environments of the account, whose secrets get unexpected-reader filters. */
  readonly environments: readonly EnvironmentModel[];
  /** The trail's log group (a reference, so filters wait for the group). */
  readonly logGroupName: string;
  /** `{project}/Audit` */
  readonly namespace: string;
  readonly provider: AwsProvider;
  readonly topic: AlarmTopic;
}

export interface AlarmSpec {
  readonly alarmName: string;
  readonly description: string;
  readonly filters: readonly { readonly name: string; readonly pattern: string }[];
}

export class SecurityAlarms extends Construct {
  readonly alarms: readonly CloudwatchMetricAlarm[];
  readonly filters: readonly CloudwatchLogMetricFilter[];
  readonly specs: readonly AlarmSpec[];

  constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    super(scope, id);
    const specs = alarmSpecs(props.project, props.environments);
    this.specs = specs;
    const filters: CloudwatchLogMetricFilter[] = [];
    const alarms: CloudwatchMetricAlarm[] = [];
    for (const spec of specs) {
      // The alarm's name is its metric's name, so a metric can always be traced to its alarm.
      const metric = { name: spec.alarmName, namespace: props.namespace, value: '1' };
      for (const f of spec.filters) {
        filters.push(
          stableAddress(new CloudwatchLogMetricFilter(this, `filter-${idFor(f.name)}`, {
            provider: props.provider,
            name: f.name,
            logGroupName: props.logGroupName,
            pattern: f.pattern,
            metricTransformation: metric,
          }), addresses.auditCheck(props.project, f.name)),
        );
      }
      alarms.push(
        stableAddress(new CloudwatchMetricAlarm(this, `alarm-${idFor(spec.alarmName)}`, {
          provider: props.provider,
          alarmName: spec.alarmName,
          alarmDescription: spec.description,
          namespace: props.namespace,
          metricName: spec.alarmName,
          statistic: 'Sum',
          period: PERIOD_SECONDS,
          evaluationPeriods: 1,
          threshold: 1,
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          treatMissingData: 'notBreaching',
          actionsEnabled: true,
          alarmActions: [props.topic.topic.arn],
        }), addresses.auditCheck(props.project, spec.alarmName)),
      );
    }
    this.filters = filters;
    this.alarms = alarms;
  }
}

/** Every alarm of the account with the filters that feed it; pure, for tests and limits. */
export function alarmSpecs(project: string, environments: readonly EnvironmentModel[]): AlarmSpec[] {
  const fixed = FIXED_CHECKS.map((c) => {
    const alarmName = auditAlarmName(project, c.check);
    return { alarmName, description: c.description, filters: [{ name: alarmName, pattern: c.pattern }] };
  });
  // A filter per secret names its exact readers; an account with more secrets than CloudWatch
  // allows filters gets one filter per environment, matching callers that are no kit role of it.
  const perSecret = fitsFilterPerSecret(environments);
  const readers = environments
    .filter((env) => env.secrets.length > 0)
    .map((env) => ({
      alarmName: unexpectedReaderAlarmName(project, env.name),
      description: perSecret
        ? `A secret of ${env.name} was read by a caller other than its declared readers and rotation role`
        : `A secret of ${env.name} was read by a caller that is no role of the platform in ${env.name}`,
      filters: perSecret
        ? env.secrets.map((secret) => ({
            name: unexpectedReaderFilterName(project, env.name, secret.path),
            pattern: readerFilter(project, env, secret).pattern,
          }))
        : [{ name: unexpectedReaderEnvironmentFilterName(project, env.name), pattern: environmentReaderFilter(project, env) }],
    }));
  return [...fixed, ...readers];
}
