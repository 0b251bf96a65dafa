import type { CrossRule } from '../define-rule.js';

/** Rules over the joined inventory of specs, gateways and traffic. */
export const crossRules: CrossRule[] = [];
