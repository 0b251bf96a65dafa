/**
 * API9 inventory signals in the description itself: deprecated operations still offered,
 * servers that do not say which environment they are or whether they are internal,
 * non-production servers, debug/test/documentation paths, and several API versions side by side.
 */
import type { Operation } from '../../../model/spec.js';
import { defineSpecRule } from '../../define-rule.js';
import { pathsPlace } from './operation-gaps.js';
import { ENVIRONMENT_WORD, nonProductionReason, serversInUse } from './server-environment.js';
import { count, listEndpoints } from './wording.js';

export const deprecatedOperation = defineSpecRule({
  id: 'spec.api9.deprecated-operation',
  title: 'Deprecated operation still documented',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['API9:2023'],
  equivalents: [],
  rationale:
    'Deprecated operations tend to stay deployed long after their replacement ships, without the fixes and controls the current version gets (zombie APIs); each one needs an owner and a retirement date.',
  remediation:
    'Record a sunset date (Sunset / Deprecation headers, x-sunset) and the replacement, track who still calls it, and remove it from the gateway when the date passes.',
  check(ctx) {
    for (const op of ctx.spec.operations)
      if (op.deprecated)
        ctx.report(op.at, {
          message: `${op.endpoint} is marked deprecated but still documented${op.auth === 'none' ? ' and needs no credentials' : ''}; confirm its retirement date and who still calls it.`,
          endpoints: [op.endpoint],
        });
  },
});

export const serverEnvironment = defineSpecRule({
  id: 'spec.api9.server-environment',
  title: 'Server without an environment in its description',
  severity: 'info',
  confidence: 'confirmed',
  controls: ['API9:2023'],
  equivalents: ['owasp:api9:2023-inventory-environment'],
  rationale:
    'A server entry that does not say which environment it is (production, staging, sandbox...) makes it hard to tell from the inventory which deployments exist and which controls each should have.',
  remediation: 'Describe each server with its environment, for example `description: Production` or `description: Staging (test data only)`.',
  check(ctx) {
    for (const { server, endpoints } of serversInUse(ctx.spec)) {
      if (server.synthesized || (server.description && ENVIRONMENT_WORD.test(server.description))) continue;
      ctx.report(server.at, {
        message: `Server ${server.url} ${server.description ? `is described as "${server.description}" without naming` : 'has no description naming'} its environment (production, staging, sandbox...).`,
        endpoints,
      });
    }
  },
});

export const serverAccess = defineSpecRule({
  id: 'spec.api9.server-access',
  title: 'Server without x-internal',
  severity: 'info',
  confidence: 'confirmed',
  controls: ['API9:2023'],
  equivalents: ['owasp:api9:2023-inventory-access'],
  rationale:
    'Without an x-internal flag nothing in the inventory says whether a server is meant for the public internet or only for internal callers, so internal APIs get published, and exposed with weaker controls, by accident.',
  remediation: 'Add `x-internal: true` or `x-internal: false` to each server entry and keep internal servers out of public descriptions.',
  check(ctx) {
    for (const { server, endpoints } of serversInUse(ctx.spec)) {
      if (server.synthesized || typeof server.node['x-internal'] === 'boolean') continue;
      ctx.report(server.at, { message: `Server ${server.url} does not say with x-internal whether it is internal or public.`, endpoints });
    }
  },
});

export const nonProductionServer = defineSpecRule({
  id: 'spec.api9.non-production-server',
  title: 'Non-production server in the description',
  severity: 'medium',
  confidence: 'likely',
  controls: ['API9:2023', 'API8:2023'],
  equivalents: [],
  rationale:
    'Development, staging, beta or sandbox hosts and raw IP addresses listed in a description are deployments that usually lack production controls (OWASP\'s beta-host example) and are often forgotten; they belong in the inventory with an owner, or out of the published description.',
  remediation:
    'Remove non-production servers from the description you publish, or list them deliberately with their environment and protections; make sure each one has the same authentication and rate limits as production, or is not reachable from the internet.',
  check(ctx) {
    const spec = ctx.spec;
    const reportedSynthesized = new Set<string>();
    for (const { server, endpoints } of serversInUse(spec)) {
      const np = nonProductionReason(server);
      if (!np) continue;
      // Swagger 2 servers are built from host + schemes: report the host once.
      const at = server.synthesized ? { file: spec.file, pointer: spec.root.host !== undefined ? '/host' : '' } : server.at;
      if (server.synthesized) {
        if (reportedSynthesized.has(at.pointer)) continue;
        reportedSynthesized.add(at.pointer);
      }
      const all = server.synthesized ? spec.operations.map((o) => o.endpoint) : endpoints;
      ctx.report(at, {
        message: np.loopback
          ? `Server ${server.url} points at a developer machine (${np.reason}); the description does not name the real deployment.`
          : `Server ${server.url} looks like a non-production deployment (${np.reason}).`,
        endpoints: all,
        ...(np.loopback ? { severity: 'low' as const } : {}),
      });
    }
  },
});

