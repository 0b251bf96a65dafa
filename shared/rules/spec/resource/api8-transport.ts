/**
 * API8: servers reachable over plain HTTP. OAS 3 `servers[].url` with `http://` and Swagger 2
 * `schemes: [http]` (root or operation). A loopback server is left to spec.api9.non-production-server,
 * which already reports it as a developer machine rather than a deployment.
 */
import { childRef } from '../../../model/source.js';
import { defineSpecRule } from '../../define-rule.js';
import { hostOf, isLoopbackHost, nonProductionReason, serversInUse } from './server-environment.js';
import { listEndpoints } from './wording.js';

const TRANSPORT_CONTROLS = ['API8:2023', 'GDPR-32(1)(a)', 'GDPR-5(1)(f)'];

const RATIONALE =
  'Over plain HTTP, credentials, tokens and personal data cross the network readable and changeable by anyone on the path; clients generated from the description will use the insecure address.';

export const serverHttp = defineSpecRule({
  id: 'spec.api8.server-http',
  title: 'Server URL uses plain HTTP',
  severity: 'high',
  confidence: 'confirmed',
  controls: TRANSPORT_CONTROLS,
  equivalents: ['owasp:api8:2023-no-server-http'],
  rationale: RATIONALE,
  remediation: 'Serve the API over HTTPS only (TLS 1.2 or later), change the server URL to https://, and redirect or refuse plain HTTP at the edge.',
  check(ctx) {
    for (const { server, endpoints } of serversInUse(ctx.spec)) {
      if (server.synthesized || !/^http:\/\//i.test(server.url.trim())) continue;
      const host = hostOf(server.url);
      if (host && isLoopbackHost(host) && nonProductionReason(server)) continue;
      ctx.report(server.at, {
        message: `Server ${server.url} is plain HTTP${endpoints.length ? ` (used by ${listEndpoints(endpoints, 3)})` : ''}.`,
        endpoints,
      });
    }
  },
});

export const schemeHttp = defineSpecRule({
  id: 'spec.api8.scheme-http',
  title: 'Swagger 2.0 scheme http offered',
  severity: 'high',
  confidence: 'confirmed',
  controls: TRANSPORT_CONTROLS,
  equivalents: ['owasp:api8:2023-no-scheme-http'],
  rationale: RATIONALE,
  remediation: 'List only `https` (or `wss`) in `schemes`, at the root and on operations, and refuse plain HTTP at the edge.',
  check(ctx) {
    const spec = ctx.spec;
    if (spec.version !== '2.0') return;
    const host = typeof spec.root.host === 'string' ? spec.root.host.replace(/:\d+$/, '').toLowerCase() : undefined;
    if (host && isLoopbackHost(host)) return;
    const rootSchemes = Array.isArray(spec.root.schemes) ? spec.root.schemes : [];
    const ownSchemes = new Set(spec.operations.filter((op) => Array.isArray(op.node.schemes)).map((op) => op.endpoint));
    rootSchemes.forEach((scheme, i) => {
      if (String(scheme).toLowerCase() !== 'http') return;
      const endpoints = spec.operations.filter((op) => !ownSchemes.has(op.endpoint)).map((op) => op.endpoint);
      ctx.report(
        { file: spec.file, pointer: `/schemes/${i}` },
        { message: `The API is offered over plain http at ${host ?? 'its host'} (schemes lists "http").`, endpoints },
      );
    });
    for (const op of spec.operations) {
      const schemes = op.node.schemes;
      if (!Array.isArray(schemes)) continue;
      schemes.forEach((scheme, i) => {
        if (String(scheme).toLowerCase() === 'http')
          ctx.report(childRef(op.at, 'schemes', i), { message: `${op.endpoint} is offered over plain http (its schemes list "http").`, endpoints: [op.endpoint] });
      });
    }
  },
});
