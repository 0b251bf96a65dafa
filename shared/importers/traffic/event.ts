/**
 * Every importer builds its requests here, so that all of them share one object shape (every
 * field present, unset ones undefined): the hot loops that read them stay monomorphic.
 */
import type { TrafficEvent } from '../../model/traffic.js';

export function newEvent(line: number, method: string, pathRaw: string, status: number): TrafficEvent {
  return {
    line,
    ts: undefined,
    clientIp: undefined,
    method,
    pathRaw,
    status,
    upstreamStatus: undefined,
    bytesIn: undefined,
    bytesOut: undefined,
    latencyMs: undefined,
    principal: undefined,
    tlsVersion: undefined,
    scheme: undefined,
    userAgent: undefined,
    requestId: undefined,
    upstream: undefined,
    host: undefined,
    routeHint: undefined,
    ai: undefined,
    bodyLeak: undefined,
    requestBody: undefined,
    denyReason: undefined,
    headerFacts: undefined,
  };
}
