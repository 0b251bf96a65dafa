/**
 * Stage-level and usage-plan settings of AWS API Gateway, and how they land on routes: method
 * settings throttling (every method, or per `resource/METHOD`, the most specific wins), execution logging
 * with dataTraceEnabled (full request/response bodies in CloudWatch), access logging, and usage
 * plans (throttle and quota per API key, which apply only to methods that require an API key).
 * These come from the AWS CLI (`get-stages`, `get-usage-plans`) or from a CloudFormation/SAM
 * template; an OpenAPI export carries none of them. With no throttling at all, the only cap is
 * the account-level regional throttle, recorded as the documented default.
 */
import type { GatewayRoute, LoggingControl, RateLimitControl } from '../../../model/gateway.js';
import type { SourceRef } from '../../../model/source.js';
import { copyControls, origin } from '../common/a-gateway-config.js';

export interface MethodSetting {
  /** `*` for every resource, else the resource path (`/pets/{id}`). */
  resourcePath: string;
  /** `*` or an upper-case method. */
  method: string;
  rateLimit?: number;
  burstLimit?: number;
  dataTrace?: boolean;
  loggingLevel?: string;
  at: SourceRef;
}

export interface StageInfo {
  name: string;
  apiType: 'rest' | 'http';
  settings: MethodSetting[];
  accessLog?: { destination?: string; format?: string; at: SourceRef };
  webAclArn?: string;
  at: SourceRef;
}

export interface UsagePlanInfo {
  name: string;
  /** The stage of the API the plan names (undefined: every stage). */
  stage?: string;
  throttle?: { rateLimit?: number; burstLimit?: number; at: SourceRef };
  quota?: { limit?: number; period?: string; at: SourceRef };
  methodThrottles: { resourcePath: string; method: string; rateLimit?: number; burstLimit?: number; at: SourceRef }[];
  at: SourceRef;
}

const PERIOD_SECONDS: Record<string, number> = { DAY: 86400, WEEK: 604800, MONTH: 2592000 };

/** `~1pets~1{id}/GET`, `/~1pets/GET`, `*\/*`, `GET /pets` → resource path and method. */
export function splitMethodSettingKey(key: string): { resourcePath: string; method: string } {
  const routeKey = /^([A-Za-z]+|ANY|\$default)\s+(\/.*)$/.exec(key.trim());
  if (routeKey) return { resourcePath: routeKey[2]!, method: routeKey[1]!.toUpperCase() === 'ANY' ? '*' : routeKey[1]!.toUpperCase() };
  const i = key.lastIndexOf('/');
  const rawPath = i === -1 ? '*' : key.slice(0, i);
  const method = i === -1 ? key : key.slice(i + 1);
  let resourcePath = rawPath.replace(/~1/g, '/').replace(/~0/g, '~');
  if (resourcePath === '' || resourcePath === '*' || resourcePath === '/*') resourcePath = '*';
  else if (!resourcePath.startsWith('/')) resourcePath = '/' + resourcePath;
  return { resourcePath, method: method === '*' ? '*' : method.toUpperCase() };
}

function matches(s: { resourcePath: string; method: string }, route: GatewayRoute): boolean {
  const pathOk = s.resourcePath === '*' || s.resourcePath === route.rawPath;
  const methodOk = s.method === '*' || route.methods.length === 0 || route.methods.includes(s.method);
  return pathOk && methodOk;
}

/** The most specific setting that defines `field` for a route (resource+method beats `*\/*`). */
function mostSpecific<K extends keyof MethodSetting>(settings: MethodSetting[], route: GatewayRoute, field: K): MethodSetting | undefined {
  let best: MethodSetting | undefined;
  let bestRank = -1;
  for (const s of settings) {
    if (s[field] === undefined || !matches(s, route)) continue;
    const rank = (s.resourcePath === '*' ? 0 : 2) + (s.method === '*' ? 0 : 1);
    if (rank > bestRank) {
      best = s;
      bestRank = rank;
    }
  }
  return best;
}

export function accountThrottle(at: SourceRef): RateLimitControl {
  return {
    kind: 'account-throttle',
    limit: 10000,
    windowSeconds: 1,
    unit: 'requests',
    keyedBy: 'account',
    enforced: true,
    origin: origin(
      'default',
      at,
      'no stage or usage-plan throttling: only the account-level regional throttle applies (10,000 requests per second, burst 5,000, shared by every API of the account in the region)',
    ),
    details: { burstLimit: 5000 },
  };
}

/**
 * The routes of one API as deployed in the given stages, with the stage's throttling and
 * logging and the usage plans' limits. With neither stages nor plans, the routes are returned
 * with the account-level throttle as their only (default) rate limit.
 */
