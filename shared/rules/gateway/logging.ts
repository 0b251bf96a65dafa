/**
 * What the gateway logs and where it sends it (GDPR-5(1)(c), GDPR-32, GDPR-30, GDPR-44):
 * full request/response bodies in logs, headers and personal data logged unmasked, log sinks
 * reached without encryption, and the list of log recipients for the record of processing.
 */
import type { GatewayRoute, LoggingControl } from '../../model/gateway.js';
import { defineGatewayRule } from '../define-rule.js';
import { aiRouteOf, ByPlace, hostOf, isPrivateHost, isVariableHost, redact, reliesOnDefault, reportRoutes, routesText } from './facts.js';

function sinkText(l: LoggingControl): string {
  return l.sink ? ` to ${redact(l.sink)}` : '';
}

export const fullBodyLogging = defineGatewayRule({
  id: 'gateway.logging.full-body',
  title: 'Gateway logs full request or response bodies',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['GDPR-5(1)(c)', 'GDPR-32', 'GDPR-5(1)(e)', 'LLM02:2025'],
  equivalents: [],
  rationale:
    'Bodies carry passwords, tokens, personal data and, on AI routes, whole prompts and completions: logging them copies all of it into log stores with their own access and retention (Kong log_payloads, Tyk enable_detailed_recording, APIM diagnostics body bytes, AWS dataTraceEnabled). ' +
    'Whether that is necessary depends on the purpose; the tool flags likely excess, a person decides.',
  remediation: 'Log metadata (method, route, status, latency, principal id) instead of bodies; where bodies are needed for a time, mask personal data and credentials and keep them briefly.',
  check(ctx) {
    const gw = ctx.gateway;
    const places = new ByPlace<{ route: GatewayRoute; log: LoggingControl }>();
    for (const route of gw.routes) for (const log of route.controls.logging) if (log.capturesBodies) places.add(log.origin.at, { route, log });
    places.each((at, items) => {
      const log = items[0]!.log;
      const routes = items.map((i) => i.route);
      const ai = routes.some((r) => aiRouteOf(gw, r) !== undefined);
      reportRoutes(
        ctx,
        at,
        routes,
        `${log.kind} records request or response bodies${sinkText(log)} for ${routesText(routes)}${log.masksPersonalData ? ', with masking' : ', without masking personal data'}: ` +
          `credentials and personal data in the bodies end up in the logs.${ai ? ' AI routes among them: prompts and completions are logged (LLM02).' : ''}` +
          reliesOnDefault(log.origin, undefined, 'body', 'bodies', 'payload'),
      );
    });
  },
});

export const unmaskedLogging = defineGatewayRule({
  id: 'gateway.logging.unmasked-personal-data',
  title: 'Gateway logs headers or personal data without masking',
  severity: 'low',
  confidence: 'likely',
  controls: ['GDPR-5(1)(c)', 'GDPR-25', 'GDPR-32'],
  equivalents: [],
  rationale:
    'Gateway logs hold client IPs, consumer ids and, when headers are captured, cookies and API keys in custom headers: personal data and credentials (Kong log plugins redact only Authorization and Proxy-Authorization). ' +
    'Masking or hashing them in the log (APIM dataMasking, Kong custom_fields_by_lua) keeps logs useful without copying the data.',
  remediation: 'Mask or drop cookies, API-key headers and query strings in logs, and pseudonymise client IPs and user ids where the purpose allows (APIM `dataMasking`, AWS `$context.identity.apiKeyId` instead of `apiKey`).',
  check(ctx) {
    const places = new ByPlace<{ route: GatewayRoute; log: LoggingControl }>();
    for (const route of ctx.gateway.routes)
      for (const log of route.controls.logging) if (log.masksPersonalData !== true && (log.capturesHeaders === true || log.masksPersonalData === false)) places.add(log.origin.at, { route, log });
    places.each((at, items) => {
      const log = items[0]!.log;
      const routes = items.map((i) => i.route);
      reportRoutes(
        ctx,
        at,
        routes,
        `${log.kind}${sinkText(log)} records ${log.capturesHeaders ? 'request headers' : 'request data'} for ${routesText(routes)} without masking personal data or credentials.` +
          reliesOnDefault(log.origin, undefined, 'header', 'mask', 'redact'),
      );
    });
  },
});

