/** The guardrails' public surface: what constructs, stacks and the app use. */
export { applyGuardrails, GuardrailPack, suppressionLines } from './pack';
export type { GuardrailPackProps } from './pack';
export { markOrigin } from './origin';
export { suppress, MIN_REASON_LENGTH } from './suppressions';
export { GuardrailError, REPORT_FILE, writeReport } from './report';
export type { GuardrailReport, Finding, SuppressedFinding } from './report';
export type { Rule, RuleContext, RuleResult, ResourceView } from './rule';
export { BUILTIN_RULES } from './rules';
