import type { CrossRule } from '../define-rule.js';
import { aiWithoutTokenLimit, crossConfigWeakerVariant, promisedRateLimitMissing, specAuthNotEnforced } from './control-rules.js';
import { deprecatedStillRouted, orphanDocumentation, shadowRoute } from './inventory-rules.js';

/**
 * Rules over the joined inventory of specs, gateways and traffic. Each speaks only when a spec
 * and a gateway of the run describe the same API (they share an endpoint or a host).
 */
export const crossRules: CrossRule[] = [
  shadowRoute,
  orphanDocumentation,
  deprecatedStillRouted,
  specAuthNotEnforced,
  promisedRateLimitMissing,
  aiWithoutTokenLimit,
  crossConfigWeakerVariant,
];
