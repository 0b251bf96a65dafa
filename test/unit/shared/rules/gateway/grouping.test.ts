import { describe, expect, it } from 'vitest';
import type { GatewayRoute } from '../../../../../shared/model/gateway.js';
import { findings, jwtAuth, origin, ref, type RouteInput } from './build-config.js';

/** Per-route gateway problems are grouped by their cause: one finding per (rule, cause). */

const service = (i: number, name = `svc-${i}`): NonNullable<GatewayRoute['container']> => ({ scope: 'service', name, at: ref(`/services/${i}`) });
const open = (path: string, svc: number): RouteInput => ({ path, container: service(svc), controls: { authentication: [] } });
const pointers = (f: { locations: { pointer: string }[] }): string[] => f.locations.map((l) => l.pointer);

describe('grouping route findings by the block that lacks the control', () => {
  const id = 'gateway.auth.unauthenticated-route';

  it('reports the unauthenticated routes of one service once, at the service, with every endpoint', () => {
    const list = findings({ routes: [open('/a', 0), open('/b', 0), open('/c', 0), open('/d', 1)] }, id);
    expect(list).toHaveLength(2);
    const at = (p: string) => list.find((f) => f.locations[0]!.pointer === p)!;
    const a = at('/services/0');
    const b = at('/services/1');
    expect(a.occurrences).toBe(3);
    expect(a.endpoints).toEqual(['GET /a', 'GET /b', 'GET /c']);
    expect(pointers(a)).toEqual(['/services/0', '/routes/0', '/routes/1', '/routes/2']);
    expect(a.message).toContain('3 routes (route-0, route-1, route-2) of service "svc-0" have no authentication');
    expect(b.occurrences).toBe(1);
    expect(b.endpoints).toEqual(['GET /d']);
  });

  it('keeps the fingerprint of a group when routes are added to it or elsewhere', () => {
    const before = findings({ routes: [open('/a', 0), open('/b', 0), open('/d', 1)] }, id);
    const after = findings({ routes: [open('/a', 0), open('/b', 0), open('/d', 1), open('/e', 0), open('/f', 2)] }, id);
    const byCause = (list: typeof before) => new Map(list.map((f) => [f.locations[0]!.pointer, f.fingerprint]));
    const b = byCause(before);
    const a = byCause(after);
    expect(a.get('/services/0')).toBe(b.get('/services/0'));
    expect(a.get('/services/1')).toBe(b.get('/services/1'));
    expect(a.size).toBe(3);
    expect(after.find((f) => f.locations[0]!.pointer === '/services/0')!.occurrences).toBe(3);
  });

  it('lists the cause, then at most 20 of the affected routes, while counting all of them', () => {
    const routes = Array.from({ length: 25 }, (_, i) => open(`/items/r${i}`, 0));
    const f = findings({ routes }, id)[0]!;
    expect(f.occurrences).toBe(25);
    expect(f.endpoints).toHaveLength(25);
    expect(f.locations).toHaveLength(21);
    expect(pointers(f).slice(0, 3)).toEqual(['/services/0', '/routes/0', '/routes/1']);
    expect(f.message).toContain('25 routes (route-0, route-1, route-2 and 22 more)');
  });

  it('keeps a route with its own reason (an object identifier) as a finding of its own, at the route', () => {
    const list = findings({ routes: [open('/a', 0), open('/b', 0), open('/users/{userId}', 0)] }, id);
    expect(list.map((f) => [f.locations[0]!.pointer, f.severity, f.occurrences])).toEqual([
      ['/routes/2', 'critical', 1],
      ['/services/0', 'high', 2],
    ]);
  });

  it('groups routes without a rate limit the same way, but keeps an AI route on its own', () => {
    const noLimit = (path: string, svc: number, methods = ['GET']): RouteInput => ({ path, methods, container: service(svc), controls: { rateLimits: [] } });
    const list = findings({ routes: [noLimit('/a', 0), noLimit('/b', 0), noLimit('/v1/chat/completions', 0, ['POST'])] }, 'gateway.limits.no-rate-limit');
    expect(list.map((f) => [f.locations[0]!.pointer, f.severity, f.occurrences])).toEqual([
      ['/routes/2', 'high', 1],
      ['/services/0', 'medium', 2],
    ]);
  });
});

describe('grouping findings caused by a product default', () => {
  const note = 'Kong key-auth key_in_query defaults to true (keys are accepted in the query string)';
  const keyAuth = (i: number, defaulted: boolean) =>
    jwtAuth({
      kind: 'key-auth',
      credentialsInQuery: true,
      details: defaulted ? { keyNames: ['apikey'], defaults: ['key_in_query'] } : { keyNames: ['apikey'] },
      origin: defaulted ? origin('route', `/routes/${i}/plugins/0`, note) : origin('route', `/routes/${i}/plugins/0`),
    });

  it('reports route plugins that rely on the default once, at the config root; an explicit setting stays at its plugin', () => {
    const routes: RouteInput[] = [0, 1, 2].map((i) => ({ path: `/r${i}`, container: service(i), controls: { authentication: [keyAuth(i, true)] } }));
    routes.push({ path: '/r3', controls: { authentication: [keyAuth(3, false)] } });
    const list = findings({ routes }, 'gateway.auth.credentials-in-query');
    expect(list).toHaveLength(2);
    const root = list.find((f) => f.locations[0]!.pointer === '')!;
    expect(root.occurrences).toBe(3);
    expect(root.endpoints).toEqual(['GET /r0', 'GET /r1', 'GET /r2']);
    expect(pointers(root)).toEqual(['', '/routes/0', '/routes/1', '/routes/2']);
    expect(root.message).toContain('key-auth configured on each route accepts credentials in the query string (parameter `apikey`) on 3 routes');
    expect(root.message).toContain(`This relies on the product default (${note})`);
    const own = list.find((f) => f.locations[0]!.pointer === '/routes/3/plugins/0')!;
    expect(own.occurrences).toBe(1);
    expect(own.message).not.toContain('relies on the product default');
  });

  it('reports routes accepting http by the default protocols once at the root, and routes that list http themselves one by one', () => {
    const dflt = origin('default', '/routes/0', 'Kong route protocols defaults to ["http", "https"]');
    const routes: RouteInput[] = [
      { path: '/a', protocols: ['http', 'https'], protocolsOrigin: dflt },
      { path: '/b', protocols: ['http', 'https'], protocolsOrigin: { ...dflt, at: ref('/routes/1') } },
      { path: '/c', protocols: ['http'], protocolsOrigin: origin('route', '/routes/2/protocols') },
    ];
    const list = findings({ routes }, 'gateway.tls.route-accepts-http');
    expect(list.map((f) => [f.locations[0]!.pointer, f.occurrences])).toEqual([
      ['', 2],
      ['/routes/2/protocols', 1],
    ]);
    expect(list[0]!.message).toContain('relies on the product default (Kong route protocols defaults to ["http", "https"])');
  });
});
