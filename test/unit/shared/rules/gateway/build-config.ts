/**
 * Test helper: small hand-built gateway configs. `gateway()` makes a valid GatewayConfig whose
 * defaults are a well-protected gateway (https listener on TLS 1.2/1.3, an internal https
 * upstream with verification and short timeouts, routes with JWT authentication, an enforced
 * consumer-keyed rate limit, a 1 MB size limit and request validation), so a test changes only
 * the control it is about. Positions live in an in-memory MappedSources: `/routes/<i>` is on
 * line i + 2 of the file, other places on line 1.
 */
import type { Finding } from '../../../../../shared/model/finding.js';
import type {
  AuthControl,
  GatewayConfig,
  GatewayProduct,
  GatewayRoute,
  Listener,
  Origin,
  RateLimitControl,
  RouteControls,
  SettingScope,
  Upstream,
} from '../../../../../shared/model/gateway.js';
import type { SourceRef } from '../../../../../shared/model/source.js';
import { MappedSources } from '../../../../../shared/importers/text/mapped-sources.js';
import { runRules } from '../../../../../shared/engine/run.js';
import type { AnyRule } from '../../../../../shared/rules/define-rule.js';
import { gatewayRules } from '../../../../../shared/rules/gateway/index.js';

export const FILE = 'gateway.yaml';

export function ref(pointer: string, file = FILE): SourceRef {
  return { file, pointer };
}

export function origin(scope: SettingScope, pointer: string, defaultNote?: string, file = FILE): Origin {
  return defaultNote === undefined ? { scope, at: ref(pointer, file) } : { scope, at: ref(pointer, file), defaultNote };
}

export function jwtAuth(over: Partial<AuthControl> = {}): AuthControl {
  return { kind: 'jwt', details: { verifiesExpiry: true }, origin: origin('global', '/plugins/0'), ...over };
}

export function rateLimit(over: Partial<RateLimitControl> = {}): RateLimitControl {
  return { kind: 'rate-limiting', limit: 100, windowSeconds: 60, unit: 'requests', keyedBy: 'consumer', enforced: true, origin: origin('global', '/plugins/1'), ...over };
}

export function secureControls(): RouteControls {
  return {
    authentication: [jwtAuth()],
    authorization: [],
    rateLimits: [rateLimit()],
    sizeLimit: { maxBytes: 1048576, origin: origin('global', '/plugins/2') },
    logging: [],
    ai: [],
    requestValidation: { enabled: true, origin: origin('global', '/plugins/3') },
  };
}

export interface RouteInput extends Partial<Omit<GatewayRoute, 'controls'>> {
  /** The path template (`/users/{id}`, `/v2/{*}`). */
  path?: string;
  /** Replaces these controls of the secure defaults. */
  controls?: Partial<RouteControls>;
}

export interface ConfigInput {
  product?: GatewayProduct;
  file?: string;
  routes?: RouteInput[];
  upstreams?: Partial<Upstream>[];
  listeners?: Partial<Listener>[];
  secrets?: GatewayConfig['secrets'];
  settings?: GatewayConfig['settings'];
  problems?: GatewayConfig['problems'];
}

export function route(input: RouteInput, i: number, file = FILE): GatewayRoute {
  const path = input.path ?? input.pathTemplate ?? '/items';
  const { path: _path, controls, ...rest } = input;
  return {
    id: `r${i}`,
    name: `route-${i}`,
    methods: ['GET'],
    rawPath: path,
    pathTemplate: path,
    match: path.endsWith('/{*}') ? 'prefix' : 'exact',
    hosts: [],
    protocols: ['https'],
    upstreamId: 'u0',
    at: ref(`/routes/${i}`, file),
    ...rest,
    controls: { ...secureControls(), ...controls },
  };
}

export function upstream(input: Partial<Upstream>, i: number, file = FILE): Upstream {
  return {
    id: `u${i}`,
    name: `upstream-${i}`,
    url: 'https://orders.internal:8443',
    scheme: 'https',
    host: 'orders.internal',
    port: 8443,
    tlsVerify: { enabled: true, origin: origin('service', `/upstreams/${i}/tls_verify`, undefined, file) },
    timeouts: { connectMs: 5000, readMs: 10000, writeMs: 10000, origin: origin('service', `/upstreams/${i}`, undefined, file) },
    at: ref(`/upstreams/${i}`, file),
    ...input,
  };
}

export function listener(input: Partial<Listener>, i: number, file = FILE): Listener {
  return {
    name: `listener-${i}`,
    protocol: 'https',
    port: 443,
    hostnames: [],
    redirectsToHttps: false,
    tls: { protocols: ['TLSv1.2', 'TLSv1.3'], origin: origin('listener', `/listeners/${i}/tls`, undefined, file) },
    at: ref(`/listeners/${i}`, file),
    ...input,
  };
}

export function gateway(input: ConfigInput = {}): { config: GatewayConfig; sources: MappedSources } {
  const file = input.file ?? FILE;
  const routes = (input.routes ?? [{}]).map((r, i) => route(r, i, file));
  const upstreams = (input.upstreams ?? [{}]).map((u, i) => upstream(u, i, file));
  const listeners = (input.listeners ?? [{}]).map((l, i) => listener(l, i, file));
  const config: GatewayConfig = {
    product: input.product ?? 'kong',
    file,
    files: [file],
    format: 'test',
    listeners,
    routes,
    upstreams,
    secrets: input.secrets ?? [],
    settings: input.settings ?? {},
    problems: input.problems ?? [],
  };
  const sources = new MappedSources();
  sources.addFile(file, `# ${file}\n${routes.map((r) => `route ${r.id}`).join('\n')}\n`);
  routes.forEach((r, i) => sources.set(r.at, i + 2, 1));
  return { config, sources };
}

/** Runs the gateway rules (or the given ones) over one config; rule failures throw. */
export function audit(built: { config: GatewayConfig; sources: MappedSources }, rules: readonly AnyRule[] = gatewayRules): Finding[] {
  const result = runRules({ specs: [], gateways: [built] }, rules);
  if (result.ruleFailures.length) throw new Error(result.ruleFailures.map((f) => `${f.ruleId}: ${f.message}`).join('\n'));
  return result.findings;
}

/** The findings of one rule. */
export function findings(input: ConfigInput | { config: GatewayConfig; sources: MappedSources }, ruleId: string): Finding[] {
  const built = 'config' in input ? input : gateway(input);
  return audit(built).filter((f) => f.ruleId === ruleId);
}

export function only(list: Finding[]): Finding {
  if (list.length !== 1) throw new Error(`expected exactly one finding, got ${list.length}: ${list.map((f) => f.message).join(' | ')}`);
  return list[0]!;
}
