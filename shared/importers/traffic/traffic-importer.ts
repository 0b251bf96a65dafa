/**
 * The streaming traffic import: text goes in chunk by chunk (`push`), requests come out
 * normalized, masked, pseudonymized and matched to endpoints, into two sinks — the summary
 * (TrafficAccumulator) and the stored batches (BatchEncoder). Nothing holds the whole file.
 *
 * Order per request (privacy first): inspect the URL (find secrets, personal data and SSRF
 * payloads; mask them when asked) → drop the request body → compute the subnet → pseudonymize
 * IP, subnet and principal → match the endpoint → aggregate → encode for storage.
 *
 * Malformed lines are counted and sampled (line and reason) and never stop the import.
 */
import { TRAFFIC_LIMITS, type MalformedSample, type TrafficEvent, type TrafficPrivacy, type TrafficSummary } from '../../model/traffic.js';
import { TrafficAccumulator, type AddContext } from './accumulator.js';
import { BatchEncoder, type EncodedBatch, type InternedValue } from './batch-codec.js';
import { subnetOf } from './classify.js';
import { isProblem, parseClfLine, type LineResult } from './clf.js';
import { EndpointMatcher, type EndpointTemplate } from './endpoint-matcher.js';
import { harEntryToEvent } from './har.js';
import { fieldMapEvent, recognizeRecord, recordToEvent, type FieldMap, type JsonObject } from './json-records.js';
import { JsonElementSplitter } from './json-splitter.js';
import type { CompiledLogFormat } from './nginx-format.js';
import { parseAlbLine, parseEnvoyTextLine } from './positional.js';
import { sniffTraffic, type TrafficSniff } from './sniff.js';
import { parseAnyTime, parseIsoTime } from './time.js';
import { inspectBody, inspectUrl } from './url-inspect.js';
import { Interner, type Interned } from './interner.js';
import { idKey, idNumber } from './object-id.js';

export type PseudonymKind = 'ip' | 'subnet' | 'principal';

export interface TrafficImportOptions {
  /** The file as findings cite it. */
  file: string;
  /** Mask secrets and personal data in URLs before anything is stored (default true). */
  maskUrls?: boolean;
  /** Keyed hash for client IPs, subnets and principals (HMAC in the caller; the key never reaches here). */
  pseudonymize?: (kind: PseudonymKind, value: string) => string;
  /** A user-given NGINX log_format, compiled. */
  logFormat?: CompiledLogFormat;
  fieldMap?: FieldMap;
  /** Endpoint templates of the inventory, and the spec servers' base paths. */
  endpoints?: readonly EndpointTemplate[];
  basePaths?: readonly string[];
  /** Decodes a CloudWatch subscription payload (base64 of gzip) to text; without it such lines are reported. */
  gunzipBase64?: (b64: string) => string;
  /** Requests per stored batch (default 2048: a batch's JSON stays under V8's large-object size, so it dies young). */
  batchSize?: number;
  onBatch?: (batch: EncodedBatch) => void;
  /** A format already sniffed (by the input finder); sniffed from the first 64 KB otherwise. */
  sniffed?: TrafficSniff;
  /** For one part of a file read in parallel: the lines before it, and the first batch number. */
  lineOffset?: number;
  batchOffset?: number;
}

export interface TrafficImportResult {
  summary: TrafficSummary;
  status: 'ok' | 'partial' | 'error';
  /** Problems for the evidence record: malformed samples (with line) and notes. */
  issues: { message: string; line?: number }[];
  /** When nothing could be imported: why. */
  error?: string;
  batches: number;
}

const HEAD_BYTES = 65536;
const MAX_LINE = 1 << 20;
const DOCUMENT_ARRAYS = ['', 'log.entries', 'events', 'logEvents', 'records', 'value', 'Records', 'entries'];

