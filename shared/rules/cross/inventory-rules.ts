/**
 * Inventory differences between what is documented and what is routed (API9): shadow routes
 * (exposed, not documented), orphan documentation (documented, not routed by the gateway that
 * serves the API) and deprecated operations the gateway still serves.
 */
import type { Severity } from '../../model/finding.js';
import type { GatewayRoute } from '../../model/gateway.js';
import { isRouteLinked } from '../../inventory/build-inventory.js';
import type { DocumentedOperation, ExposingRoute } from '../../inventory/inventory.js';
import { defineCrossRule } from '../define-rule.js';
import { authenticates } from '../gateway/auth.js';
import { ofContainer, isAdminRoute, listText, ROUTE_SAMPLE, routeLabel, routesText } from '../gateway/facts.js';
import { sourceKey, type SourceRef } from '../../model/source.js';
import { ByRoute, docLabel, effectiveRoutes, hasLinks, linkedDocs, uniqueRefs, viaText } from './facts.js';

export const shadowRoute = defineCrossRule({
  id: 'cross.inventory.shadow-route',
  title: 'Route exposed by the gateway but not documented (shadow endpoint)',
  severity: 'medium',
  confidence: 'likely',
  controls: ['API9:2023'],
  equivalents: [],
  rationale:
    'A route the gateway serves that no spec of the same API documents is a shadow endpoint: nobody reviews it, clients and testers do not know it, and its controls drift. ' +
    'Only routes of an API that the run\'s specs describe (sharing an endpoint or a host) are compared, so another API on the same gateway is not reported.',
  remediation: 'Document the endpoint in the API description (with its security), or remove the route if nothing should use it.',
  check(ctx) {
    const inv = ctx.inventory;
    if (!hasLinks(inv)) return;
    const byRoute = new ByRoute<string>();
    for (const e of inv.endpoints) {
      if (e.documented.length) continue;
      for (const x of e.exposed) if (x.match === 'none' && isRouteLinked(inv, x.gateway, x.route)) byRoute.add(x, e.endpoint);
    }
    // Undocumented routes of one service / server block are one finding there; admin-style routes keep their own.
    const byContainer = new Map<string, { at: SourceRef; items: { x: ExposingRoute; endpoints: string[]; specs: string[] }[] }>();
    byRoute.each((x, endpoints) => {
      const specs = [...new Set(inv.links.filter((l) => l.gateway === x.gateway && (l.api ?? undefined) === (x.route.api ?? undefined)).map((l) => l.spec))];
      const open = !authenticates(x.route);
      const admin = isAdminRoute(x.route);
      if (!admin) {
        const at = x.route.container?.at ?? { file: x.route.at.file, pointer: '' };
        const key = sourceKey(at);
        let g = byContainer.get(key);
        if (!g) byContainer.set(key, (g = { at, items: [] }));
        g.items.push({ x, endpoints, specs });
        return;
      }
      const severity: Severity = open || admin ? 'high' : 'medium';
      const prefix = x.route.pathTemplate.endsWith('{*}');
      ctx.report(x.route.at, {
        message:
          `${routeLabel(x.route)} in ${x.gateway} exposes ${prefix ? `everything under ${x.route.pathTemplate.replace(/\/\{\*\}$/, '') || '/'}` : listText(endpoints)}, which no spec of this API documents (${listText(specs)}): a shadow endpoint.` +
          (open ? ' Nothing authenticates callers on it at the gateway either.' : '') +
          (admin ? ' It is an admin-style path.' : '') +
          (severity === 'high' ? ' Rated high.' : ''),
        endpoints,
        severity,
      });
    });
    for (const { at, items } of byContainer.values()) {
      const routes = items.map((i) => i.x.route);
      const open = items.filter((i) => !authenticates(i.x.route)).map((i) => i.x.route);
      const gateways = [...new Set(items.map((i) => i.x.gateway))];
      const specs = [...new Set(items.flatMap((i) => i.specs))];
      ctx.report(at, {
        message:
          `${routesText(routes)}${ofContainer(routes[0])} in ${listText(gateways)} expose${routes.length === 1 ? 's' : ''} paths that no spec of this API documents (${listText(specs)}): shadow endpoints` +
          ` (${listText(items.map((i) => (i.x.route.pathTemplate.endsWith('{*}') ? `everything under ${i.x.route.pathTemplate.replace(/\/\{\*\}$/, '') || '/'}` : listText(i.endpoints, 2))), 3)}).` +
          (open.length ? ` ${open.length === routes.length ? (routes.length === 1 ? 'Nothing authenticates callers on it' : 'Nothing authenticates callers on any of them') : `Nothing authenticates callers on ${routesText(open)}`} at the gateway either: rated high.` : ''),
        endpoints: [...new Set(items.flatMap((i) => i.endpoints))],
        occurrences: routes.length,
        related: routes.slice(0, ROUTE_SAMPLE).map((r) => r.at),
        ...(open.length ? { severity: 'high' as const } : {}),
      });
    }
  },
});

