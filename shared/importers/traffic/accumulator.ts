/**
 * Builds the TrafficSummary while requests stream past: one `add` per request, constant work
 * each, every map capped (TRAFFIC_LIMITS). `finish` turns the running state into the bounded,
 * plain-data summary the detections and the report read.
 */
import {
  TRAFFIC_LIMITS,
  type AiKeyStat,
  type AuthFailureStat,
  type AutomationStat,
  type BodyLeakStat,
  type CallerStat,
  type EnumerationStat,
  type Evidence,
  type HeaderFact,
  type HeaderStat,
  type ServerErrorBurst,
  type SsrfStat,
  type TrafficEndpointStat,
  type TrafficEvent,
  type TrafficFieldPresence,
  type TrafficParseStats,
  type TrafficPrivacy,
  type TrafficSummary,
  type UrlDataStat,
} from '../../model/traffic.js';
import { automationAgent, businessFlowOf, isAiEndpoint, isCredentialEndpoint, isLegacyTls, isStaticPath } from './classify.js';
import type { KnownEndpoint } from './endpoint-matcher.js';
import { own, type Interned } from './interner.js';
import type { SsrfHit, UrlDataHit } from './url-inspect.js';

const S = TRAFFIC_LIMITS.samples;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Running evidence: count, time window, sample lines. */
class Ev {
  count = 0;
  first = Infinity;
  last = -Infinity;
  samples: number[] = [];
  see(ev: TrafficEvent): void {
    // A sample is only taken while count < S: the array is not touched after that.
    if (this.count++ < S) this.samples.push(ev.line);
    const ts = ev.ts;
    if (ts !== undefined) {
      if (ts < this.first) this.first = ts;
      if (ts > this.last) this.last = ts;
    }
  }
  out(): Evidence {
    const e: Evidence = { count: this.count, samples: [...this.samples].sort((a, b) => a - b) };
    if (this.first !== Infinity) e.firstSeen = new Date(this.first).toISOString();
    if (this.last !== -Infinity) e.lastSeen = new Date(this.last).toISOString();
    return e;
  }
}

/** Peak count per clock minute for one key (a Peak, or a caller that carries its own). */
interface PeakState {
  minute: number;
  inMinute: number;
  peak: number;
  peakMinute: number;
  /** The first minute seen and the count in its first run (for joining two parts of a file). */
  firstMinute: number;
  firstCount: number;
  firstOpen: boolean;
}

/** Counts one event in clock minute `m` (-1: no time). */
function tickPeak(p: PeakState, m: number): void {
  if (m < 0) return;
  if (m === p.minute) {
    p.inMinute++;
    if (p.firstOpen) p.firstCount++;
  } else {
    if (p.firstMinute < 0) {
      p.firstMinute = m;
      p.firstCount = 1;
      p.firstOpen = true;
    } else p.firstOpen = false;
    p.minute = m;
    p.inMinute = 1;
  }
  if (p.inMinute > p.peak) {
    p.peak = p.inMinute;
    p.peakMinute = m;
  }
}

class Peak implements PeakState {
  minute = -1;
  inMinute = 0;
  peak = 0;
  peakMinute = -1;
  firstMinute = -1;
  firstCount = 0;
  firstOpen = false;
  tick(m: number): void {
    tickPeak(this, m);
  }
}

class CappedSet {
  readonly set = new Set<string>();
  overflow = false;
  constructor(private readonly cap: number) {}
  add(v: string): void {
    if (this.set.size < this.cap) this.set.add(v);
    else if (!this.set.has(v)) this.overflow = true;
  }
  get size(): number {
    return this.set.size;
  }
}

/**
 * One caller (a principal, else a client IP): its own evidence and per-minute peak, and the hub
 * its enumeration and AI state hang on. One object, so the hot path follows no pointers.
 */
class CallerAcc extends Ev implements PeakState {
  errors = 0;
  /** Enumeration state per endpoint id. */
  enums: Map<number, EnumAcc> | undefined = undefined;
  ai: AiAcc | undefined = undefined;
  // Its peak per minute, held here rather than in a Peak of its own: one object less to reach per request.
  minute = -1;
  inMinute = 0;
  peak = 0;
  peakMinute = -1;
  firstMinute = -1;
  firstCount = 0;
  firstOpen = false;
  constructor(
    /** `principal …` or `ip …`, as summaries show it. */
    readonly key: string,
    readonly kind: 'principal' | 'ip',
    /** Index in the accumulator's caller list. */
    readonly id: number,
  ) {
    super();
  }
}

class EndpointAcc extends Ev {
  readonly isStatic: boolean;
  readonly credential: boolean;
  readonly ai: boolean;
  readonly flow: string | undefined;
  /** `GET /users/{id}`, made once (keyed sets would hash a fresh string per request). */
  readonly name: string;
  readonly byClass = [0, 0, 0, 0, 0, 0];
  withIdentity = 0;
  anonymous = 0;
  readonly anonymousSamples: number[] = [];
  readonly errorSamples: number[] = [];
  /** Requests per caller id. */
  readonly callers = new Map<number, number>();
  callersOverflow = false;
  constructor(readonly known: KnownEndpoint) {
    super();
    this.isStatic = isStaticPath(known.template);
    this.credential = isCredentialEndpoint(known.template);
    this.ai = isAiEndpoint(known.template);
    this.flow = businessFlowOf(known.template);
    this.name = `${known.method} ${known.template}`;
  }
}

interface AuthAcc {
  ev: Ev;
  peak: Peak;
  failures: number;
  successes: number;
  endpoints: CappedSet;
  /** The endpoint added last (most attempts hit one login endpoint: no set lookup for them). */
  lastEndpoint: string | undefined;
  accounts: CappedSet;
  ips: CappedSet;
  streak: number;
  successAfter: number;
  successAfterLine: number;
  /** Failures before the first success, whether there was one, and where (for joining parts). */
  leading: number;
  hadSuccess: boolean;
  firstSuccessLine: number;
}

class EnumAcc extends Ev {
  /** Small numeric ids (negated) or 30-bit hashes of the ids seen: numbers cost less than strings and pin no text. */
  readonly ids = new Set<number>();
  lastId = NaN;
  /** The first numeric id seen (for joining parts). */
  firstId = NaN;
  sequential = 0;
  notFound = 0;
  forbidden = 0;
  success = 0;
  constructor(
    readonly caller: CallerAcc,
    readonly endpoint: number,
  ) {
    super();
  }
}

interface AiAcc {
  ev: Ev;
  peak: Peak;
  prompt: number;
  completion: number;
  total: number;
  models: CappedSet;
  endpoints: CappedSet;
  day: number;
  dayTokens: number;
  peakDayTokens: number;
  /** The first day with usage and its tokens (for joining parts). */
  firstDay: number;
  firstDayTokens: number;
}

interface KeyedAcc {
  ev: Ev;
  success: number;
}

interface HeaderAcc {
  ev: Ev;
  kind: HeaderFact['kind'];
  subject: string;
  values: CappedSet;
  entries: number[];
  endpoints: CappedSet;
}

