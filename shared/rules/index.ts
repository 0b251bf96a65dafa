/** The rule catalog: every rule Gatehouse runs. */
import type { AnyRule } from './define-rule.js';
import { specRules } from './spec/index.js';

export const allRules: AnyRule[] = [...specRules];
