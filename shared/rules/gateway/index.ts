import type { GatewayRule } from '../define-rule.js';
import { accessRules } from './access.js';
import { aiRules } from './ai.js';
import { authRules } from './auth.js';
import { configRules } from './config.js';
import { limitRules } from './limits.js';
import { loggingRules } from './logging.js';
import { transportRules } from './transport.js';
import { upstreamRules } from './upstream.js';
import { weakerVariant } from './variants.js';

/** Rules over the normalized gateway model (any product); see README.md for the model facts each reads. */
export const gatewayRules: GatewayRule[] = [
  ...authRules,
  ...accessRules,
  ...transportRules,
  ...upstreamRules,
  ...limitRules,
  ...loggingRules,
  ...aiRules,
  ...configRules,
  weakerVariant,
];
