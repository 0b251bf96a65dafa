/**
 * The compact form requests are stored in: batches of a few thousand rows, one column per
 * field, repeated strings (methods, paths, endpoints, callers, user agents…) dictionary-encoded
 * per batch, line numbers and timestamps delta-encoded, columns that are empty in a batch left
 * out. JSON text, so any SQLite tool can read it back (`json_extract`); about 40–80 bytes a
 * request. Only what the importer already masked and pseudonymized reaches it; request bodies
 * never do.
 */
import type { TrafficEvent } from '../../model/traffic.js';

export const BATCH_ENCODING = 'columns-json-v1';

/** A stored request: the normalized event and the endpoint it was matched to. */
export interface StoredRequest extends Omit<TrafficEvent, 'requestBody' | 'bodyLeak'> {
  endpoint?: string;
  bodyLeak?: string;
}

const ID_COLUMNS = ['method', 'endpoint', 'clientIp', 'principal', 'userAgent'] as const;
const DICT_COLUMNS = ['pathRaw', 'host', 'tlsVersion', 'scheme', 'upstream', 'routeHint', 'denyReason', 'bodyLeak', 'aiProvider', 'aiModel'] as const;
const NUMBER_COLUMNS = ['status', 'upstreamStatus', 'bytesIn', 'bytesOut', 'latencyMs', 'promptTokens', 'completionTokens', 'totalTokens'] as const;

type DictColumn = (typeof DICT_COLUMNS)[number];
type IdColumn = (typeof ID_COLUMNS)[number];

/** Interned values of one request: id (or -1) and the value to store. */
export interface InternedValue {
  id: number;
  value: string;
  /** The value as a JSON string literal, cached here by the encoder (a value is quoted once, not once a batch). */
  json?: string | undefined;
}
type NumberColumn = (typeof NUMBER_COLUMNS)[number];

export interface EncodedBatch {
  batchNo: number;
  rows: number;
  firstLine: number;
  lastLine: number;
  firstTs?: number;
  lastTs?: number;
  /** The batch as JSON text (BATCH_ENCODING). */
  json: string;
}

/** One dictionary-encoded column: codes[row] = 1 + index into values, 0 when the row has none. */
class Dict {
  values: string[] = [];
  index = new Map<string, number>();
  codes: Int32Array;
  used = false;
  constructor(size: number) {
    this.codes = new Int32Array(size);
  }
  set(row: number, v: string): void {
    this.used = true;
    let i = this.index.get(v);
    if (i === undefined) {
      i = this.values.length + 1;
      this.values.push(v);
      this.index.set(v, i);
    }
    this.codes[row] = i;
  }
  reset(): void {
    if (!this.used) return;
    this.values = [];
    this.index = new Map();
    this.codes.fill(0);
    this.used = false;
  }
}

/**
 * A dictionary column over values interned elsewhere (ids 0, 1, 2…): the per-batch code of an
 * id is found by array index, no string hashing.
 */
class IdDict {
  /** The batch's values as JSON string literals, in code order. */
  quoted: string[] = [];
  codes: Int32Array;
  private codeOf = new Int32Array(1024);
  private stamp = new Int32Array(1024).fill(-1);
  private generation = 0;
  /** Values without an id (past the interner's cap), by value. */
  private extra = new Map<string, number>();
  used = false;
  constructor(size: number) {
    this.codes = new Int32Array(size);
  }
  set(row: number, v: InternedValue): void {
    this.used = true;
    const id = v.id;
    if (id < 0) {
      let code = this.extra.get(v.value);
      if (code === undefined) {
        this.quoted.push(JSON.stringify(v.value));
        code = this.quoted.length;
        this.extra.set(v.value, code);
      }
      this.codes[row] = code;
      return;
    }
    if (id >= this.codeOf.length) {
      const size = Math.max(id + 1, this.codeOf.length * 2);
      const codeOf = new Int32Array(size);
      codeOf.set(this.codeOf);
      const stamp = new Int32Array(size).fill(-1);
      stamp.set(this.stamp);
      this.codeOf = codeOf;
      this.stamp = stamp;
    }
    if (this.stamp[id] !== this.generation) {
      this.stamp[id] = this.generation;
      this.quoted.push((v.json ??= JSON.stringify(v.value)));
      this.codeOf[id] = this.quoted.length;
    }
    this.codes[row] = this.codeOf[id]!;
  }
  finalCodes(rows: number): number[] {
    return Array.from(this.codes.subarray(0, rows));
  }
  reset(): void {
    if (!this.used) return;
    this.quoted = [];
    this.codes.fill(0);
    if (this.extra.size) this.extra = new Map();
    this.generation++;
    this.used = false;
  }
}