interface AutomationAcc extends KeyedAcc {
  clients: CappedSet;
}

/** Extra facts about a request that the importer found before storing it. */
export interface AddContext {
  endpointId: number | undefined;
  /** The request's object id (the endpoint's last parameter) as idKey() gives it; NaN when none. */
  idKey: number;
  /** Its integer value (idNumber()), NaN when not numeric. */
  idNum: number;
  /** The interned client IP (with its subnet), principal and user agent. */
  ip: Interned | undefined;
  principal: Interned | undefined;
  ua: Interned | undefined;
  data: readonly UrlDataHit[];
  ssrf: readonly SsrfHit[];
  hasQuery: boolean;
}


export interface AccumulatorSetup {
  file: string;
  format: string;
  formatLabel: string;
  privacy: TrafficPrivacy;
  /** The matcher's endpoint list (grows while clustering). */
  endpoints: readonly KnownEndpoint[];
  inventoryEndpoints: number;
}

const CLASS_NAMES = ['1xx', '2xx', '3xx', '4xx', '5xx', 'other'] as const;

function pushSample(list: number[], line: number): void {
  if (list.length < S) list.push(line);
}

/** Sample lists of two parts in file order: the first S overall. */
function joinSamples(mine: number[], later: readonly number[]): void {
  for (const l of later) if (mine.length < S) mine.push(l);
}

function joinEv(mine: Ev, later: Ev): void {
  // The first S samples overall: this part's (it has min(count, S)), then the later part's.
  for (const l of later.samples) if (mine.samples.length < S) mine.samples.push(l);
  mine.count += later.count;
  if (later.first < mine.first) mine.first = later.first;
  if (later.last > mine.last) mine.last = later.last;
}

/** Peaks per minute of two parts, the minute across the seam counted whole. */
function joinPeak(mine: PeakState, later: PeakState): void {
  let peak = Math.max(mine.peak, later.peak);
  let peakMinute = mine.peak >= later.peak ? mine.peakMinute : later.peakMinute;
  const seam = mine.minute >= 0 && mine.minute === later.firstMinute;
  if (seam && mine.inMinute + later.firstCount > peak) {
    peak = mine.inMinute + later.firstCount;
    peakMinute = mine.minute;
  }
  const firstMinute = mine.firstMinute >= 0 ? mine.firstMinute : later.firstMinute;
  let firstCount = mine.firstMinute >= 0 ? mine.firstCount : later.firstCount;
  if (mine.firstOpen && seam) firstCount += later.firstCount;
  if (later.minute >= 0) {
    const laterOneRun = later.firstOpen;
    mine.inMinute = seam && laterOneRun ? mine.inMinute + later.inMinute : later.inMinute;
    mine.firstOpen = mine.firstMinute >= 0 ? mine.firstOpen && seam && laterOneRun : later.firstOpen;
    mine.minute = later.minute;
  }
  mine.firstMinute = firstMinute;
  mine.firstCount = firstCount;
  mine.peak = peak;
  mine.peakMinute = peakMinute;
}

function joinSet(mine: CappedSet, later: CappedSet): void {
  for (const v of later.set) mine.add(v);
  mine.overflow ||= later.overflow;
}

function joinEnum(mine: EnumAcc, later: EnumAcc): void {
  joinEv(mine, later);
  for (const id of later.ids) if (mine.ids.size < TRAFFIC_LIMITS.idsPerKey) mine.ids.add(id);
  mine.sequential += later.sequential + (later.firstId === mine.lastId + 1 ? 1 : 0);
  if (mine.firstId !== mine.firstId) mine.firstId = later.firstId;
  if (later.lastId === later.lastId) mine.lastId = later.lastId;
  mine.notFound += later.notFound;
  mine.forbidden += later.forbidden;
  mine.success += later.success;
}

function joinAuth(mine: AuthAcc, later: AuthAcc): void {
  joinEv(mine.ev, later.ev);
  joinPeak(mine.peak, later.peak);
  mine.failures += later.failures;
  mine.successes += later.successes;
  joinSet(mine.endpoints, later.endpoints);
  joinSet(mine.accounts, later.accounts);
  joinSet(mine.ips, later.ips);
  // The streak of failures running across the seam ends at the later part's first success.
  let best = mine.successAfter;
  let bestLine = mine.successAfterLine;
  if (later.successAfter > best) {
    best = later.successAfter;
    bestLine = later.successAfterLine;
  }
  if (later.hadSuccess && mine.streak + later.leading > best) {
    best = mine.streak + later.leading;
    bestLine = later.firstSuccessLine;
  }
  mine.successAfter = best;
  mine.successAfterLine = bestLine;
  mine.streak = later.hadSuccess ? later.streak : mine.streak + later.streak;
  if (!mine.hadSuccess) {
    mine.leading += later.leading;
    mine.hadSuccess = later.hadSuccess;
    mine.firstSuccessLine = later.firstSuccessLine;
  }
}

function joinAi(mine: AiAcc, later: AiAcc): void {
  joinEv(mine.ev, later.ev);
  joinPeak(mine.peak, later.peak);
  mine.prompt += later.prompt;
  mine.completion += later.completion;
  mine.total += later.total;
  joinSet(mine.models, later.models);
  joinSet(mine.endpoints, later.endpoints);
  let peak = Math.max(mine.peakDayTokens, later.peakDayTokens);
  if (mine.day >= 0 && mine.day === later.firstDay) peak = Math.max(peak, mine.dayTokens + later.firstDayTokens);
  if (later.day >= 0) {
    mine.dayTokens = later.day === mine.day && later.firstDay === later.day ? mine.dayTokens + later.dayTokens : later.dayTokens;
    mine.day = later.day;
  }
  if (mine.firstDay < 0) {
    mine.firstDay = later.firstDay;
    mine.firstDayTokens = later.firstDayTokens;
  }
  mine.peakDayTokens = peak;
}

function capInsert<K, V>(map: Map<K, V>, cap: number, key: K, make: () => V): V | undefined {
  let v = map.get(key);
  if (v === undefined) {
    if (map.size >= cap) return undefined;
    v = make();
    map.set(key, v);
  }
  return v;
}

export class TrafficAccumulator {
  private setup: AccumulatorSetup;
  private readonly fields: TrafficFieldPresence = {
    ts: 0, clientIp: 0, principal: 0, userAgent: 0, tlsVersion: 0, scheme: 0, query: 0, latencyMs: 0, bytesOut: 0, ai: 0, requestId: 0, upstream: 0, host: 0,
  };
  private requests = 0;
  private bytesOut = 0;
  private bytesIn = 0;
  private readonly byClass = [0, 0, 0, 0, 0, 0];
  private readonly byMethod = new Map<string, number>();
  private readonly byDay = new Map<number, number>();
  private first = Infinity;
  private last = -Infinity;
  private firstLine = 0;
  private lastLine = 0;
  private status429 = 0;
  private upstream429 = 0;
  private noEndpoint = 0;