export class TrafficImporter {
  private readonly options: TrafficImportOptions;
  private readonly mask: boolean;
  private readonly matcher: EndpointMatcher;
  private readonly acc: TrafficAccumulator;
  private readonly encoder: BatchEncoder;
  private readonly privacy: TrafficPrivacy;
  private sniff: TrafficSniff | undefined;
  private head = '';
  private started = false;
  private carry = '';
  private skippingLongLine = false;
  private lineNo: number;
  private records = 0;
  private skipped = 0;
  private malformed = 0;
  private readonly samples: MalformedSample[] = [];
  private readonly notes: string[] = [];
  private batches = 0;
  private splitter: JsonElementSplitter | undefined;
  private fatal: string | undefined;
  private parseLine: ((line: string, lineNo: number) => void) | undefined;
  private readonly subnetPseudonyms = new Map<string, string>();
  private readonly ips: Interner;
  private readonly principals: Interner;
  private readonly agents: Interner;
  private readonly endpointValues: InternedValue[] = [];
  private readonly ctx: AddContext = { endpointId: undefined, idKey: NaN, idNum: NaN, ip: undefined, principal: undefined, ua: undefined, data: [], ssrf: [], hasQuery: false };
  /** Requests are encoded for storage only when someone takes the batches. */
  private readonly store: boolean;
  private harEntries = 0;
  private warningsSeen = 0;

  constructor(options: TrafficImportOptions) {
    this.options = options;
    this.mask = options.maskUrls ?? true;
    this.lineNo = options.lineOffset ?? 0;
    this.store = options.onBatch !== undefined;
    this.matcher = new EndpointMatcher(options.endpoints ?? [], { basePaths: options.basePaths ?? [], maxClusters: TRAFFIC_LIMITS.endpoints - Math.min(500, (options.endpoints ?? []).length) });
    this.privacy = {
      pseudonymized: options.pseudonymize !== undefined,
      maskedUrls: this.mask,
      note:
        (options.pseudonymize
          ? 'client IPs, subnets and principals are keyed hashes (HMAC-SHA256, key not stored), shown as #…'
          : 'client IPs and principals are kept as logged') + (this.mask ? '; secrets and personal data in URLs are masked ([secret], [email], …)' : '; URLs are kept as logged'),
    };
    this.acc = new TrafficAccumulator({
      file: options.file,
      format: 'unknown',
      formatLabel: 'unknown',
      privacy: this.privacy,
      endpoints: this.matcher.endpoints,
      inventoryEndpoints: this.matcher.inventorySize,
    });
    this.encoder = new BatchEncoder(options.batchSize ?? 2048, options.batchOffset ?? 0, (b) => {
      this.batches++;
      options.onBatch?.(b);
    });
    if (options.sniffed) this.sniff = options.sniffed;
    const fn = options.pseudonymize;
    this.ips = new Interner(500_000, (raw) => {
      let subnet = subnetOf(raw);
      if (subnet !== undefined && fn) {
        let p = this.subnetPseudonyms.get(subnet);
        if (p === undefined) {
          p = fn('subnet', subnet);
          if (this.subnetPseudonyms.size < 200_000) this.subnetPseudonyms.set(subnet, p);
        }
        subnet = p;
      }
      return subnet === undefined ? { value: fn ? fn('ip', raw) : raw } : { value: fn ? fn('ip', raw) : raw, subnet };
    });
    this.principals = new Interner(500_000, (raw) => ({ value: fn ? fn('principal', raw) : raw }));
    this.agents = new Interner(50_000, (raw) => ({ value: raw }));
  }

  /** Feeds the next piece of the file's text. */
  push(text: string): void {
    if (this.fatal) return;
    if (!this.started) {
      this.head += text;
      if (this.head.length < HEAD_BYTES) return;
      this.begin(false);
      return;
    }
    this.feed(text);
  }

  private begin(complete: boolean): void {
    this.started = true;
    const head = this.head;
    this.head = '';
    const sniffOptions: Parameters<typeof sniffTraffic>[3] = {};
    if (this.options.logFormat) sniffOptions.logFormat = this.options.logFormat;
    if (this.options.fieldMap) sniffOptions.fieldMap = this.options.fieldMap;
    if (!this.sniff) {
      const s = sniffTraffic(this.options.file, head, complete, sniffOptions);
      if (!s) {
        this.fatal = 'the file is not in a traffic format Gatehouse reads (access logs, JSON gateway logs, HAR)';
        return;
      }
      if (s.kind === 'not-traffic') {
        this.fatal = s.message;
        return;
      }
      this.sniff = s;
    }
    const mode = this.sniff.mode;
    if (mode === 'lines') this.parseLine = this.lineParser(this.sniff.format);
    else if (mode === 'json-lines') this.parseLine = (line, n) => this.jsonLine(line, n);
    else {
      const har = mode === 'har';
      this.splitter = new JsonElementSplitter(har ? ['log.entries'] : DOCUMENT_ARRAYS, (text, line, index, array) => {
        if (har) this.harEntry(text, line, index);
        else this.documentElement(text, line, array);
      });
    }
    if (this.sniff.format === 'har') this.notes.push('HAR records the server address, not the client IP: callers are told apart by their credentials only');
    if (this.sniff.format.startsWith('aws-apigw')) this.notes.push('API Gateway access logs carry no query string, so secrets or SSRF payloads in queries cannot show');
    this.feed(head);
  }

