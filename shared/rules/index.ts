/** The rule catalog: every rule Gatehouse runs. */
import { crossRules } from './cross/index.js';
import type { AnyRule } from './define-rule.js';
import { gatewayRules } from './gateway/index.js';
import { specRules } from './spec/index.js';
import { trafficRules } from './traffic/index.js';

export const allRules: AnyRule[] = [...specRules, ...gatewayRules, ...trafficRules, ...crossRules];