  private readonly callerList: CallerAcc[] = [];
  private principalCallers = 0;
  private callersOverflow = false;
  private lastDay = -1;
  private lastDayCount = 0;
  private lastMinute = -1;
  private lastSlot: { n: number; e: number; lines: number[]; endpoints: Set<number> | undefined } | undefined;
  private enumerationKeys = 0;
  private readonly endpointAccs: (EndpointAcc | undefined)[] = [];

  private readonly authIp = new Map<string, AuthAcc>();
  private readonly authSubnet = new Map<string, AuthAcc>();
  private readonly authAccount = new Map<string, AuthAcc>();
  private readonly enumerations: EnumAcc[] = [];
  private readonly aiCallers: CallerAcc[] = [];
  private aiRequests = 0;
  private aiWithUsage = 0;
  private readonly aiTokens = { prompt: 0, completion: 0, total: 0 };
  private readonly aiProviders = new Map<string, number>();
  private readonly aiModels = new Map<string, number>();
  private readonly aiEndpointIds = new Set<number>();
  private readonly urlData = new Map<string, KeyedAcc & { kind: string; where: string; endpoint: string }>();
  private urlsWithPersonal = 0;
  private urlsWithSecrets = 0;
  private readonly ssrf = new Map<string, KeyedAcc & { endpoint: string; parameter: string; target: string }>();
  private readonly minutes = new Map<number, { n: number; e: number; lines: number[]; endpoints: Set<number> | undefined }>();
  private minutesOverflow = 0;
  private status5xx = 0;
  private readonly leaks = new Map<string, { ev: Ev; endpoint: string; kind: string }>();
  private readonly tlsVersions = new Map<string, number>();
  private readonly legacy = new Ev();
  private readonly legacyVersions = new CappedSet(10);
  private readonly plaintext = new Ev();
  private readonly plaintextEndpoints = new CappedSet(20);
  private readonly automation = new Map<string, AutomationAcc & { endpoint: string; agent: string; flow: string }>();
  private readonly headerFacts = new Map<string, HeaderAcc>();

  constructor(setup: AccumulatorSetup) {
    this.setup = setup;
  }

  private endpointAcc(id: number): EndpointAcc {
    let acc = this.endpointAccs[id];
    if (!acc) this.endpointAccs[id] = acc = new EndpointAcc(this.setup.endpoints[id]!);
    return acc;
  }

  private endpointName(id: number | undefined): string {
    if (id === undefined) return '(no endpoint)';
    const k = this.setup.endpoints[id]!;
    return `${k.method} ${k.template}`;
  }

  /** Methods are few: a short list compared by value beats hashing a fresh string per request. */
  private readonly methodNames: string[] = [];
  private readonly methodCounts: number[] = [];
  private countMethod(method: string): void {
    const names = this.methodNames;
    for (let i = 0; i < names.length; i++)
      if (names[i] === method) {
        this.methodCounts[i]!++;
        return;
      }
    if (names.length < 30) {
      names.push(own(method));
      this.methodCounts.push(1);
    } else this.byMethod.set('other', (this.byMethod.get('other') ?? 0) + 1);
  }

  private caller(ctx: AddContext): CallerAcc | undefined {
    const entry = ctx.principal ?? ctx.ip;
    if (entry === undefined) return undefined;
    const known = entry.slot as CallerAcc | undefined;
    if (known !== undefined) return known;
    if (entry.id < 0 || this.callerList.length >= TRAFFIC_LIMITS.trackedCallers) {
      this.callersOverflow = true;
      return undefined;
    }
    const kind = ctx.principal !== undefined ? 'principal' : 'ip';
    const c = new CallerAcc(`${kind} ${entry.value}`, kind, this.callerList.length);
    entry.slot = c;
    this.callerList.push(c);
    if (kind === 'principal') this.principalCallers++;
    return c;
  }

