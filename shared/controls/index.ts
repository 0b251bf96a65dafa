/**
 * The control catalogs Gatehouse maps findings to, and lookups over them.
 * Rules name requirements by id (`API2:2023`, `LLM10:2025`, `GDPR-32`); coverage lists every
 * requirement of every catalog, whether or not a rule maps to it.
 */
import type { ControlCatalog, ControlRequirement } from '../model/control.js';
import { GDPR } from './gdpr.js';
import { OWASP_API_2023 } from './owasp-api-2023.js';
import { OWASP_LLM_2025 } from './owasp-llm-2025.js';

export { GDPR } from './gdpr.js';
export { OWASP_API_2023 } from './owasp-api-2023.js';
export { OWASP_LLM_2025 } from './owasp-llm-2025.js';

/**
 * Version of the catalog and rule-mapping data (year.month.patch). Bump it whenever a catalog
 * entry or a rule's control mapping changes, so reports say which mapping produced them.
 */
export const CATALOG_VERSION = '2026.11.0';

/** All catalogs, in the order reports and coverage list them. */
export const CATALOGS: ControlCatalog[] = [OWASP_API_2023, OWASP_LLM_2025, GDPR];

const BY_ID: ReadonlyMap<string, ControlRequirement> = new Map(
  CATALOGS.flatMap((catalog) => catalog.requirements.map((r) => [r.id, r] as const)),
);

/** The requirement with this exact id (`API1:2023`, `GDPR-32(1)(a)`), or undefined. */
export function findRequirement(id: string): ControlRequirement | undefined {
  return BY_ID.get(id);
}

/** Every requirement id of every catalog, in catalog order. */
export function allRequirementIds(): string[] {
  return CATALOGS.flatMap((catalog) => catalog.requirements.map((r) => r.id));
}