export const orphanDocumentation = defineCrossRule({
  id: 'cross.inventory.orphan-documentation',
  title: 'Documented operation that no gateway route exposes',
  severity: 'low',
  confidence: 'likely',
  controls: ['API9:2023'],
  equivalents: [],
  rationale:
    'An operation the spec documents but the gateway serving that API does not route is either stale documentation (clients and tests target something that does not exist) or served by a path around the gateway, without its controls. ' +
    'Reported only when a gateway config of the same API is in the run.',
  remediation: 'Remove or deprecate the operation in the spec if it is gone; if it is served elsewhere, route it through the gateway or document where it lives.',
  check(ctx) {
    const inv = ctx.inventory;
    if (!hasLinks(inv)) return;
    for (const e of inv.endpoints) {
      if (e.exposed.length) continue;
      for (const d of linkedDocs(inv, e)) {
        const gateways = [...new Set(inv.links.filter((l) => l.spec === d.spec).map((l) => l.gateway))];
        ctx.report(d.at, {
          message: `${d.endpoint} is documented in ${d.spec} but no route of ${listText(gateways)} (the gateway config${gateways.length > 1 ? 's' : ''} serving this API) exposes it: stale documentation, or an endpoint reached around the gateway.`,
          endpoints: [d.endpoint],
        });
      }
    }
  },
});

export const deprecatedStillRouted = defineCrossRule({
  id: 'cross.inventory.deprecated-still-routed',
  title: 'Deprecated operation still routed by the gateway',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API9:2023'],
  equivalents: [],
  rationale:
    'An operation the spec marks deprecated but the gateway still routes is a zombie endpoint: it stays reachable, rarely gets fixes, and its callers are unknown until traffic is checked.',
  remediation: 'Set a retirement date, find the remaining callers (traffic evidence), then remove the route; until then give it the same controls as the current version.',
  check(ctx) {
    const inv = ctx.inventory;
    if (!hasLinks(inv)) return;
    const byRoute = new ByRoute<DocumentedOperation>();
    for (const e of inv.endpoints) {
      const deprecated = linkedDocs(inv, e).filter((d) => d.deprecated);
      if (!deprecated.length) continue;
      for (const x of effectiveRoutes(inv, e)) for (const d of deprecated) byRoute.add(x, d);
    }
    byRoute.each((x: ExposingRoute, docs) => {
      const route: GatewayRoute = x.route;
      ctx.report(route.at, {
        message: `${routeLabel(route)} in ${x.gateway} still routes the deprecated ${docs.length > 1 ? 'operations' : 'operation'} ${listText([...new Set(docs.map(docLabel))])} (via ${viaText(x)}).`,
        endpoints: [...new Set(docs.map((d) => d.endpoint))],
        related: uniqueRefs(docs.map((d) => d.at)),
      });
    });
  },
});
