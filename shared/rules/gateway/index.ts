import type { GatewayRule } from '../define-rule.js';

/** Rules over the normalized gateway model (any product). */
export const gatewayRules: GatewayRule[] = [];
