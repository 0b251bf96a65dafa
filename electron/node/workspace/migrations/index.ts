import initial from './0001-initial.js';
import auditLog from './0002-audit-log.js';
import traffic from './0003-traffic.js';
import savedFilters from './0004-saved-filters.js';
import type { Migration } from './migration.js';

/** Every migration the code knows, in the order they apply. Append only. */
export const MIGRATIONS: readonly Migration[] = [initial, auditLog, traffic, savedFilters];
