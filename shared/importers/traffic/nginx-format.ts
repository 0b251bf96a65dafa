/**
 * Any NGINX `log_format` the auditor supplies (docs/controls.md §4.2): the format string is
 * compiled once into literals and variables, then each line is read against it. Values escaped
 * NGINX's default way (`\xXX` for quotes, backslashes, control and non-ASCII bytes) are
 * unescaped; a format that is a JSON template (`escape=json`, `{"ip":"$remote_addr",…}`) is read
 * as JSON and mapped key by key.
 */
import type { TrafficEvent } from '../../model/traffic.js';
import { newEvent } from './event.js';
import { applyRequestLine, type LineResult, unescapeLogField } from './clf.js';
import { parseClfTime, parseEpoch, parseIsoTime } from './time.js';

type Part = { literal: string } | { variable: string };

export interface CompiledLogFormat {
  /** The format as given, normalized (quotes and `log_format name` stripped). */
  source: string;
  /** Variables the format logs, in order. */
  variables: string[];
  /** true when the format is a JSON template. */
  json: boolean;
  parse(line: string, lineNo: number): LineResult;
}

/**
 * Accepts the bare format (`$remote_addr - …`), a quoted one, or a whole directive
 * (`log_format main escape=json '…' '…';`).
 */
export function normalizeLogFormat(input: string): string {
  let s = input.trim().replace(/;\s*$/, '');
  const directive = /^log_format\s+\S+\s+(?:escape=\S+\s+)?([\s\S]*)$/.exec(s);
  if (directive) s = directive[1]!.trim();
  if (/^['"]/.test(s)) {
    // Concatenate the quoted pieces: '…' '…'
    const pieces: string[] = [];
    const re = /'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s))) pieces.push(m[1] ?? m[2] ?? '');
    if (pieces.length) s = pieces.join('');
  }
  return s;
}

function compileParts(format: string): Part[] {
  const parts: Part[] = [];
  const re = /\$\{([A-Za-z0-9_]+)\}|\$([A-Za-z0-9_]+)/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(format))) {
    if (m.index > last) parts.push({ literal: format.slice(last, m.index) });
    parts.push({ variable: (m[1] ?? m[2]!).toLowerCase() });
    last = re.lastIndex;
  }
  if (last < format.length) parts.push({ literal: format.slice(last) });
  return parts;
}

export class LogFormatError extends Error {}

/** Compiles a log_format; throws LogFormatError when it logs no request at all. */
export function compileLogFormat(input: string): CompiledLogFormat {
  const source = normalizeLogFormat(input);
  if (source.trimStart().startsWith('{')) return compileJsonTemplate(source);
  const parts = compileParts(source);
  const variables = parts.flatMap((p) => ('variable' in p ? [p.variable] : []));
  if (!variables.some((v) => v === 'request' || v === 'request_uri' || v === 'uri'))
    throw new LogFormatError('the log_format logs no request ($request, $request_uri or $uri), so requests cannot be read from it');
  return {
    source,
    variables,
    json: false,
    parse(line, lineNo) {
      if (line.trim() === '') return null;
      const values = new Map<string, string>();
      let i = 0;
      for (let k = 0; k < parts.length; k++) {
        const part = parts[k]!;
        if ('literal' in part) {
          if (!line.startsWith(part.literal, i)) return { reason: `expected "${part.literal.slice(0, 20)}" at column ${i + 1}` };
          i += part.literal.length;
          continue;
        }
        const next = parts[k + 1];
        let end: number;
        if (part.variable === 'time_local' && /^\d{2}\/\w{3}\/\d{4}:/.test(line.slice(i, i + 12))) end = line.indexOf(' ', i) + 6;
        else if (!next) end = line.length;
        else if ('literal' in next) {
          end = next.literal.startsWith('"') ? unescapedQuote(line, i) : line.indexOf(next.literal, i);
          if (end === -1) return { reason: `the value of $${part.variable} is not followed by "${next.literal.slice(0, 20)}"` };
        } else {
          end = line.indexOf(' ', i);
          if (end === -1) end = line.length;
        }
        values.set(part.variable, line.slice(i, end));
        i = end;
      }
      return eventFromVariables(values, lineNo, true);
    },
  };
}

/** The next `"` not escaped by a backslash (NGINX escapes quotes as \x22, Apache-style configs as \"). */
function unescapedQuote(line: string, from: number): number {
  for (let i = line.indexOf('"', from); i !== -1; i = line.indexOf('"', i + 1)) {
    let b = i - 1;
    while (b >= from && line.charCodeAt(b) === 92) b--;
    if ((i - 1 - b) % 2 === 0) return i;
  }
  return -1;
}