  add(ev: TrafficEvent, ctx: AddContext): void {
    const f = this.fields;
    const ts = ev.ts;
    const status = ev.status;
    const cls = status >= 100 && status < 600 ? ((status / 100) | 0) - 1 : 5;
    const ok = cls === 1;
    this.requests++;
    this.byClass[cls]!++;
    this.countMethod(ev.method);
    if (ev.bytesOut !== undefined) {
      f.bytesOut++;
      this.bytesOut += ev.bytesOut;
    }
    if (ev.bytesIn !== undefined) this.bytesIn += ev.bytesIn;
    let minute = -1;
    if (ts !== undefined) {
      f.ts++;
      if (ts < this.first) {
        this.first = ts;
        this.firstLine = ev.line;
      }
      if (ts > this.last) {
        this.last = ts;
        this.lastLine = ev.line;
      }
      const day = Math.floor(ts / DAY);
      if (day === this.lastDay) this.lastDayCount++;
      else {
        if (this.lastDay !== -1) this.byDay.set(this.lastDay, (this.byDay.get(this.lastDay) ?? 0) + this.lastDayCount);
        this.lastDay = day;
        this.lastDayCount = 1;
      }
      minute = Math.floor(ts / MINUTE);
    }
    if (ev.clientIp !== undefined) f.clientIp++;
    if (ev.principal !== undefined) f.principal++;
    if (ev.latencyMs !== undefined) f.latencyMs++;
    if (ev.requestId !== undefined) f.requestId++;
    if (ev.upstream !== undefined) f.upstream++;
    if (ev.host !== undefined) f.host++;
    if (ev.scheme !== undefined) f.scheme++;
    if (ctx.hasQuery) f.query++;
    if (status === 429) this.status429++;
    if (ev.upstreamStatus === 429) this.upstream429++;

    // Callers: the principal when the record names one, else the client IP.
    const caller = this.caller(ctx);
    if (caller !== undefined) {
      caller.see(ev);
      tickPeak(caller, minute);
      if (cls >= 3) caller.errors++;
    }

    // User agents.
    let agent: string | null | undefined;
    const ua = ctx.ua;
    if (ua !== undefined) {
      f.userAgent++;
      agent = ua.slot as string | null | undefined;
      if (agent === undefined) ua.slot = agent = automationAgent(ua.value) ?? null;
    }

    // Transport.
    const tls = ev.tlsVersion;
    if (tls !== undefined) {
      f.tlsVersion++;
      const n = this.tlsVersions.get(tls);
      if (n !== undefined) this.tlsVersions.set(tls, n + 1);
      else this.tlsVersions.set(own(tls), 1);
      if (tls === 'none') {
        this.plaintext.see(ev);
        if (ctx.endpointId !== undefined && this.plaintextEndpoints.size < 20) this.plaintextEndpoints.add(this.endpointName(ctx.endpointId));
      } else if (isLegacyTls(tls)) {
        this.legacy.see(ev);
        if (!this.legacyVersions.set.has(tls)) this.legacyVersions.add(own(tls));
      }
    }

    // Requests and 5xx by minute.
    if (cls === 4) this.status5xx++;
    if (minute !== -1) {
      let slot = minute === this.lastMinute ? this.lastSlot : this.minutes.get(minute);
      if (!slot) {
        if (this.minutes.size < TRAFFIC_LIMITS.minutes) this.minutes.set(minute, (slot = { n: 0, e: 0, lines: [], endpoints: undefined }));
        else this.minutesOverflow++;
      }
      this.lastMinute = minute;
      this.lastSlot = slot;
      if (slot) {
        slot.n++;
        if (cls === 4) {
          slot.e++;
          pushSample(slot.lines, ev.line);
          if (ctx.endpointId !== undefined) {
            slot.endpoints ??= new Set();
            if (slot.endpoints.size < 5) slot.endpoints.add(ctx.endpointId);
          }
        }
      }
    }

    // URL data (secrets, personal data) and SSRF payloads.
    if (ctx.data.length) {
      let secret = false;
      let personal = false;
      for (const hit of ctx.data) {
        if (hit.secret) secret = true;
        else personal = true;
        const key = `${hit.kind}\u0000${hit.where}\u0000${ctx.endpointId ?? -1}`;
        const acc = capInsert(this.urlData, 2000, key, () => ({ ev: new Ev(), success: 0, kind: hit.kind, where: hit.where, endpoint: this.endpointName(ctx.endpointId) }));
        if (acc) {
          acc.ev.see(ev);
          if (ok) acc.success++;
        }
      }
      if (secret) this.urlsWithSecrets++;
      if (personal) this.urlsWithPersonal++;
    }
    if (ctx.ssrf.length)
      for (const hit of ctx.ssrf) {
        const key = `${ctx.endpointId ?? -1}\u0000${hit.parameter}\u0000${hit.target}`;
        const acc = capInsert(this.ssrf, 2000, key, () => ({ ev: new Ev(), success: 0, endpoint: this.endpointName(ctx.endpointId), parameter: hit.parameter, target: hit.target }));
        if (acc) {
          acc.ev.see(ev);
          if (ok) acc.success++;
        }
      }

    if (ev.headerFacts !== undefined) this.addHeaderFacts(ev, ev.headerFacts, ctx.endpointId);

    const usage = ev.ai;
    if (usage !== undefined) f.ai++;

    const id = ctx.endpointId;
    if (id === undefined) {
      this.noEndpoint++;
      if (usage !== undefined) this.addAi(ev, caller, undefined);
      return;
    }
    const ep = this.endpointAccs[id] ?? this.endpointAcc(id);
    ep.see(ev);
    ep.byClass[cls]!++;
    if (ok) {
      if (ev.principal !== undefined) ep.withIdentity++;
      else {
        ep.anonymous++;
        pushSample(ep.anonymousSamples, ev.line);
      }
    } else if (cls === 4) pushSample(ep.errorSamples, ev.line);
    if (caller !== undefined) {
      const n = ep.callers.get(caller.id);
      if (n !== undefined) ep.callers.set(caller.id, n + 1);
      else if (ep.callers.size < 256) ep.callers.set(caller.id, 1);
      else ep.callersOverflow = true;
    }
    if (ev.bodyLeak !== undefined) {
      const key = `${id}\u0000${ev.bodyLeak}`;
      const acc = capInsert(this.leaks, 500, key, () => ({ ev: new Ev(), endpoint: this.endpointName(id), kind: ev.bodyLeak! }));
      acc?.ev.see(ev);
    }
    if (ep.ai || usage !== undefined) this.addAi(ev, caller, id);

    // Credential flows: failures per IP, subnet and account.
    if (ep.credential && ev.method !== 'GET' && ev.method !== 'HEAD' && ev.method !== 'OPTIONS') {
      const failed = status === 401 || status === 403;
      if (failed || ok) {
        const endpoint = ep.name;
        if (ev.clientIp !== undefined) this.auth(this.authIp, ev.clientIp, ev, failed, endpoint);
        const subnet = ctx.ip?.subnet;
        if (subnet !== undefined) this.auth(this.authSubnet, subnet, ev, failed, endpoint);
        if (ev.principal !== undefined) this.auth(this.authAccount, ev.principal, ev, failed, endpoint);
      }
    }

    // Object-id enumeration per caller on templates with an id position.
    const key = ctx.idKey;
    if (key === key && caller !== undefined && !ep.isStatic) {
      let acc = caller.enums?.get(id);
      if (acc === undefined) {
        if (this.enumerationKeys >= TRAFFIC_LIMITS.enumerationKeys) this.pruneEnumeration();
        if (this.enumerationKeys < TRAFFIC_LIMITS.enumerationKeys) {
          acc = new EnumAcc(caller, id);
          (caller.enums ??= new Map()).set(id, acc);
          this.enumerations.push(acc);
          this.enumerationKeys++;
        }
      }
      if (acc !== undefined) {
        acc.see(ev);
        const n = ctx.idNum;
        if (n === n) {
          if (n === acc.lastId + 1) acc.sequential++;
          else if (acc.firstId !== acc.firstId) acc.firstId = n;
          acc.lastId = n;
        }
        if (acc.ids.size < TRAFFIC_LIMITS.idsPerKey) acc.ids.add(key);
        if (status === 404) acc.notFound++;
        else if (status === 403 || status === 401) acc.forbidden++;
        else if (ok) acc.success++;
      }
    }

    // Automation on business flows.
    if (agent && ep.flow) {
      const key = `${id}\u0000${agent}`;
      const acc = capInsert(this.automation, 1000, key, () => ({
        ev: new Ev(),
        success: 0,
        clients: new CappedSet(10_000),
        endpoint: ep.name,
        agent: agent!,
        flow: ep.flow!,
      }));
      if (acc) {
        acc.ev.see(ev);
        if (ok) acc.success++;
        if (ev.clientIp !== undefined) acc.clients.add(ev.clientIp);
      }
    }
  }

  private addHeaderFacts(ev: TrafficEvent, facts: readonly HeaderFact[], endpointId: number | undefined): void {
    for (const fact of facts) {
      const acc = capInsert(this.headerFacts, 500, `${fact.kind}\u0000${fact.subject}`, () => ({
        ev: new Ev(),
        kind: fact.kind,
        subject: own(fact.subject),
        values: new CappedSet(10),
        entries: [],
        endpoints: new CappedSet(5),
      }));
      if (!acc) continue;
      acc.ev.see(ev);
      pushSample(acc.entries, fact.entry);
      if (fact.value !== undefined) acc.values.add(own(fact.value));
      if (endpointId !== undefined) acc.endpoints.add(this.endpointName(endpointId));
    }
  }

  private pruneEnumeration(): void {
    // Forget the pairs that show no enumeration yet, so late attackers still get tracked.
    let kept = 0;
    for (let i = 0; i < this.enumerations.length; i++) {
      const e = this.enumerations[i]!;
      if (e.ids.size <= 2) e.caller.enums!.delete(e.endpoint);
      else this.enumerations[kept++] = e;
    }
    this.enumerations.length = kept;
    this.enumerationKeys = kept;
  }

