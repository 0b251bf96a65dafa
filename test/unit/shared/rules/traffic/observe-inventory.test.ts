import { describe, expect, it } from 'vitest';
import { importOpenApi } from '../../../../../shared/importers/openapi/index.js';
import { buildInventory } from '../../../../../shared/inventory/build-inventory.js';
import { addObserved, inventoryEndpointOf, matchTargets } from '../../../../../shared/inventory/observe.js';
import { combined, clfAt } from '../../importers/traffic/import-helper.js';
import { auditTraffic, SPEC } from './traffic-audit.js';

describe('the observed side of the inventory', () => {
  const spec = importOpenApi('api.yaml', { readText: (p) => (p === 'api.yaml' ? SPEC : undefined) });

  it('gives the importer the templates and the servers\' base paths', () => {
    const targets = matchTargets(buildInventory([spec.model], []));
    expect(targets.basePaths).toEqual(['/api/v1']);
    expect(targets.endpoints).toContainEqual({ method: 'GET', path: '/accounts/{accountId}/statements' });
  });

  it('fills requests and first/last seen, and adds observed-only endpoints (not static files, not 404-only)', () => {
    const log = [
      combined({ path: '/api/v1/orders', time: clfAt(0) }),
      combined({ path: '/api/v1/orders', time: clfAt(120) }),
      combined({ path: '/api/v1/internal/export/7', time: clfAt(5) }),
      combined({ path: '/api/v1/app.js' }),
      combined({ path: '/api/v1/wp-admin', status: 404 }),
    ].join('\n');
    const { summary } = auditTraffic(log, { spec: SPEC });
    const inventory = addObserved(buildInventory([spec.model], []), [summary]);
    const orders = inventoryEndpointOf(inventory, 'GET', '/orders')!;
    expect(orders.observed).toEqual({ requests: 2, firstSeen: '2026-03-01T10:00:00.000Z', lastSeen: '2026-03-01T10:02:00.000Z', evidence: ['access.log'] });
    const shadow = inventory.endpoints.filter((e) => !e.documented.length && !e.exposed.length);
    expect(shadow.map((e) => e.endpoint)).toEqual(['GET /api/v1/internal/export/{param}']);
    expect(shadow[0]!.at).toEqual({ file: 'access.log', pointer: '/line/3' });
  });
});