/** A numeric column; NaN marks rows without a value. */
class Numbers {
  values: Float64Array;
  used = false;
  constructor(size: number) {
    this.values = new Float64Array(size).fill(NaN);
  }
  set(row: number, v: number): void {
    this.used = true;
    this.values[row] = v;
  }
  reset(): void {
    if (!this.used) return;
    this.values.fill(NaN);
    this.used = false;
  }
  toJson(rows: number): (number | null)[] {
    const out = new Array<number | null>(rows);
    for (let i = 0; i < rows; i++) {
      const v = this.values[i]!;
      out[i] = v !== v ? null : v;
    }
    return out;
  }
}

let scratch = new Uint8Array(1 << 16);
const latin1 = new TextDecoder('latin1');

/**
 * The first `rows` numbers as a JSON array; NaN (no value) and infinities become null. Written
 * as ASCII bytes (small non-negative integers — codes, deltas, statuses, sizes — digit by digit)
 * and decoded once: four times faster than a typed array's `join`, which formats each number
 * through a generic path.
 */
export function numbersJson(values: ArrayLike<number>, rows: number): string {
  const need = rows * 26 + 2;
  if (scratch.length < need) scratch = new Uint8Array(need);
  const b = scratch;
  let p = 0;
  b[p++] = 91;
  for (let i = 0; i < rows; i++) {
    if (i !== 0) b[p++] = 44;
    const v = values[i]!;
    if (v >= 0 && v < 1000 && (v | 0) === v) {
      if (v < 10) b[p++] = 48 + v;
      else if (v < 100) {
        const t = (v * 0.1) | 0;
        b[p++] = 48 + t;
        b[p++] = 48 + v - t * 10;
      } else {
        const h = (v * 0.01) | 0;
        const r = v - h * 100;
        const t = (r * 0.1) | 0;
        b[p++] = 48 + h;
        b[p++] = 48 + t;
        b[p++] = 48 + r - t * 10;
      }
    } else if (v >= 0 && v < 1e9 && (v | 0) === v) {
      const end = p + (v < 1e4 ? 4 : v < 1e5 ? 5 : v < 1e6 ? 6 : v < 1e7 ? 7 : v < 1e8 ? 8 : 9);
      let k = end;
      let q = v;
      while (q >= 10) {
        const t = (q * 0.1) | 0;
        b[--k] = 48 + q - t * 10;
        q = t;
      }
      b[--k] = 48 + q;
      p = end;
    } else if (v !== v || v === Infinity || v === -Infinity) {
      b[p++] = 110;
      b[p++] = 117;
      b[p++] = 108;
      b[p++] = 108;
    } else {
      const text = String(v);
      for (let k = 0; k < text.length; k++) b[p++] = text.charCodeAt(k);
    }
  }
  b[p++] = 93;
  return latin1.decode(b.subarray(0, p));
}

/** Collects requests and hands over a finished batch every `size` rows. */
export class BatchEncoder {
  private batchNo = 0;
  private rows = 0;
  private readonly lines: Float64Array;
  private readonly ts: Float64Array;
  private tsUsed = false;
  private readonly dicts: Record<DictColumn, Dict>;
  private readonly ids: Record<IdColumn, IdDict>;
  private readonly numbers: Record<NumberColumn, Numbers>;
  private requestIds: (string | null)[] = [];
  private requestIdsUsed = false;

  constructor(
    private readonly size: number,
    firstBatchNo: number,
    private readonly onBatch: (batch: EncodedBatch) => void,
  ) {
    this.batchNo = firstBatchNo;
    this.lines = new Float64Array(size);
    this.ts = new Float64Array(size).fill(NaN);
    this.dicts = Object.fromEntries(DICT_COLUMNS.map((c) => [c, new Dict(size)])) as Record<DictColumn, Dict>;
    this.ids = Object.fromEntries(ID_COLUMNS.map((c) => [c, new IdDict(size)])) as Record<IdColumn, IdDict>;
    this.numbers = Object.fromEntries(NUMBER_COLUMNS.map((c) => [c, new Numbers(size)])) as Record<NumberColumn, Numbers>;
  }

  private readonly methods: InternedValue[] = [];
  /** Methods are few: their ids come from a short list compared by value. */
  private methodOf(method: string): InternedValue {
    const list = this.methods;
    for (let i = 0; i < list.length; i++) if (list[i]!.value === method) return list[i]!;
    if (list.length >= 64) return { id: -1, value: method };
    const v: InternedValue = { id: list.length, value: method.length < 13 ? method : (' ' + method).slice(1), json: undefined };
    list.push(v);
    return v;
  }