  private auth(map: Map<string, AuthAcc>, key: string, ev: TrafficEvent, failed: boolean, endpoint: string): void {
    let acc = map.get(key);
    if (!acc) {
      if (map.size >= 50_000) {
        for (const [k, v] of map) if (v.failures === 0) map.delete(k);
        if (map.size >= 50_000) return;
      }
      acc = {
        ev: new Ev(),
        peak: new Peak(),
        failures: 0,
        successes: 0,
        endpoints: new CappedSet(5),
        lastEndpoint: undefined,
        accounts: new CappedSet(1000),
        ips: new CappedSet(1000),
        streak: 0,
        successAfter: 0,
        successAfterLine: 0,
        leading: 0,
        hadSuccess: false,
        firstSuccessLine: 0,
      };
      map.set(key, acc);
    }
    if (acc.lastEndpoint !== endpoint) {
      acc.endpoints.add(endpoint);
      acc.lastEndpoint = endpoint;
    }
    if (map !== this.authAccount && ev.principal !== undefined) acc.accounts.add(ev.principal);
    if (map !== this.authIp && ev.clientIp !== undefined) acc.ips.add(ev.clientIp);
    if (failed) {
      acc.ev.see(ev);
      acc.peak.tick(ev.ts === undefined ? -1 : Math.floor(ev.ts / MINUTE));
      acc.failures++;
      acc.streak++;
      if (!acc.hadSuccess) acc.leading++;
    } else {
      if (!acc.hadSuccess) {
        acc.hadSuccess = true;
        acc.firstSuccessLine = ev.line;
      }
      acc.successes++;
      if (acc.streak > acc.successAfter) {
        acc.successAfter = acc.streak;
        acc.successAfterLine = ev.line;
      }
      acc.streak = 0;
    }
  }

  private addAi(ev: TrafficEvent, caller: CallerAcc | undefined, id: number | undefined): void {
    this.aiRequests++;
    if (id !== undefined && this.aiEndpointIds.size < 50) this.aiEndpointIds.add(id);
    const u = ev.ai;
    const total = u ? (u.totalTokens ?? (u.promptTokens ?? 0) + (u.completionTokens ?? 0)) : 0;
    if (u) {
      if (u.totalTokens !== undefined || u.promptTokens !== undefined || u.completionTokens !== undefined) this.aiWithUsage++;
      this.aiTokens.prompt += u.promptTokens ?? 0;
      this.aiTokens.completion += u.completionTokens ?? 0;
      this.aiTokens.total += total;
      if (u.provider) this.aiProviders.set(u.provider, (this.aiProviders.get(u.provider) ?? 0) + 1);
      if (u.model) this.aiModels.set(u.model, (this.aiModels.get(u.model) ?? 0) + 1);
    }
    if (caller === undefined) return;
    let acc = caller.ai;
    if (acc === undefined) {
      if (this.aiCallers.length >= 50_000) return;
      acc = caller.ai = {
        ev: new Ev(),
        peak: new Peak(),
        prompt: 0,
        completion: 0,
        total: 0,
        models: new CappedSet(10),
        endpoints: new CappedSet(10),
        day: -1,
        dayTokens: 0,
        peakDayTokens: 0,
        firstDay: -1,
        firstDayTokens: 0,
      };
      this.aiCallers.push(caller);
    }
    acc.ev.see(ev);
    acc.peak.tick(ev.ts === undefined ? -1 : Math.floor(ev.ts / MINUTE));
    if (id !== undefined) acc.endpoints.add(this.endpointName(id));
    if (u) {
      acc.prompt += u.promptTokens ?? 0;
      acc.completion += u.completionTokens ?? 0;
      acc.total += total;
      if (u.model) acc.models.add(u.model);
      if (ev.ts !== undefined) {
        const day = Math.floor(ev.ts / DAY);
        if (day !== acc.day) {
          acc.day = day;
          acc.dayTokens = 0;
          if (acc.firstDay < 0) acc.firstDay = day;
        }
        acc.dayTokens += total;
        if (day === acc.firstDay) acc.firstDayTokens = acc.dayTokens;
        if (acc.dayTokens > acc.peakDayTokens) acc.peakDayTokens = acc.dayTokens;
      } else if (acc.total > acc.peakDayTokens) acc.peakDayTokens = acc.total;
    }
  }

  // ---- joining the parts of a file read in parallel ----------------------------------------

  /** The endpoint table this accumulator's ids refer to. */
  endpointTable(): readonly KnownEndpoint[] {
    return this.setup.endpoints;
  }

  /** Puts the running day count into byDay, so the state is complete before it is copied or joined. */
  settle(): void {
    if (this.lastDay !== -1) {
      this.byDay.set(this.lastDay, (this.byDay.get(this.lastDay) ?? 0) + this.lastDayCount);
      this.lastDay = -1;
      this.lastDayCount = 0;
    }
    this.lastMinute = -1;
    this.lastSlot = undefined;
  }

  /**
   * Rebuilds an accumulator from its structured clone (a worker's, sent with postMessage):
   * the data is all there, the prototypes are put back.
   */
  static revive(state: unknown): TrafficAccumulator {
    const acc = Object.setPrototypeOf(state as object, TrafficAccumulator.prototype) as TrafficAccumulator;
    const ev = (o: unknown): void => void Object.setPrototypeOf(o as object, Ev.prototype);
    const peak = (o: unknown): void => void Object.setPrototypeOf(o as object, Peak.prototype);
    const set = (o: unknown): void => void Object.setPrototypeOf(o as object, CappedSet.prototype);
    for (const c of acc.callerList) {
      Object.setPrototypeOf(c, CallerAcc.prototype);
      for (const e of c.enums?.values() ?? []) Object.setPrototypeOf(e, EnumAcc.prototype);
      if (c.ai) {
        ev(c.ai.ev);
        peak(c.ai.peak);
        set(c.ai.models);
        set(c.ai.endpoints);
      }
    }
    for (const e of acc.endpointAccs) if (e) Object.setPrototypeOf(e, EndpointAcc.prototype);
    for (const map of [acc.authIp, acc.authSubnet, acc.authAccount])
      for (const a of map.values()) {
        ev(a.ev);
        peak(a.peak);
        set(a.endpoints);
        set(a.accounts);
        set(a.ips);
      }
    for (const m of [acc.urlData, acc.ssrf, acc.leaks] as Map<string, { ev: Ev }>[]) for (const a of m.values()) ev(a.ev);
    for (const a of acc.automation.values()) {
      ev(a.ev);
      set(a.clients);
    }
    for (const a of acc.headerFacts.values()) {
      ev(a.ev);
      set(a.values);
      set(a.endpoints);
    }
    ev(acc.legacy);
    ev(acc.plaintext);
    set(acc.legacyVersions);
    set(acc.plaintextEndpoints);
    return acc;
  }

