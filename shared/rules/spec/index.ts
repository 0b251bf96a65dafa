/** Every spec rule, in catalog order. */
import type { SpecRule } from '../define-rule.js';
import { accessRules } from './access/index.js';
import { resourceRules } from './resource/index.js';
import { externalReference, invalidStructure, unresolvedReference } from './structure.js';

export const specRules: SpecRule[] = [...accessRules, ...resourceRules, invalidStructure, externalReference, unresolvedReference];