  private lineParser(format: string): (line: string, n: number) => void {
    let parse: (line: string, n: number) => LineResult;
    if (format === 'nginx-custom' && this.options.logFormat) parse = this.options.logFormat.parse;
    else if (format === 'alb') parse = parseAlbLine;
    else if (format === 'envoy-text') parse = parseEnvoyTextLine;
    else if (format === 'cloudwatch-export')
      parse = (line, n) => {
        const m = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z) (.*)$/.exec(line);
        if (!m) return line.trim() === '' ? null : { reason: 'expected an ISO timestamp and a message' };
        this.message(m[2]!, n, parseIsoTime(m[1]!));
        return null;
      };
    else parse = parseClfLine;
    const apigw = format === 'aws-apigw-clf';
    return (line, n) => {
      const r = parse(line, n);
      if (r === null) {
        this.skipped++;
        return;
      }
      if (isProblem(r)) return this.bad(n, r.reason);
      if (apigw && r.pathRaw.includes('{')) r.routeHint = r.pathRaw.split('?')[0]!;
      this.accept(r);
    };
  }

  private feed(text: string): void {
    if (this.splitter) {
      this.splitter.push(text);
      return;
    }
    const parse = this.parseLine!;
    let start = 0;
    if (this.carry !== '' || this.skippingLongLine) {
      const nl = text.indexOf('\n');
      if (nl === -1) {
        if (!this.skippingLongLine) {
          this.carry += text;
          if (this.carry.length > MAX_LINE) {
            this.lineNo++;
            this.bad(this.lineNo, 'line longer than 1 MB (binary data?)');
            this.carry = '';
            this.skippingLongLine = true;
          }
        }
        return;
      }
      if (this.skippingLongLine) this.skippingLongLine = false;
      else {
        let line = this.carry + text.slice(0, nl);
        if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
        this.line(parse, line);
      }
      this.carry = '';
      start = nl + 1;
    }
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      let end = nl;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      this.line(parse, text.slice(start, end));
      start = nl + 1;
    }
    if (start < text.length) {
      this.carry = text.slice(start);
      if (this.carry.length > MAX_LINE) {
        this.lineNo++;
        this.bad(this.lineNo, 'line longer than 1 MB (binary data?)');
        this.carry = '';
        this.skippingLongLine = true;
      }
    }
  }

  private line(parse: (line: string, n: number) => void, line: string): void {
    const n = ++this.lineNo;
    if (n === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.length === 0) {
      this.skipped++;
      return;
    }
    parse(line, n);
  }

  private bad(line: number, reason: string): void {
    this.malformed++;
    if (this.samples.length < TRAFFIC_LIMITS.malformedSamples) this.samples.push({ line, reason });
  }

  private note(text: string): void {
    if (this.notes.length < 50) this.notes.push(text);
    else this.warningsSeen++;
  }

  // ---- JSON ------------------------------------------------------------------------------

  private jsonLine(line: string, n: number): void {
    const t = line.trim();
    if (t === '') {
      this.skipped++;
      return;
    }
    if (t.charCodeAt(0) !== 123 && t.charCodeAt(0) !== 91) {
      if (/^H4sI[A-Za-z0-9+/]+=*$/.test(t)) return this.subscriptionPayload(t, n);
      return this.bad(n, 'not a JSON record');
    }
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (e) {
      return this.bad(n, `not valid JSON (${(e as Error).message.slice(0, 80)})`);
    }
    this.jsonValue(value, n);
  }

  private jsonValue(value: unknown, n: number, tsFallback?: number): void {
    const list = Array.isArray(value) ? value : [value];
    for (const item of list) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        this.bad(n, 'a JSON value that is not a record');
        continue;
      }
      this.record(item as JsonObject, n, tsFallback);
    }
  }

  private record(o: JsonObject, n: number, tsFallback?: number): void {
    const kind = recognizeRecord(o);
    if (kind === 'cloudwatch-subscription') {
      if (o.messageType === 'CONTROL_MESSAGE') {
        this.skipped++;
        return;
      }
      const events = Array.isArray(o.logEvents) ? o.logEvents : [];
      for (const e of events) {
        if (e === null || typeof e !== 'object') continue;
        const msg = (e as JsonObject).message;
        if (typeof msg === 'string') this.message(msg, n, parseAnyTime((e as JsonObject).timestamp));
      }
      return;
    }
    if (kind === 'cloudwatch-event') {
      this.message(o.message as string, n, parseAnyTime(o.timestamp));
      return;
    }
    let r: LineResult;
    if (kind) r = recordToEvent(kind, o, n);
    else if (this.options.fieldMap) r = fieldMapEvent(this.options.fieldMap, o, n);
    else return this.bad(n, 'a JSON record of an unknown shape (give a field mapping with --field-map)');
    if (r === null) return;
    if (isProblem(r)) return this.bad(n, r.reason);
    if (r.ts === undefined && tsFallback !== undefined) r.ts = tsFallback;
    this.accept(r);
  }

  /** A log line carried inside a container (CloudWatch): JSON or CLF. */
  private message(msg: string, n: number, ts: number | undefined): void {
    const t = msg.trim();
    if (t.startsWith('{')) {
      let value: unknown;
      try {
        value = JSON.parse(t);
      } catch (e) {
        return this.bad(n, `the message is not valid JSON (${(e as Error).message.slice(0, 60)})`);
      }
      return this.jsonValue(value, n, ts);
    }
    const r = this.options.logFormat ? this.options.logFormat.parse(t, n) : parseClfLine(t, n);
    if (r === null) return;
    if (isProblem(r)) return this.bad(n, `message: ${r.reason}`);
    if (r.ts === undefined && ts !== undefined) r.ts = ts;
    if (r.pathRaw.includes('{')) r.routeHint = r.pathRaw.split('?')[0]!;
    this.accept(r);
  }

  private subscriptionPayload(b64: string, n: number): void {
    if (!this.options.gunzipBase64) return this.bad(n, 'a gzip+base64 CloudWatch payload, but no decoder was given');
    let text: string;
    try {
      text = this.options.gunzipBase64(b64);
    } catch (e) {
      return this.bad(n, `a CloudWatch payload that does not decode (${(e as Error).message.slice(0, 60)})`);
    }
    // Firehose may put several records back to back.
    for (const part of text.replace(/\}\s*\{/g, '}\n{').split('\n')) {
      if (part.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(part);
      } catch (e) {
        this.bad(n, `a CloudWatch payload that is not JSON (${(e as Error).message.slice(0, 60)})`);
        continue;
      }
      this.jsonValue(value, n);
    }
  }

  private documentElement(text: string, line: number, array: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return this.bad(line, `element of ${array || 'the document'} is not valid JSON (${(e as Error).message.slice(0, 60)})`);
    }
    if (value === null || typeof value !== 'object') return this.bad(line, `element of ${array || 'the document'} is not a record`);
    this.jsonValue(value, line);
  }

  private harEntry(text: string, line: number, index: number): void {
    this.harEntries++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return this.bad(line, `entry ${index} is not valid JSON (${(e as Error).message.slice(0, 60)})`);
    }
    const r = harEntryToEvent(value, line, index);
    for (const w of r.warnings) this.note(`line ${line}: ${w}`);
    if (r.problem) return this.bad(line, r.problem);
    if (r.event) this.accept(r.event);
  }

  // ---- one request ----------------------------------------------------------------------------

  private accept(ev: TrafficEvent): void {
    this.records++;
    const url = inspectUrl(ev.pathRaw, this.mask);
    ev.pathRaw = url.pathRaw;
    let ssrf = url.ssrf;
    if (ev.requestBody !== undefined) {
      const body = inspectBody(ev.requestBody);
      if (body.length) ssrf = ssrf.length ? [...ssrf, ...body] : body;
      ev.requestBody = undefined;
    }
    let ip: Interned | undefined;
    if (ev.clientIp !== undefined) {
      ip = this.ips.get(ev.clientIp);
      ev.clientIp = ip.value;
    }
    let principal: Interned | undefined;
    const rawPrincipal = ev.principal;
    if (rawPrincipal !== undefined) {
      // One client usually keeps its identity and user agent: compare before hashing.
      if (ip !== undefined && ip.lastPrincipalRaw === rawPrincipal) principal = ip.lastPrincipal!;
      else {
        principal = this.principals.get(rawPrincipal);
        if (ip !== undefined) {
          ip.lastPrincipalRaw = principal.key;
          ip.lastPrincipal = principal;
        }
      }
      ev.principal = principal.value;
    }
    let ua: Interned | undefined;
    const rawUa = ev.userAgent;
    if (rawUa !== undefined) {
      if (ip !== undefined && ip.lastUaRaw === rawUa) ua = ip.lastUa!;
      else {
        ua = this.agents.get(rawUa);
        if (ip !== undefined) {
          ip.lastUaRaw = ua.key;
          ip.lastUa = ua;
        }
      }
    }

    let match = this.matcher.match(ev.method, url.path);
    if (ev.routeHint !== undefined && ev.routeHint.charCodeAt(0) === 47 && (!match || this.matcher.endpoints[match.id]!.source === 'cluster')) {
      const byRoute = this.matcher.match(ev.method, ev.routeHint);
      if (byRoute && this.matcher.endpoints[byRoute.id]!.source === 'inventory') match = { id: byRoute.id, params: match?.params ?? [] };
    }
    // One context object for every request (the accumulator keeps nothing of it).
    const ctx = this.ctx;
    ctx.endpointId = match?.id;
    const params = match?.params;
    if (params !== undefined && params.length > 0) {
      const value = params[params.length - 1]!;
      ctx.idNum = idNumber(value);
      ctx.idKey = idKey(value, ctx.idNum);
    } else ctx.idKey = ctx.idNum = NaN;
    ctx.ip = ip;
    ctx.principal = principal;
    ctx.ua = ua;
    ctx.data = url.data;
    ctx.ssrf = ssrf;
    ctx.hasQuery = url.hasQuery;
    let endpoint: InternedValue | undefined;
    if (match) {
      endpoint = this.endpointValues[match.id];
      if (endpoint === undefined) {
        const k = this.matcher.endpoints[match.id]!;
        endpoint = this.endpointValues[match.id] = { id: match.id, value: `${k.method} ${k.template}`, json: undefined };
      }
    }
    this.acc.add(ev, ctx);
    if (this.store) this.encoder.add(ev, endpoint, ip, principal, ua);
  }

  /** Reads what is left (the last line without a newline, the end of a JSON document). */
  private finishInput(): void {
    if (!this.started) this.begin(true);
    if (this.fatal) return;
    if (this.splitter) {
      this.splitter.end();
      const p = this.splitter.problem;
      if (p) {
        const message = `${this.sniff?.format === 'har' ? 'the HAR' : 'the JSON document'} is broken at line ${p.line}, column ${p.column}: ${p.message}`;
        if (this.records === 0) this.fatal = message;
        else this.note(message);
      } else if (this.sniff?.format === 'har' && this.splitter.arraysFound.length === 0) this.fatal = 'the HAR has no log.entries array';
      else if (this.sniff?.format === 'har' && this.harEntries === 0) this.note('the HAR holds no entries');
    } else if (this.carry !== '') {
      const n = ++this.lineNo;
      this.parseLine?.(this.carry, n);
      this.carry = '';
    }
  }

  private partOf(): TrafficPart {
    this.encoder.flush();
    if (this.warningsSeen) this.notes.push(`${this.warningsSeen} more remarks not listed`);
    this.acc.settle();
    return {
      accumulator: this.acc,
      lines: (this.splitter ? this.splitter.lines : this.lineNo) - (this.options.lineOffset ?? 0),
      records: this.records,
      skipped: this.skipped,
      malformed: this.malformed,
      malformedSamples: this.samples,
      notes: this.notes,
      overflow: this.matcher.overflow,
      batches: this.batches,
      fatal: this.fatal,
      ips: this.ips.values(),
      ipsCapped: this.ips.overflow,
      agents: this.agents.values(),
      format: this.sniff?.format ?? 'unknown',
      formatLabel: this.sniff?.label ?? 'unknown',
    };
  }

  /**
   * Ends one part of a file read in parallel (see joinTrafficParts): the accumulator and the
   * counts, to be sent to the thread that joins the parts.
   */
  endPart(): TrafficPart {
    this.finishInput();
    return this.partOf();
  }

  /** Ends the file: flushes, checks, and builds the summary. */
  end(bytes: { file: number; text: number }, sha256: string): TrafficImportResult {
    this.finishInput();
    return joinTrafficParts([this.partOf()], bytes, sha256);
  }
}