  /**
   * Adds the requests of `later` — the accumulator of the part of the file right after this
   * one — to this one, so that the summary is the one a single pass would give: counts add up,
   * samples are the first ones in file order, and what runs across the seam (a minute's peak, a
   * streak of failed logins, ids walked one by one, a day's tokens) is joined. Endpoints are
   * matched by method and template (each part clustered on its own).
   */
  absorb(later: TrafficAccumulator, endpoints: KnownEndpoint[]): void {
    const b = later;
    this.settle();
    b.settle();
    // Endpoint ids of `later` → ids in `endpoints` (this accumulator's table, extended).
    const keyOf = (k: KnownEndpoint): string => `${k.method} ${k.template}`;
    const index = new Map(endpoints.map((k, i) => [keyOf(k), i]));
    const epMap = b.setup.endpoints.map((k) => {
      const key = keyOf(k);
      let id = index.get(key);
      if (id === undefined) {
        id = endpoints.length;
        endpoints.push(k);
        index.set(key, id);
      }
      return id;
    });
    const mapEp = (id: number): number => epMap[id] ?? id;

    const f = this.fields as unknown as Record<string, number>;
    for (const [k, v] of Object.entries(b.fields)) f[k] = (f[k] ?? 0) + v;
    this.requests += b.requests;
    this.bytesOut += b.bytesOut;
    this.bytesIn += b.bytesIn;
    b.byClass.forEach((n, i) => (this.byClass[i]! += n));
    b.methodNames.forEach((name, i) => {
      const j = this.methodNames.indexOf(name);
      if (j !== -1) this.methodCounts[j]! += b.methodCounts[i]!;
      else {
        this.methodNames.push(name);
        this.methodCounts.push(b.methodCounts[i]!);
      }
    });
    for (const [k, v] of b.byMethod) this.byMethod.set(k, (this.byMethod.get(k) ?? 0) + v);
    for (const [k, v] of b.byDay) this.byDay.set(k, (this.byDay.get(k) ?? 0) + v);
    if (b.first < this.first) {
      this.first = b.first;
      this.firstLine = b.firstLine;
    }
    if (b.last > this.last) {
      this.last = b.last;
      this.lastLine = b.lastLine;
    }
    this.status429 += b.status429;
    this.upstream429 += b.upstream429;
    this.noEndpoint += b.noEndpoint;
    this.callersOverflow ||= b.callersOverflow;

    // Callers (and what hangs on them), by key.
    const byKey = new Map(this.callerList.map((c) => [c.key, c]));
    const callerMap: number[] = [];
    for (const c of b.callerList) {
      const mine = byKey.get(c.key);
      if (!mine) {
        const moved = new CallerAcc(c.key, c.kind, this.callerList.length);
        joinEv(moved, c);
        moved.errors = c.errors;
        joinPeak(moved, c);
        moved.ai = c.ai;
        if (c.enums) {
          moved.enums = new Map();
          for (const [id, e] of c.enums) {
            const m = new EnumAcc(moved, mapEp(id));
            joinEnum(m, e);
            moved.enums.set(m.endpoint, m);
          }
        }
        this.callerList.push(moved);
        byKey.set(moved.key, moved);
        callerMap[c.id] = moved.id;
        continue;
      }
      callerMap[c.id] = mine.id;
      joinEv(mine, c);
      mine.errors += c.errors;
      joinPeak(mine, c);
      for (const [id, e] of c.enums ?? []) {
        const target = mapEp(id);
        let m = mine.enums?.get(target);
        if (!m) (mine.enums ??= new Map()).set(target, (m = new EnumAcc(mine, target)));
        joinEnum(m, e);
      }
      if (c.ai) {
        if (!mine.ai) mine.ai = c.ai;
        else joinAi(mine.ai, c.ai);
      }
    }
    this.principalCallers = this.callerList.filter((c) => c.kind === 'principal').length;
    this.enumerations.length = 0;
    this.aiCallers.length = 0;
    for (const c of this.callerList) {
      for (const e of c.enums?.values() ?? []) this.enumerations.push(e);
      if (c.ai) this.aiCallers.push(c);
    }
    this.enumerationKeys = this.enumerations.length;

    // Endpoints.
    b.endpointAccs.forEach((e, id) => {
      if (!e) return;
      const target = mapEp(id);
      let mine = this.endpointAccs[target];
      if (!mine) mine = this.endpointAccs[target] = new EndpointAcc(endpoints[target]!);
      joinEv(mine, e);
      e.byClass.forEach((n, i) => (mine.byClass[i]! += n));
      mine.withIdentity += e.withIdentity;
      mine.anonymous += e.anonymous;
      joinSamples(mine.anonymousSamples, e.anonymousSamples);
      joinSamples(mine.errorSamples, e.errorSamples);
      for (const [caller, n] of e.callers) {
        const to = callerMap[caller]!;
        const have = mine.callers.get(to);
        if (have !== undefined) mine.callers.set(to, have + n);
        else if (mine.callers.size < 256) mine.callers.set(to, n);
        else mine.callersOverflow = true;
      }
      mine.callersOverflow ||= e.callersOverflow;
    });

    for (const [mine, theirs] of [
      [this.authIp, b.authIp],
      [this.authSubnet, b.authSubnet],
      [this.authAccount, b.authAccount],
    ] as const)
      for (const [key, a] of theirs) {
        const m = mine.get(key);
        if (!m) mine.set(key, a);
        else joinAuth(m, a);
      }

    this.aiRequests += b.aiRequests;
    this.aiWithUsage += b.aiWithUsage;
    this.aiTokens.prompt += b.aiTokens.prompt;
    this.aiTokens.completion += b.aiTokens.completion;
    this.aiTokens.total += b.aiTokens.total;
    for (const [k, v] of b.aiProviders) this.aiProviders.set(k, (this.aiProviders.get(k) ?? 0) + v);
    for (const [k, v] of b.aiModels) this.aiModels.set(k, (this.aiModels.get(k) ?? 0) + v);
    for (const id of b.aiEndpointIds) if (this.aiEndpointIds.size < 50) this.aiEndpointIds.add(mapEp(id));

    // Keyed signals: their keys carry endpoint ids, re-keyed here.
    const rekey = (key: string, at: number): string => {
      const parts = key.split('\u0000');
      const id = Number(parts[at]);
      if (id >= 0) parts[at] = String(mapEp(id));
      return parts.join('\u0000');
    };
    for (const [key, a] of b.urlData) {
      const k = rekey(key, 2);
      const m = this.urlData.get(k);
      if (!m) this.urlData.set(k, a);
      else {
        joinEv(m.ev, a.ev);
        m.success += a.success;
      }
    }
    for (const [key, a] of b.ssrf) {
      const k = rekey(key, 0);
      const m = this.ssrf.get(k);
      if (!m) this.ssrf.set(k, a);
      else {
        joinEv(m.ev, a.ev);
        m.success += a.success;
      }
    }
    for (const [key, a] of b.leaks) {
      const k = rekey(key, 0);
      const m = this.leaks.get(k);
      if (!m) this.leaks.set(k, a);
      else joinEv(m.ev, a.ev);
    }
    for (const [key, a] of b.automation) {
      const k = rekey(key, 0);
      const m = this.automation.get(k);
      if (!m) this.automation.set(k, a);
      else {
        joinEv(m.ev, a.ev);
        m.success += a.success;
        for (const c of a.clients.set) m.clients.add(c);
      }
    }
    for (const [key, a] of b.headerFacts) {
      const m = this.headerFacts.get(key);
      const endpoints = new CappedSet(5);
      for (const e of a.endpoints.set) endpoints.add(e);
      if (!m) this.headerFacts.set(key, { ...a, endpoints });
      else {
        joinEv(m.ev, a.ev);
        joinSamples(m.entries, a.entries);
        joinSet(m.values, a.values);
        joinSet(m.endpoints, endpoints);
      }
    }
    this.urlsWithPersonal += b.urlsWithPersonal;
    this.urlsWithSecrets += b.urlsWithSecrets;

    for (const [minute, slot] of b.minutes) {
      const m = this.minutes.get(minute);
      const eps = slot.endpoints ? new Set([...slot.endpoints].map(mapEp)) : undefined;
      if (!m) this.minutes.set(minute, { n: slot.n, e: slot.e, lines: slot.lines, endpoints: eps });
      else {
        m.n += slot.n;
        m.e += slot.e;
        joinSamples(m.lines, slot.lines);
        for (const id of eps ?? []) if ((m.endpoints ??= new Set()).size < 5) m.endpoints.add(id);
      }
    }
    this.minutesOverflow += b.minutesOverflow;
    this.status5xx += b.status5xx;

    for (const [k, v] of b.tlsVersions) this.tlsVersions.set(k, (this.tlsVersions.get(k) ?? 0) + v);
    joinEv(this.legacy, b.legacy);
    for (const v of b.legacyVersions.set) this.legacyVersions.add(v);
    joinEv(this.plaintext, b.plaintext);
    for (const v of b.plaintextEndpoints.set) this.plaintextEndpoints.add(v);
    this.setup = { ...this.setup, endpoints };
  }