const DEBUG_SEGMENT =
  /^(debug|_debug|__debug__|actuator|swagger|swagger-ui|swagger-ui\.html|swagger\.json|swagger\.yaml|api-docs|apidocs|openapi\.json|openapi\.yaml|phpinfo|phpinfo\.php|heapdump|threaddump|h2-console|graphiql|_profiler|__clockwork|server-status|jolokia)$/i;
/** `test` only as the first segment after api/version prefixes: `/hooks/{id}/test` is a feature, `/test/...` a leftover. */
const TEST_SEGMENT = /^(test|tests|testing|_test)$/i;

function debugSegmentOf(path: string): string | undefined {
  const segments = path.split('/').filter(Boolean);
  const hit = segments.find((s) => DEBUG_SEGMENT.test(s));
  if (hit) return hit;
  const first = segments.find((s) => !/^(api|v\d+[a-z0-9.]*|\{[^}]*\})$/i.test(s));
  return first !== undefined && TEST_SEGMENT.test(first) ? first : undefined;
}

export const debugPath = defineSpecRule({
  id: 'spec.api9.debug-path',
  title: 'Debug, test or documentation endpoint documented',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['API9:2023', 'API8:2023', 'API5:2023'],
  equivalents: [],
  rationale:
    'Debug, test, actuator and API-documentation endpoints reveal internals (configuration, environment, heap dumps, the full route list) and are often left unauthenticated because they were never meant for production.',
  remediation: 'Remove debug and test endpoints from production builds; serve API documentation and actuator endpoints only on an internal interface or behind administrator authentication.',
  check(ctx) {
    for (const op of ctx.spec.operations) {
      const segment = debugSegmentOf(op.path);
      if (!segment) continue;
      ctx.report(op.at, {
        message: `${op.endpoint} is a debug, test or documentation endpoint ("${segment}")${op.auth === 'none' ? ' reachable without credentials' : ''}.`,
        endpoints: [op.endpoint],
        ...(op.auth === 'none' ? {} : { severity: 'low' as const }),
      });
    }
  },
});

const VERSION_SEGMENT = /^v\d+(?:\.\d+)*(?:beta\d*|alpha\d*)?$/i;
/** `v{version}`, `{version}`, `{apiVersion}`: the client picks the version. */
const VERSION_TEMPLATE = /^v\{[^}]+\}$|^\{[^}]*version[^}]*\}$/i;

function versionsOf(op: Operation): { versions: string[]; template?: string } {
  const versions = new Set<string>();
  let template: string | undefined;
  const scan = (path: string): void => {
    for (const s of path.split('/')) {
      if (VERSION_SEGMENT.test(s)) versions.add(s.toLowerCase());
      else if (VERSION_TEMPLATE.test(s)) template = s;
    }
  };
  scan(op.path);
  for (const server of op.servers) scan(server.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''));
  return template === undefined ? { versions: [...versions] } : { versions: [...versions], template };
}

export const multipleVersions = defineSpecRule({
  id: 'spec.api9.multiple-versions',
  title: 'Several API versions side by side',
  severity: 'low',
  confidence: 'likely',
  controls: ['API9:2023'],
  equivalents: [],
  rationale:
    'When /v1 and /v2 (or a client-chosen version segment) are served together, the older version keeps running with older code and often weaker controls; attackers call it to bypass fixes made in the new one.',
  remediation: 'Keep an inventory of live versions with owners and retirement dates, apply the same gateway controls to all of them, and retire old versions on schedule.',
  check(ctx) {
    const byVersion = new Map<string, Operation[]>();
    const templated: Operation[] = [];
    for (const op of ctx.spec.operations) {
      const v = versionsOf(op);
      for (const version of v.versions) {
        let list = byVersion.get(version);
        if (!list) byVersion.set(version, (list = []));
        list.push(op);
      }
      if (v.template !== undefined) templated.push(op);
    }
    if (byVersion.size < 2 && !templated.length) return;
    const parts = [...byVersion.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([v, ops]) => `${v} (${count(ops.length, 'operation')})`);
    const endpoints = [...new Set([...[...byVersion.values()].flat(), ...templated].map((o) => o.endpoint))];
    const messages: string[] = [];
    if (byVersion.size >= 2) messages.push(`The description serves API versions ${parts.join(', ')} side by side`);
    if (templated.length)
      messages.push(
        `${listEndpoints(templated.map((o) => o.endpoint), 3)} let${templated.length === 1 ? 's' : ''} the client choose the version in the path, so old versions stay reachable`,
      );
    ctx.report(pathsPlace(ctx.spec), {
      message: `${messages.join('; ')}.`,
      endpoints,
      related: templated.slice(0, 20).map((o) => o.at),
    });
  },
});