  /**
   * @param endpoint the endpoint's id and name (`GET /users/{id}`)
   * @param ip,principal,ua the interned values (they must equal the event's fields)
   */
  add(ev: TrafficEvent, endpoint: InternedValue | undefined, ip: InternedValue | undefined, principal: InternedValue | undefined, ua: InternedValue | undefined): void {
    const r = this.rows++;
    const d = this.dicts;
    const ids = this.ids;
    const n = this.numbers;
    this.lines[r] = ev.line;
    if (ev.ts !== undefined) {
      this.tsUsed = true;
      this.ts[r] = ev.ts;
    }
    ids.method.set(r, this.methodOf(ev.method));
    d.pathRaw.set(r, ev.pathRaw);
    if (endpoint !== undefined) ids.endpoint.set(r, endpoint);
    if (ip !== undefined) ids.clientIp.set(r, ip);
    if (principal !== undefined) ids.principal.set(r, principal);
    if (ua !== undefined) ids.userAgent.set(r, ua);
    if (ev.host !== undefined) d.host.set(r, ev.host);
    if (ev.tlsVersion !== undefined) d.tlsVersion.set(r, ev.tlsVersion);
    if (ev.scheme !== undefined) d.scheme.set(r, ev.scheme);
    if (ev.upstream !== undefined) d.upstream.set(r, ev.upstream);
    if (ev.routeHint !== undefined) d.routeHint.set(r, ev.routeHint);
    if (ev.denyReason !== undefined) d.denyReason.set(r, ev.denyReason);
    if (ev.bodyLeak !== undefined) d.bodyLeak.set(r, ev.bodyLeak);
    n.status.set(r, ev.status);
    if (ev.upstreamStatus !== undefined) n.upstreamStatus.set(r, ev.upstreamStatus);
    if (ev.bytesIn !== undefined) n.bytesIn.set(r, ev.bytesIn);
    if (ev.bytesOut !== undefined) n.bytesOut.set(r, ev.bytesOut);
    if (ev.latencyMs !== undefined) n.latencyMs.set(r, ev.latencyMs);
    const ai = ev.ai;
    if (ai !== undefined) {
      if (ai.provider !== undefined) d.aiProvider.set(r, ai.provider);
      if (ai.model !== undefined) d.aiModel.set(r, ai.model);
      if (ai.promptTokens !== undefined) n.promptTokens.set(r, ai.promptTokens);
      if (ai.completionTokens !== undefined) n.completionTokens.set(r, ai.completionTokens);
      if (ai.totalTokens !== undefined) n.totalTokens.set(r, ai.totalTokens);
    }
    if (ev.requestId !== undefined) {
      if (!this.requestIdsUsed) {
        this.requestIdsUsed = true;
        this.requestIds = new Array<string | null>(r).fill(null);
      }
      this.requestIds.push(ev.requestId);
    } else if (this.requestIdsUsed) this.requestIds.push(null);
    if (this.rows >= this.size) this.flush();
  }