  /** The bounded summary. */
  finish(
    parse: TrafficParseStats,
    bytes: { file: number; text: number },
    sha256: string,
    distinct: { clientIps: number; clientIpsCapped: boolean; userAgents: number },
  ): TrafficSummary {
    const iso = (ms: number): string => new Date(ms).toISOString();
    const minuteIso = (m: number): string => iso(m * MINUTE);
    const top = <T>(items: T[], score: (t: T) => number, n: number = TRAFFIC_LIMITS.signals): T[] => items.sort((a, b) => score(b) - score(a)).slice(0, n);

    if (this.lastDay !== -1) {
      this.byDay.set(this.lastDay, (this.byDay.get(this.lastDay) ?? 0) + this.lastDayCount);
      this.lastDay = -1;
    }
    const callersArr = this.callerList.slice();
    const peaks = callersArr.filter((c) => c.peak > 0).map((c) => c.peak);
    peaks.sort((a, b) => a - b);
    const callerOut = (c: CallerAcc): CallerStat => {
      const s: CallerStat = { ...c.out(), caller: c.key, kind: c.kind, errors: c.errors, peakPerMinute: c.peak };
      if (c.peakMinute >= 0) s.peakMinute = minuteIso(c.peakMinute);
      return s;
    };
    const callerStats = top(callersArr.slice(), (c) => c.count, TRAFFIC_LIMITS.topCallers).map(callerOut);
    const peakStats = top(callersArr, (c) => c.peak, TRAFFIC_LIMITS.topCallers).map(callerOut);

    const endpoints: TrafficEndpointStat[] = [];
    for (const acc of this.endpointAccs) {
      if (!acc) continue;
      const byClass = Object.fromEntries(CLASS_NAMES.map((n, i) => [n, acc.byClass[i]!])) as TrafficEndpointStat['byClass'];
      const e = acc.out();
      const stat: TrafficEndpointStat = {
        method: acc.known.method,
        template: acc.known.template,
        endpoint: `${acc.known.method} ${acc.known.template}`,
        source: acc.known.source,
        static: acc.isStatic,
        requests: acc.count,
        byClass,
        success: { withIdentity: acc.withIdentity, anonymous: acc.anonymous },
        samples: e.samples,
        anonymousSamples: acc.anonymousSamples,
        errorSamples: acc.errorSamples,
        callers: [...acc.callers]
          .sort((a, b) => b[1] - a[1])
          .slice(0, TRAFFIC_LIMITS.callersPerEndpoint)
          .map(([caller, requests]) => ({ caller: this.callerList[caller]!.key, requests })),
        distinctCallers: acc.callers.size,
      };
      if (e.firstSeen) stat.firstSeen = e.firstSeen;
      if (e.lastSeen) stat.lastSeen = e.lastSeen;
      endpoints.push(stat);
    }
    const keptEndpoints = top(endpoints, (e) => e.requests, TRAFFIC_LIMITS.endpoints).sort((a, b) => a.template.localeCompare(b.template) || a.method.localeCompare(b.method));
    const droppedRequests = endpoints.slice(TRAFFIC_LIMITS.endpoints).reduce((n, e) => n + e.requests, 0);

    const authOut = (scope: AuthFailureStat['scope'], map: Map<string, AuthAcc>): AuthFailureStat[] =>
      [...map]
        .filter(([, a]) => a.failures >= 3 || a.successAfter >= 3)
        .map(([key, a]) => {
          const s: AuthFailureStat = {
            ...a.ev.out(),
            scope,
            key,
            endpoints: [...a.endpoints.set],
            failures: a.failures,
            successes: a.successes,
            peakFailuresPerMinute: a.peak.peak,
            accounts: a.accounts.size,
            ips: a.ips.size,
            successAfterFailures: a.successAfter,
          };
          if (a.successAfter > 0) s.successAfterFailuresLine = a.successAfterLine;
          return s;
        });
    const auth = top([...authOut('ip', this.authIp), ...authOut('subnet', this.authSubnet), ...authOut('account', this.authAccount)], (a) => a.failures);

    const enumeration: EnumerationStat[] = top(
      this.enumerations
        .filter((a) => a.ids.size >= 10)
        .map((a) => {
          const e = a.out();
          const minutes = a.first !== Infinity && a.last > a.first ? (a.last - a.first) / MINUTE : 1;
          return {
            ...e,
            caller: a.caller.key,
            endpoint: this.endpointName(a.endpoint),
            distinctIds: a.ids.size,
            sequentialSteps: a.sequential,
            notFound: a.notFound,
            forbidden: a.forbidden,
            success: a.success,
            perMinute: Math.round((a.count / Math.max(1, minutes)) * 10) / 10,
          };
        }),
      (s) => s.distinctIds * 1000 + s.count,
    );

    const aiByKey: AiKeyStat[] = top(
      this.aiCallers.map((c) => ({
        ...c.ai!.ev.out(),
        caller: c.key,
        tokens: { prompt: c.ai!.prompt, completion: c.ai!.completion, total: c.ai!.total },
        models: [...c.ai!.models.set],
        endpoints: [...c.ai!.endpoints.set],
        peakPerMinute: c.ai!.peak.peak,
        peakTokensPerDay: c.ai!.peakDayTokens,
      })),
      (s) => s.tokens.total * 10 + s.count,
    );

    const urlData: UrlDataStat[] = top(
      [...this.urlData.values()].map((a) => ({ ...a.ev.out(), kind: a.kind, where: a.where, endpoint: a.endpoint, success: a.success })),
      (s) => s.count,
    );
    const ssrf: SsrfStat[] = top(
      [...this.ssrf.values()].map((a) => ({ ...a.ev.out(), endpoint: a.endpoint, parameter: a.parameter, target: a.target, success: a.success })),
      (s) => s.count,
    );
    const bodyLeaks: BodyLeakStat[] = top(
      [...this.leaks.values()].map((a) => ({ ...a.ev.out(), endpoint: a.endpoint, kind: a.kind })),
      (s) => s.count,
    );
    const automation: AutomationStat[] = top(
      [...this.automation.values()].map((a) => ({ ...a.ev.out(), endpoint: a.endpoint, agent: a.agent, clients: a.clients.size, success: a.success, flow: a.flow })),
      (s) => s.count,
    );

    const headers: HeaderStat[] = top(
      [...this.headerFacts.values()].map((a) => ({ ...a.ev.out(), kind: a.kind, subject: a.subject, values: [...a.values.set], entries: [...a.entries].sort((x, y) => x - y), endpoints: [...a.endpoints.set] })),
      (s) => s.count,
    );

    const bursts = this.bursts(minuteIso);

    const byDay: Record<string, number> = {};
    for (const [day, n] of [...this.byDay].sort((a, b) => a[0] - b[0]).slice(-400)) byDay[iso(day * DAY).slice(0, 10)] = n;

    const kinds: string[] = [];
    if (this.fields.clientIp) kinds.push('client-ip');
    if (this.fields.principal) kinds.push('principal');
    if (this.fields.userAgent) kinds.push('user-agent');
    const urlKinds = new Set([...this.urlData.values()].map((d) => d.kind));
    for (const k of ['email', 'phone', 'card-number', 'iban', 'national-id', 'personal-data', 'credential', 'jwt']) if (urlKinds.has(k)) kinds.push(`${k}-in-url`);

    const summary: TrafficSummary = {
      file: this.setup.file,
      files: [this.setup.file],
      format: this.setup.format,
      formatLabel: this.setup.formatLabel,
      bytes,
      sha256,
      privacy: this.setup.privacy,
      parse,
      fields: { ...this.fields },
      volume: {
        requests: this.requests,
        bytesOut: this.bytesOut,
        bytesIn: this.bytesIn,
        byClass: Object.fromEntries(CLASS_NAMES.map((n, i) => [n, this.byClass[i]!])) as TrafficSummary['volume']['byClass'],
        byMethod: Object.fromEntries(
          [...this.methodNames.map((n, i) => [n, this.methodCounts[i]!] as [string, number]), ...this.byMethod].sort((a, b) => b[1] - a[1]).slice(0, 31),
        ),
        byDay,
      },
      topCallers: callerStats,
      endpoints: keptEndpoints,
      endpointsOverflow: droppedRequests + this.noEndpoint,
      inventoryEndpoints: this.setup.inventoryEndpoints,
      rates: { status429: this.status429, peaks: peakStats, medianPeakPerMinute: peaks.length ? peaks[Math.floor(peaks.length / 2)]! : 0 },
      auth,
      enumeration,
      ai: {
        requests: this.aiRequests,
        withUsage: this.aiWithUsage,
        tokens: { ...this.aiTokens },
        providers: Object.fromEntries(this.aiProviders),
        models: Object.fromEntries([...this.aiModels].sort((a, b) => b[1] - a[1]).slice(0, 30)),
        endpoints: [...this.aiEndpointIds].map((id) => this.endpointName(id)),
        byKey: aiByKey,
        upstream429: this.upstream429,
      },
      urlData,
      ssrf,
      errors: { status5xx: this.status5xx, bursts, bodyLeaks },
      transport: {
        byVersion: Object.fromEntries(this.tlsVersions),
        legacy: { ...this.legacy.out(), versions: [...this.legacyVersions.set] },
        plaintext: { ...this.plaintext.out(), endpoints: [...this.plaintextEndpoints.set] },
      },
      automation,
      personalData: {
        clientIps: distinct.clientIps,
        clientIpsCapped: distinct.clientIpsCapped,
        principals: this.principalCallers,
        userAgents: distinct.userAgents,
        urlsWithPersonalData: this.urlsWithPersonal,
        urlsWithSecrets: this.urlsWithSecrets,
        kinds,
      },
      headers,
    };
    if (this.first !== Infinity) {
      summary.span = {
        first: iso(this.first),
        last: iso(this.last),
        firstLine: this.firstLine,
        lastLine: this.lastLine,
        days: Math.round(((this.last - this.first) / DAY) * 10) / 10,
      };
    }
    if (this.callersOverflow) parse.notes.push(`more than ${TRAFFIC_LIMITS.trackedCallers} distinct callers: rates are tracked for the first ${TRAFFIC_LIMITS.trackedCallers}`);
    if (this.minutesOverflow) parse.notes.push(`the log spans more than ${TRAFFIC_LIMITS.minutes} minutes with traffic: 5xx bursts are looked for in the first ${TRAFFIC_LIMITS.minutes}`);
    return summary;
  }