export function applyStages(routes: GatewayRoute[], stages: StageInfo[], plans: UsagePlanInfo[]): GatewayRoute[] {
  const names: string[] = [];
  for (const s of stages) if (!names.includes(s.name)) names.push(s.name);
  for (const p of plans) if (p.stage && !names.includes(p.stage)) names.push(p.stage);
  if (!names.length && plans.length) names.push('');
  if (!names.length) {
    for (const r of routes) if (!r.controls.rateLimits.some((x) => x.enforced)) r.controls.rateLimits.push(accountThrottle(r.at));
    return routes;
  }
  const out: GatewayRoute[] = [];
  for (const name of names) {
    const stage = stages.find((s) => s.name === name);
    for (const base of routes) {
      const r: GatewayRoute = { ...base, controls: copyControls(base.controls) };
      if (name) r.stage = name;
      if (names.length > 1) r.id = `${name} ${base.id}`;
      if (stage) addStageControls(r, stage);
      for (const plan of plans) if (!plan.stage || plan.stage === name || !name) addPlanControls(r, plan);
      if (!r.controls.rateLimits.some((x) => x.enforced)) r.controls.rateLimits.push(accountThrottle(stage?.at ?? r.at));
      out.push(r);
    }
  }
  return out;
}

function addStageControls(r: GatewayRoute, stage: StageInfo): void {
  const rate = mostSpecific(stage.settings, r, 'rateLimit');
  const burst = mostSpecific(stage.settings, r, 'burstLimit');
  if (rate || burst) {
    const t: RateLimitControl = {
      kind: stage.apiType === 'http' ? 'route-throttle' : 'stage-throttle',
      windowSeconds: 1,
      unit: 'requests',
      keyedBy: 'stage',
      enforced: true,
      origin: origin('stage', (rate ?? burst)!.at),
      details: { stage: stage.name, burstLimit: burst?.burstLimit, note: 'stage throttling is shared by every client of the stage; it is not per client' },
    };
    if (rate?.rateLimit !== undefined) t.limit = rate.rateLimit;
    r.controls.rateLimits.push(t);
  }
  const trace = mostSpecific(stage.settings, r, 'dataTrace');
  const level = mostSpecific(stage.settings, r, 'loggingLevel');
  const levelValue = level?.loggingLevel?.toUpperCase();
  if (trace?.dataTrace || (levelValue && levelValue !== 'OFF')) {
    const l: LoggingControl = {
      kind: 'execution-log',
      sink: `CloudWatch Logs API-Gateway-Execution-Logs (${stage.name})`,
      capturesBodies: trace?.dataTrace === true,
      capturesHeaders: trace?.dataTrace === true,
      origin: origin('stage', (trace?.dataTrace ? trace : level)!.at, trace?.dataTrace ? 'dataTraceEnabled logs full request and response data, which AWS advises against in production' : undefined),
    };
    r.controls.logging.push(l);
  }
  if (stage.accessLog) {
    const format = stage.accessLog.format ?? '';
    const l: LoggingControl = {
      kind: 'stage-access-log',
      capturesBodies: false,
      capturesHeaders: /\$context\.identity\.apiKey(?!Id)\b/.test(format),
      origin: origin('stage', stage.accessLog.at),
    };
    if (stage.accessLog.destination) l.sink = stage.accessLog.destination;
    r.controls.logging.push(l);
  }
}

function addPlanControls(r: GatewayRoute, plan: UsagePlanInfo): void {
  const keyed = r.controls.authentication.some((a) => a.kind === 'api-key');
  const why = keyed ? undefined : 'usage plans apply only to methods that require an API key; this method does not';
  const push = (x: RateLimitControl): void => {
    if (why) x.notEnforcedWhy = why;
    r.controls.rateLimits.push(x);
  };
  const specific = plan.methodThrottles.find((m) => matches(m, r));
  const throttle = specific ?? plan.throttle;
  if (throttle && (throttle.rateLimit !== undefined || throttle.burstLimit !== undefined)) {
    const t: RateLimitControl = {
      kind: specific ? 'usage-plan-method-throttle' : 'usage-plan-throttle',
      windowSeconds: 1,
      unit: 'requests',
      keyedBy: 'api-key',
      enforced: keyed,
      origin: origin('stage', throttle.at),
      details: { plan: plan.name, burstLimit: throttle.burstLimit, note: 'usage plan limits are best-effort targets' },
    };
    if (throttle.rateLimit !== undefined) t.limit = throttle.rateLimit;
    push(t);
  }
  if (plan.quota && plan.quota.limit !== undefined) {
    const q: RateLimitControl = {
      kind: 'usage-plan-quota',
      limit: plan.quota.limit,
      unit: 'requests',
      keyedBy: 'api-key',
      enforced: keyed,
      origin: origin('stage', plan.quota.at),
      details: { plan: plan.name, period: plan.quota.period },
    };
    const seconds = plan.quota.period ? PERIOD_SECONDS[plan.quota.period.toUpperCase()] : undefined;
    if (seconds) q.windowSeconds = seconds;
    push(q);
  }
}
