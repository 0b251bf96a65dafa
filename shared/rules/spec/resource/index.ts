import type { SpecRule } from '../../define-rule.js';

/** Resource limits, business flows, SSRF, misconfiguration, inventory and AI endpoints (API4, API6-9, LLM). */
export const resourceRules: SpecRule[] = [];
