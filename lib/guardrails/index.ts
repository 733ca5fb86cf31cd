/** The guardrail engine's public surface: what constructs, stacks, the app and each cloud's rules use. */
export { GuardrailPack, suppressionLines } from './pack';
export type { GuardrailPackProps } from './pack';
export { markOrigin } from './origin';
export { suppress, MIN_REASON_LENGTH } from './suppressions';
export { GuardrailError, REPORT_FILE, writeReport } from './report';
export type { GuardrailReport, Finding, SuppressedFinding } from './report';
export type { OriginHints, Rule, RuleContext, RuleResult, RuleSet, ResourceView, StackView } from './rule';
export type { SynthesizedStack } from './stack-view';