/** What one importer gives for its part of a file (plain data apart from the accumulator). */
export interface TrafficPart {
  accumulator: TrafficAccumulator;
  lines: number;
  records: number;
  skipped: number;
  malformed: number;
  malformedSamples: MalformedSample[];
  notes: string[];
  /** Requests the matcher could not place (endpoint cap). */
  overflow: number;
  batches: number;
  fatal: string | undefined;
  /** Distinct client IPs and user agents (as stored), for the distinct counts across parts. */
  ips: string[];
  ipsCapped: boolean;
  agents: string[];
  format: string;
  formatLabel: string;
}

/**
 * The import result of a file read in one or more parts (in file order): accumulators joined,
 * counts added, malformed samples kept in line order. With one part it is a plain import.
 * Parts that came through postMessage must be revived first (TrafficAccumulator.revive).
 */
export function joinTrafficParts(parts: readonly TrafficPart[], bytes: { file: number; text: number }, sha256: string): TrafficImportResult {
  const first = parts[0]!;
  const acc = first.accumulator;
  if (parts.length > 1) {
    const endpoints = [...acc.endpointTable()];
    for (const p of parts.slice(1)) acc.absorb(p.accumulator, endpoints);
  }
  const sum = (f: (p: TrafficPart) => number): number => parts.reduce((n, p) => n + f(p), 0);
  const samples = parts
    .flatMap((p) => p.malformedSamples)
    .sort((a, b) => a.line - b.line)
    .slice(0, TRAFFIC_LIMITS.malformedSamples);
  const notes = [...new Set(parts.flatMap((p) => p.notes))];
  const overflow = sum((p) => p.overflow);
  if (overflow) notes.push(`${overflow} requests fell beyond ${TRAFFIC_LIMITS.endpoints} endpoint templates and are counted without an endpoint`);
  const records = sum((p) => p.records);
  const malformed = sum((p) => p.malformed);
  const parse = { lines: sum((p) => p.lines), records, skipped: sum((p) => p.skipped), malformed, malformedSamples: samples, notes };
  const ips = parts.length === 1 ? first.ips.length : new Set(parts.flatMap((p) => p.ips)).size;
  const agents = parts.length === 1 ? first.agents.length : new Set(parts.flatMap((p) => p.agents)).size;
  const summary = acc.finish(parse, bytes, sha256, { clientIps: ips, clientIpsCapped: parts.some((p) => p.ipsCapped), userAgents: agents });
  summary.format = first.format;
  summary.formatLabel = first.formatLabel;
  const issues: TrafficImportResult['issues'] = [...samples.map((s) => ({ message: `malformed line: ${s.reason}`, line: s.line })), ...notes.map((n) => ({ message: n }))];
  if (malformed > samples.length) issues.push({ message: `${malformed} malformed lines in all; the first ${samples.length} are listed` });
  let status: TrafficImportResult['status'] = malformed ? 'partial' : 'ok';
  let error = parts.find((p) => p.fatal)?.fatal;
  if (!error && records === 0 && malformed > 0) error = `no line could be read as ${summary.formatLabel} (line ${samples[0]!.line}: ${samples[0]!.reason})`;
  if (error) {
    status = 'error';
    issues.unshift({ message: error });
  }
  const result: TrafficImportResult = { summary, status, issues, batches: sum((p) => p.batches) };
  if (error) result.error = error;
  return result;
}
