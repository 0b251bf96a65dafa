import type { SpecRule } from '../../define-rule.js';

/** Authentication, authorization, object/property exposure and personal data (API1-3, API5, GDPR). */
export const accessRules: SpecRule[] = [];
