/**
 * Which servers a description lists, which operations use each, and whether a server looks like
 * a non-production deployment (by host or by its description). API8 and API9 rules share it so
 * that a localhost server is judged the same way by both.
 */
import { sourceKey } from '../../../model/source.js';
import type { SpecModel, SpecServer } from '../../../model/spec.js';
import { INTERNAL_HOST, NON_PRODUCTION_HOST_LABEL } from '../../dictionaries.js';

export interface ServerUse {
  server: SpecServer;
  endpoints: string[];
}

/** Every distinct server (root, path and operation level), with the endpoints that use it. */
export function serversInUse(spec: SpecModel): ServerUse[] {
  const byKey = new Map<string, ServerUse>();
  const add = (server: SpecServer, endpoint?: string): void => {
    const key = sourceKey(server.at) + '|' + server.url;
    let use = byKey.get(key);
    if (!use) byKey.set(key, (use = { server, endpoints: [] }));
    if (endpoint !== undefined && !use.endpoints.includes(endpoint)) use.endpoints.push(endpoint);
  };
  for (const s of spec.servers) add(s);
  for (const op of spec.operations) for (const s of op.servers) add(s, op.endpoint);
  for (const use of byKey.values()) use.endpoints.sort();
  return [...byKey.values()];
}

/** The host of an absolute URL (lower-cased, IPv6 brackets kept), undefined for relative URLs. */
export function hostOf(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(url.trim());
  return m?.[1] ? m[1].toLowerCase() : undefined;
}

export function isLoopbackHost(host: string): boolean {
  return (
    host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]' || host === '0.0.0.0'
  );
}

const ENV_WORD = /\b(dev|development|staging|stage|test|testing|qa|uat|beta|alpha|sandbox|preview|local|localhost|integration|demo)\b/i;

export interface NonProduction {
  reason: string;
  /** localhost, 127.0.0.0/8, ::1: a developer's machine rather than a forgotten deployment. */
  loopback: boolean;
}

/** Why a server looks non-production, or undefined when nothing says so. */
export function nonProductionReason(server: SpecServer): NonProduction | undefined {
  const host = hostOf(server.url);
  if (host !== undefined && !host.includes('{')) {
    if (isLoopbackHost(host)) return { reason: `host ${host} is the local machine`, loopback: true };
    if (INTERNAL_HOST.test(host))
      return { reason: /^[\d.[\]:a-f]+$/i.test(host) ? `host ${host} is a private network address` : `host ${host} is an internal name`, loopback: false };
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[')) return { reason: `host ${host} is a raw IP address`, loopback: false };
    const label = host.split(/[.-]/).find((l) => NON_PRODUCTION_HOST_LABEL.test(l) || l === 'local');
    if (label) return { reason: `host ${host} names a "${label}" environment`, loopback: false };
  }
  const word = server.description ? ENV_WORD.exec(server.description) : null;
  if (word) return { reason: `its description says "${word[0]}"`, loopback: false };
  return undefined;
}

/** Words that tell an environment apart in a server description (Spectral's inventory-environment). */
export const ENVIRONMENT_WORD =
  /\b(prod|production|live|staging|stage|dev|development|test|testing|qa|uat|sandbox|beta|alpha|preview|demo|local|integration|internal|mock)\b/i;