  /** Minutes with at least 10 server errors making up at least half the traffic, merged when adjacent. */
  private bursts(minuteIso: (m: number) => string): ServerErrorBurst[] {
    const hot = [...this.minutes].filter(([, s]) => s.e >= 10 && s.e * 2 >= s.n).sort((a, b) => a[0] - b[0]);
    const out: ServerErrorBurst[] = [];
    let cur: { start: number; end: number; e: number; n: number; lines: number[]; endpoints: Set<number> } | undefined;
    const flush = (): void => {
      if (!cur) return;
      const b: ServerErrorBurst = {
        count: cur.e,
        samples: cur.lines.slice(0, S).sort((a, b) => a - b),
        firstSeen: minuteIso(cur.start),
        lastSeen: minuteIso(cur.end + 1),
        start: minuteIso(cur.start),
        minutes: cur.end - cur.start + 1,
        errors: cur.e,
        requests: cur.n,
        endpoints: [...cur.endpoints].map((id) => this.endpointName(id)),
      };
      out.push(b);
    };
    for (const [m, s] of hot) {
      if (cur && m === cur.end + 1) {
        cur.end = m;
        cur.e += s.e;
        cur.n += s.n;
        for (const l of s.lines) if (cur.lines.length < S) cur.lines.push(l);
        for (const id of s.endpoints ?? []) if (cur.endpoints.size < 5) cur.endpoints.add(id);
      } else {
        flush();
        cur = { start: m, end: m, e: s.e, n: s.n, lines: [...s.lines], endpoints: new Set(s.endpoints ?? []) };
      }
    }
    flush();
    return out.sort((a, b) => b.errors - a.errors).slice(0, TRAFFIC_LIMITS.signals);
  }
}