/** A sink written as a URL or host:port, with its scheme when it shows one. */
function sinkParts(sink: string): { scheme?: string; host: string } | undefined {
  if (/^(file|unix|stdout|stderr|\/)/i.test(sink)) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(sink)?.[1]?.toLowerCase();
  const host = hostOf(sink);
  if (!host || isVariableHost(host)) return undefined;
  return scheme ? { scheme, host } : { host };
}

const INSECURE_SINK = new Set(['http', 'tcp', 'udp', 'syslog', 'ws']);

/** The transport of a sink: its URL scheme, or plain syslog for a syslog target written as host:port (NGINX `syslog:server=`). */
function schemeOf(log: LoggingControl, parts: { scheme?: string; host: string }): string {
  return parts.scheme ?? (/syslog/i.test(log.kind) ? 'syslog' : '');
}

export const insecureLogSink = defineGatewayRule({
  id: 'gateway.logging.insecure-sink',
  title: 'Logs sent to a remote sink without encryption',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['GDPR-32', 'GDPR-32(1)(a)', 'API8:2023'],
  equivalents: [],
  rationale: 'Access logs are personal data (client IPs, user ids, URLs): shipping them over plain http, tcp, udp or syslog lets anyone on the path read them.',
  remediation: 'Send logs over TLS (https endpoints, tcp-log `tls: true`, syslog over TLS) and authenticate the sink.',
  check(ctx) {
    const places = new ByPlace<{ route: GatewayRoute; log: LoggingControl }>();
    for (const route of ctx.gateway.routes)
      for (const log of route.controls.logging) {
        const parts = log.sink ? sinkParts(log.sink) : undefined;
        if (parts && INSECURE_SINK.has(schemeOf(log, parts))) places.add(log.origin.at, { route, log });
      }
    places.each((at, items) => {
      const log = items[0]!.log;
      const parts = sinkParts(log.sink!)!;
      const scheme = schemeOf(log, parts);
      const internal = isPrivateHost(parts.host);
      reportRoutes(
        ctx,
        at,
        items.map((i) => i.route),
        `${log.kind} ships logs of ${routesText(items.map((i) => i.route))} to ${redact(log.sink!)} over unencrypted ${scheme === 'syslog' ? 'syslog (UDP)' : scheme}: client IPs, identities and URLs cross the network in clear text.` +
          (internal ? ' The sink is on an internal host, so this is rated low.' : ''),
        internal ? 'low' : undefined,
      );
    });
  },
});

export const logRecipients = defineGatewayRule({
  id: 'gateway.logging.recipients',
  title: 'Log recipients outside the gateway (record of processing input)',
  severity: 'info',
  confidence: 'confirmed',
  controls: ['GDPR-30', 'GDPR-44', 'GDPR-28'],
  equivalents: [],
  rationale:
    'Every remote log sink (an http-log endpoint, a syslog server, Loggly, Datadog, a Kafka cluster) is a recipient of personal data: it belongs in the record of processing (Art. 30), may be a processor needing a contract (Art. 28), and may sit in a third country (Art. 44). ' +
    'The list is drafted from the config; purposes, contracts and transfer tools must come from the controller.',
  remediation: 'Enter each recipient in the record of processing with its purpose, processor contract, location and retention; remove sinks nobody needs.',
  check(ctx) {
    const sinks = new Map<string, { log: LoggingControl; routes: Set<GatewayRoute> }>();
    for (const route of ctx.gateway.routes)
      for (const log of route.controls.logging) {
        if (!log.sink || !sinkParts(log.sink)) continue;
        let s = sinks.get(log.sink);
        if (!s) sinks.set(log.sink, (s = { log, routes: new Set() }));
        s.routes.add(route);
      }
    if (!sinks.size) return;
    const list = [...sinks.values()];
    const first = list[0]!;
    const routes = [...new Set(list.flatMap((s) => [...s.routes]))];
    ctx.report(first.log.origin.at, {
      message:
        `The gateway sends logs to ${list.length} remote recipient${list.length > 1 ? 's' : ''}: ` +
        `${list.map((s) => `${redact(s.log.sink!)} (${s.log.kind}${isPrivateHost(sinkParts(s.log.sink!)!.host) ? ', internal host' : ''}, ${s.routes.size} route${s.routes.size > 1 ? 's' : ''})`).join('; ')}. ` +
        'List them in the record of processing with their purpose, contract and location (third-country transfers need a Chapter V basis).',
      endpoints: [],
      occurrences: routes.length,
      related: list.slice(1).map((s) => s.log.origin.at),
    });
  },
});

export const loggingRules = [fullBodyLogging, unmaskedLogging, insecureLogSink, logRecipients];