function compileJsonTemplate(source: string): CompiledLogFormat {
  // Map each JSON key to the variable(s) in its value: {"ip":"$remote_addr"} → ip → remote_addr.
  const mapping: { key: string; variable: string }[] = [];
  const re = /"([^"]+)"\s*:\s*"?\$\{?([A-Za-z0-9_]+)\}?"?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source))) mapping.push({ key: m[1]!, variable: m[2]!.toLowerCase() });
  if (!mapping.some((x) => x.variable === 'request' || x.variable === 'request_uri' || x.variable === 'uri'))
    throw new LogFormatError('the JSON log_format logs no request ($request, $request_uri or $uri)');
  return {
    source,
    variables: mapping.map((x) => x.variable),
    json: true,
    parse(line, lineNo) {
      if (line.trim() === '') return null;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (e) {
        return { reason: `not valid JSON (${(e as Error).message.slice(0, 80)})` };
      }
      if (record === null || typeof record !== 'object') return { reason: 'not a JSON object' };
      const values = new Map<string, string>();
      for (const { key, variable } of mapping) {
        const v = (record as Record<string, unknown>)[key];
        if (v !== undefined && v !== null) values.set(variable, String(v));
      }
      return eventFromVariables(values, lineNo, false);
    },
  };
}

const num = (s: string | undefined): number | undefined => {
  if (s === undefined || s === '' || s === '-') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
};

/** The last value of a multi-value upstream field (`a, b : c`): the attempt that answered. */
function lastValue(s: string): string {
  const parts = s.split(/\s*[,:]\s+/);
  return parts[parts.length - 1]!.trim();
}

/** Builds the event from NGINX variable values (docs/controls.md §4.11, NGINX column). */
export function eventFromVariables(values: ReadonlyMap<string, string>, lineNo: number, escaped: boolean): LineResult {
  const get = (name: string): string | undefined => {
    const v = values.get(name);
    if (v === undefined || v === '-' || v === '') return undefined;
    return escaped ? unescapeLogField(v) : v;
  };
  const ev = newEvent(lineNo, '-', '', 0);
  const request = get('request');
  if (request !== undefined) applyRequestLine(ev, request);
  const method = get('request_method');
  if (method) ev.method = method.toUpperCase();
  const uri = get('request_uri');
  if (uri) ev.pathRaw = uri;
  else if (!request) {
    const path = get('uri') ?? get('document_uri');
    const args = get('args') ?? get('query_string');
    if (path) ev.pathRaw = args ? `${path}?${args}` : path;
  }
  if (ev.pathRaw === '' && ev.method === '-' && request === undefined) return { reason: 'the line has no request' };

  const status = num(values.get('status'));
  if (status === undefined || !(status >= 100 && status <= 999)) return { reason: `unreadable status "${(values.get('status') ?? '').slice(0, 20)}"` };
  ev.status = status;

  const time = values.get('time_local');
  const iso = values.get('time_iso8601');
  const msec = values.get('msec');
  if (time && time !== '-') ev.ts = parseClfTime(time);
  else if (iso && iso !== '-') ev.ts = parseIsoTime(iso);
  else if (msec && msec !== '-') ev.ts = parseEpoch(Number(msec));

  const xff = get('http_x_forwarded_for');
  const client = get('remote_addr') ?? get('realip_remote_addr') ?? (xff ? xff.split(',')[0]!.trim() : undefined) ?? get('binary_remote_addr');
  if (client) ev.clientIp = client;
  const user = get('remote_user');
  if (user) ev.principal = user;

  const bytes = num(values.get('body_bytes_sent')) ?? num(values.get('bytes_sent'));
  if (bytes !== undefined) ev.bytesOut = bytes;
  const bytesIn = num(values.get('request_length'));
  if (bytesIn !== undefined) ev.bytesIn = bytesIn;
  const rt = num(values.get('request_time'));
  if (rt !== undefined) ev.latencyMs = Math.round(rt * 1000);
  const ua = get('http_user_agent');
  if (ua) ev.userAgent = ua;
  const rid = get('request_id') ?? get('http_x_request_id') ?? get('req_id');
  if (rid) ev.requestId = rid;
  const up = get('upstream_addr');
  if (up) ev.upstream = lastValue(up);
  const upStatus = get('upstream_status');
  if (upStatus) {
    const n = num(lastValue(upStatus));
    if (n !== undefined) ev.upstreamStatus = n;
  }
  const host = get('host') ?? get('http_host') ?? get('server_name');
  if (host) ev.host = host.toLowerCase();
  const scheme = get('scheme');
  if (scheme) ev.scheme = scheme.toLowerCase();
  if (values.has('ssl_protocol')) {
    const tls = get('ssl_protocol');
    // NGINX leaves $ssl_protocol empty on plain connections.
    ev.tlsVersion = tls ?? 'none';
  } else if (ev.scheme === 'http') ev.tlsVersion = 'none';
  return ev;
}