  /** Hands over the rows collected so far as a batch (nothing when empty). */
  flush(): void {
    const rows = this.rows;
    if (rows === 0) return;
    // The JSON is written column by column: numbers through the typed arrays' native join,
    // strings through JSON.stringify (a generic stringify of the whole batch costs twice as much).
    const cols: string[] = [];
    const dicts: string[] = [];
    const lineBase = this.lines[0]!;
    const lineDeltas = new Float64Array(rows);
    for (let i = 1; i < rows; i++) lineDeltas[i] = this.lines[i]! - this.lines[i - 1]!;
    cols.push(`"line":${numbersJson(lineDeltas, rows)}`);
    let tsBase: number | undefined;
    let firstTs: number | undefined;
    let lastTs: number | undefined;
    if (this.tsUsed) {
      let prev = NaN;
      const out = new Float64Array(rows);
      for (let i = 0; i < rows; i++) {
        const t = this.ts[i]!;
        if (t !== t) {
          out[i] = NaN;
          continue;
        }
        if (tsBase === undefined) tsBase = t;
        out[i] = t - (prev !== prev ? tsBase : prev);
        prev = t;
        if (firstTs === undefined || t < firstTs) firstTs = t;
        if (lastTs === undefined || t > lastTs) lastTs = t;
      }
      cols.push(`"ts":${numbersJson(out, rows)}`);
    }
    for (const name of DICT_COLUMNS) {
      const dict = this.dicts[name];
      if (!dict.used) continue;
      cols.push(`"${name}":${numbersJson(dict.codes, rows)}`);
      dicts.push(`"${name}":${JSON.stringify(dict.values)}`);
    }
    for (const name of ID_COLUMNS) {
      const dict = this.ids[name];
      if (!dict.used) continue;
      cols.push(`"${name}":${numbersJson(dict.codes, rows)}`);
      dicts.push(`"${name}":[${dict.quoted.join(',')}]`);
    }
    for (const name of NUMBER_COLUMNS) {
      const col = this.numbers[name];
      if (col.used) cols.push(`"${name}":${numbersJson(col.values, rows)}`);
    }
    if (this.requestIdsUsed) cols.push(`"requestId":${JSON.stringify(this.requestIds)}`);
    const json = `{"v":1,"n":${rows},"lineBase":${lineBase}${tsBase !== undefined ? `,"tsBase":${tsBase}` : ''},"cols":{${cols.join(',')}},"dicts":{${dicts.join(',')}}}`;
    const batch: EncodedBatch = {
      batchNo: this.batchNo++,
      rows,
      firstLine: lineBase,
      lastLine: this.lines[rows - 1]!,
      json,
    };
    if (firstTs !== undefined) batch.firstTs = firstTs;
    if (lastTs !== undefined) batch.lastTs = lastTs;
    // Reset for the next batch.
    this.rows = 0;
    if (this.tsUsed) this.ts.fill(NaN);
    this.tsUsed = false;
    for (const name of DICT_COLUMNS) this.dicts[name].reset();
    for (const name of ID_COLUMNS) this.ids[name].reset();
    for (const name of NUMBER_COLUMNS) this.numbers[name].reset();
    this.requestIds = [];
    this.requestIdsUsed = false;
    this.onBatch(batch);
  }
}

/** Reads a stored batch back into requests. */
export function decodeBatch(json: string): StoredRequest[] {
  const doc = JSON.parse(json) as {
    v: number;
    n: number;
    lineBase: number;
    tsBase?: number;
    cols: Record<string, (number | string | null)[]>;
    dicts: Record<string, string[]>;
  };
  if (doc.v !== 1) throw new Error(`unknown traffic batch version ${String(doc.v)}`);
  const out: StoredRequest[] = [];
  let line = doc.lineBase;
  let ts: number | undefined;
  const col = (name: string): (number | string | null)[] | undefined => doc.cols[name];
  const dictValue = (name: string, i: number): string | undefined => {
    const c = col(name);
    if (!c) return undefined;
    const code = c[i] as number;
    return code === 0 ? undefined : doc.dicts[name]![code - 1];
  };
  for (let i = 0; i < doc.n; i++) {
    line += (col('line')![i] as number) ?? 0;
    const r: StoredRequest = { line, method: dictValue('method', i) ?? '-', pathRaw: dictValue('pathRaw', i) ?? '', status: 0 };
    const tcol = col('ts');
    if (tcol && tcol[i] !== null) {
      ts = (ts ?? doc.tsBase!) + (tcol[i] as number);
      r.ts = ts;
    }
    for (const name of ['endpoint', 'clientIp', 'principal', 'userAgent', 'host', 'tlsVersion', 'scheme', 'upstream', 'routeHint', 'denyReason', 'bodyLeak'] as const) {
      const v = dictValue(name, i);
      if (v !== undefined) r[name] = v;
    }
    for (const name of ['status', 'upstreamStatus', 'bytesIn', 'bytesOut', 'latencyMs'] as const) {
      const c = col(name);
      if (c && c[i] !== null) r[name] = c[i] as number;
    }
    const rid = col('requestId');
    if (rid && rid[i] !== null) r.requestId = rid[i] as string;
    const provider = dictValue('aiProvider', i);
    const model = dictValue('aiModel', i);
    const p = col('promptTokens')?.[i];
    const c = col('completionTokens')?.[i];
    const t = col('totalTokens')?.[i];
    if (provider !== undefined || model !== undefined || (p ?? null) !== null || (c ?? null) !== null || (t ?? null) !== null) {
      r.ai = {};
      if (provider !== undefined) r.ai.provider = provider;
      if (model !== undefined) r.ai.model = model;
      if (p !== undefined && p !== null) r.ai.promptTokens = p as number;
      if (c !== undefined && c !== null) r.ai.completionTokens = c as number;
      if (t !== undefined && t !== null) r.ai.totalTokens = t as number;
    }
    out.push(r);
  }
  return out;
}
