/**
 * What the spec allows but a reviewer should know: printed at synth and written into every
 * review report. Read from the model only.
 */
import type { PlatformModel } from '../core/model';

/** `audit.alarmEmails` empty while audit is on: the alarms fire, and nobody is told. */
export const NO_ALARM_RECIPIENTS =
  'audit.alarmEmails: none given, so the audit alarms notify nobody (their topic has no subscriber): add an address, or subscribe your own endpoint to the alarm topic';

export function platformWarnings(platform: PlatformModel): string[] {
  const warnings: string[] = [];
  if (platform.audit.enabled && platform.audit.alarmEmails.length === 0) warnings.push(NO_ALARM_RECIPIENTS);
  return warnings;
}
