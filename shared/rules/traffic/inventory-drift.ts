/**
 * API9 from traffic: endpoints in use that no spec or gateway knows (shadow endpoints) and
 * deprecated endpoints still being called, each with who calls them.
 */
import { defineTrafficRule } from '../define-rule.js';
import { apiRoots, callersText, count, deprecation, endpointOf, firstSegment, hasInventory, plural, privacyNote, TrafficReporter, windowText } from './evidence.js';

export const shadowEndpointInUse = defineTrafficRule({
  id: 'traffic.inventory.shadow-endpoint',
  title: 'Undocumented endpoint answering requests (shadow API in use)',
  severity: 'medium',
  confidence: 'likely',
  controls: ['API9:2023'],
  equivalents: [],
  rationale:
    'Requests that succeed on a path no spec documents and no gateway route exposes show an endpoint outside the inventory: nobody reviews its security, and it is usually an old version, a debug or internal route, or a path around the gateway. ' +
    'Only paths under the API (the first segment of a documented path or of a server base path) are compared, so the web pages and static files of the same host are left alone; values in paths are clustered (`/items/{param}`).',
  remediation: 'Document the endpoint with its security requirements, or remove it (and its route) if nothing should call it; then compare the log again.',
  check(ctx) {
    const t = ctx.traffic;
    if (!hasInventory(ctx.inventory)) return;
    const roots = apiRoots(ctx.inventory);
    const out = new TrafficReporter(ctx);
    const candidates = t.endpoints
      .filter((e) => e.source === 'cluster' && !e.static && e.byClass['2xx'] > 0 && roots.has(firstSegment(e.template) ?? '') && !endpointOf(ctx.inventory, e.method, e.template))
      .sort((a, b) => b.byClass['2xx'] - a.byClass['2xx']);
    for (const e of candidates)
      out.report(
        e.samples,
        `${e.endpoint} is in no spec or gateway configuration of this audit, yet answered ${plural(e.byClass['2xx'], 'successful request')} (of ${count(e.requests)}) ` +
          `${windowText(e)} ` +
          `from ${plural(e.distinctCallers, 'caller')}${e.callers.length ? ` (top: ${callersText(e.callers)})` : ''}.${privacyNote(t)}`,
        { endpoints: [e.endpoint], occurrences: e.requests },
      );
  },
});

export const deprecatedEndpointCalled = defineTrafficRule({
  id: 'traffic.inventory.deprecated-endpoint-called',
  title: 'Deprecated endpoint still called',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API9:2023'],
  equivalents: [],
  rationale:
    'A deprecated endpoint that still receives traffic cannot be retired without breaking its callers, and old versions tend to keep weaker controls. The callers listed are the ones to contact before it is switched off.',
  remediation: 'Contact the callers listed, move them to the replacement, then remove the endpoint and its route; until then, give it the same controls as its successor.',
  check(ctx) {
    const t = ctx.traffic;
    const out = new TrafficReporter(ctx);
    for (const e of t.endpoints) {
      const inv = endpointOf(ctx.inventory, e.method, e.template);
      const why = inv && deprecation(inv);
      if (!why) continue;
      out.report(
        e.samples,
        `${e.endpoint} is ${why} but was called ${plural(e.requests, 'time')} (${count(e.byClass['2xx'])} successful) ` +
          `${windowText(e)} ` +
          `by ${plural(e.distinctCallers, 'caller')}${e.callers.length ? `: ${callersText(e.callers, 10)}` : ''}.${privacyNote(t)}`,
        { endpoints: [inv!.endpoint], occurrences: e.requests },
      );
    }
  },
});
