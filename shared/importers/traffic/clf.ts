/**
 * Apache and NGINX access-log lines in the predefined shapes (docs/controls.md §4.1, §4.2):
 * common (`%h %l %u %t "%r" %>s %b`), combined (+ referer and user agent), combinedio (+ `%I %O`),
 * the vhost variants (`%v:%p ` or `%v ` in front), Kong's proxy log (`kong_request_id: "…"`
 * appended), ingress-nginx `log-format-upstream`, and API Gateway's CLF preset (request ids
 * appended, the path is the resource template). One hand-written scanner reads them all: it
 * is the hot loop of a million-line import.
 */
import type { TrafficEvent } from '../../model/traffic.js';
import { newEvent } from './event.js';
import { parseClfTimeIn } from './time.js';

/** A line the parser could not read, with the reason shown to the user. */
export interface LineProblem {
  reason: string;
}

export type LineResult = TrafficEvent | LineProblem | null;

export function isProblem(r: LineResult): r is LineProblem {
  return r !== null && (r as LineProblem).reason !== undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Undoes Apache/NGINX escaping inside a quoted field: `\"`, `\\`, and `\xHH` bytes (which may
 * form UTF-8 sequences). Called only when the field holds a backslash.
 */
export function unescapeLogField(s: string): string {
  if (s.indexOf('\\') === -1) return s;
  const bytes: number[] = [];
  let out = '';
  const flush = (): void => {
    if (bytes.length) {
      out += decoder.decode(new Uint8Array(bytes));
      bytes.length = 0;
    }
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92 && i + 1 < s.length) {
      const n = s[i + 1]!;
      if (n === 'x' && i + 3 < s.length && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 2, i + 4))) {
        bytes.push(parseInt(s.slice(i + 2, i + 4), 16));
        i += 3;
        continue;
      }
      flush();
      if (n === '"' || n === '\\') out += n;
      else if (n === 'n') out += '\n';
      else if (n === 't') out += '\t';
      else out += '\\' + n;
      i++;
      continue;
    }
    flush();
    out += s[i];
  }
  flush();
  return out;
}

/** Index of the closing quote of a field opened at `open` (a `"`), honouring backslash escapes; -1 if none. */
export function closingQuote(line: string, open: number): number {
  let i = open + 1;
  for (;;) {
    const q = line.indexOf('"', i);
    if (q === -1) return -1;
    // Count the backslashes right before the quote: an odd number escapes it.
    let b = q - 1;
    while (b > open && line.charCodeAt(b) === 92) b--;
    if ((q - 1 - b) % 2 === 0) return q;
    i = q + 1;
  }
}

/** An HTTP method token: 2–20 upper-case letters, `_` or `-`. */
function isMethod(s: string, end: number): boolean {
  if (end < 2 || end > 20) return false;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || c === 95 || c === 45)) return false;
  }
  return true;
}

/**
 * Splits a request line (`GET /a?b=1 HTTP/1.1`) into the event. An absolute target
 * (`GET http://host/path`) gives the host and scheme; `-` and binary junk give method `-`.
 */
export function applyRequestLine(ev: TrafficEvent, request: string): void {
  const sp1 = request.indexOf(' ');
  if (sp1 <= 0) {
    ev.method = '-';
    ev.pathRaw = request === '-' ? '' : request.slice(0, 200);
    return;
  }
  if (!isMethod(request, sp1)) {
    ev.method = '-';
    ev.pathRaw = '';
    return;
  }
  ev.method = request.slice(0, sp1);
  const sp2 = request.lastIndexOf(' ');
  let target = sp2 > sp1 && request.startsWith('HTTP/', sp2 + 1) ? request.slice(sp1 + 1, sp2) : request.slice(sp1 + 1);
  if (target.charCodeAt(0) !== 47) {
    const m = /^(https?):\/\/([^/?#\s]+)(.*)$/i.exec(target);
    if (m) {
      ev.scheme = m[1]!.toLowerCase();
      ev.host = m[2]!.toLowerCase();
      target = m[3] || '/';
    }
  }
  ev.pathRaw = target;
}

/** A non-negative integer field from..to, or -1 for `-`, -2 when unreadable. */
function intField(s: string, from: number, to: number): number {
  if (to - from === 1 && s.charCodeAt(from) === 45) return -1;
  if (to <= from || to - from > 15) return -2;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -2;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Parses one line of any predefined Apache/NGINX shape. Returns the event, a problem with its
 * reason, or null for a line to skip (blank).
 */
export function parseClfLine(line: string, lineNo: number): LineResult {
  const open = line.indexOf(' [');
  if (open === -1) return line.trim() === '' ? null : { reason: 'no [time] field' };
  const close = line.indexOf(']', open + 2);
  if (close === -1) return { reason: 'the [time] field is not closed' };
  const ts = parseClfTimeIn(line, open + 2, close);
  if (ts === undefined) return { reason: `unreadable time "${line.slice(open + 2, Math.min(close, open + 40))}"` };

  // Before the time: [vhost[:port]] host ident user — three or four space-separated fields.
  const s1 = line.indexOf(' ');
  const s2 = line.indexOf(' ', s1 + 1);
  if (s2 === -1 || s2 >= open) return { reason: 'expected "host ident user" before the time' };
  const s3 = line.indexOf(' ', s2 + 1);
  const ev = newEvent(lineNo, '-', '', 0);
  ev.ts = ts;
  let hostStart = 0;
  let userStart = s2 + 1;
  if (s3 !== -1 && s3 < open) {
    // A vhost in front: `%v:%p ` or `%v `.
    if (line.indexOf(' ', s3 + 1) < open && line.indexOf(' ', s3 + 1) !== -1) return { reason: 'expected "host ident user" before the time' };
    const vhost = line.slice(0, s1);
    const colon = vhost.lastIndexOf(':');
    const port = colon > 0 ? vhost.slice(colon + 1) : '';
    ev.host = (colon > 0 && /^\d+$/.test(port) ? vhost.slice(0, colon) : vhost).toLowerCase();
    if (port === '443') ev.scheme = 'https';
    hostStart = s1 + 1;
    userStart = s3 + 1;
  }
  const hostEnd = line.indexOf(' ', hostStart);
  if (!(hostEnd - hostStart === 1 && line.charCodeAt(hostStart) === 45)) ev.clientIp = line.slice(hostStart, hostEnd);
  if (!(open - userStart === 1 && line.charCodeAt(userStart) === 45) && open > userStart) ev.principal = unescapeLogField(line.slice(userStart, open));

  // "request"
  let i = close + 1;
  if (line.charCodeAt(i) !== 32 || line.charCodeAt(i + 1) !== 34) return { reason: 'expected a quoted request line after the time' };
  const reqEnd = closingQuote(line, i + 1);
  if (reqEnd === -1) return { reason: 'the quoted request line is not closed' };
  applyRequestLine(ev, unescapeLogField(line.slice(i + 2, reqEnd)));

  // status size
  i = reqEnd + 1;
  if (line.charCodeAt(i) !== 32) return { reason: 'expected a status after the request line' };
  const sp = line.indexOf(' ', i + 1);
  const status = intField(line, i + 1, sp === -1 ? line.length : sp);
  if (!(status >= 100 && status <= 999)) return { reason: `unreadable status "${line.slice(i + 1, sp === -1 ? i + 20 : Math.min(sp, i + 20))}"` };
  ev.status = status;
  if (sp === -1) return { reason: 'no size field after the status' };
  const next = line.indexOf(' ', sp + 1);
  const bytes = intField(line, sp + 1, next === -1 ? line.length : next);
  if (bytes === -2) return { reason: 'unreadable size field' };
  if (bytes >= 0) ev.bytesOut = bytes;
  if (next === -1) return ev; // common

  // combined: "referer" "user agent"
  i = next + 1;
  if (line.charCodeAt(i) === 34) {
    const refEnd = closingQuote(line, i);
    if (refEnd === -1) return { reason: 'the quoted referer is not closed' };
    i = refEnd + 1;
    if (line.charCodeAt(i) === 32 && line.charCodeAt(i + 1) === 34) {
      const uaEnd = closingQuote(line, i + 1);
      if (uaEnd === -1) return { reason: 'the quoted user agent is not closed' };
      if (!(uaEnd - i === 3 && line.charCodeAt(i + 2) === 45) && uaEnd > i + 2) ev.userAgent = unescapeLogField(line.slice(i + 2, uaEnd));
      i = uaEnd + 1;
    }
    if (i < line.length) parseTail(ev, line.slice(i + 1));
    return ev;
  }
  // Unquoted tail after common: API Gateway CLF preset ($requestId $extendedRequestId).
  parseTail(ev, line.slice(i));
  return ev;
}

/** What follows the predefined fields: combinedio sizes, Kong's request id, ingress-nginx upstream fields, request ids. */
function parseTail(ev: TrafficEvent, tail: string): void {
  if (tail === '') return;
  const kong = /kong_request_id: "([^"]*)"/.exec(tail);
  if (kong) {
    if (kong[1]) ev.requestId = kong[1];
    return;
  }
  const parts = tail.split(' ');
  // combinedio: %I %O
  if (parts.length === 2 && /^\d+$/.test(parts[0]!) && /^\d+$/.test(parts[1]!)) {
    ev.bytesIn = Number(parts[0]);
    return;
  }
  // ingress-nginx: $request_length $request_time [$proxy_upstream_name] [$alt] $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id
  if (parts.length >= 9 && /^\d+$/.test(parts[0]!) && /^[\d.]+$/.test(parts[1]!) && parts[2]!.startsWith('[')) {
    ev.bytesIn = Number(parts[0]);
    ev.latencyMs = Math.round(Number(parts[1]) * 1000);
    let k = 2;
    while (k < parts.length && !parts[k]!.endsWith(']')) k++;
    k++;
    while (k < parts.length && !parts[k]!.endsWith(']')) k++;
    k++;
    const upstreamAddr = parts[k];
    if (upstreamAddr && upstreamAddr !== '-') ev.upstream = upstreamAddr.replace(/,$/, '');
    const rest = parts.slice(k + 1);
    const reqId = rest[rest.length - 1];
    const upStatus = rest[rest.length - 2];
    if (reqId && /^[0-9a-f-]{8,}$/i.test(reqId)) ev.requestId = reqId;
    if (upStatus && /^\d{3}$/.test(upStatus)) ev.upstreamStatus = Number(upStatus);
    return;
  }
  // API Gateway CLF: $requestId [$extendedRequestId]
  const id = parts.find((p) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(p)) ?? parts.find((p) => /^[A-Za-z0-9=_-]{12,}$/.test(p));
  if (id) ev.requestId = id;
}

/** Which predefined shape a sample of lines has (for the evidence record and messages). */
export function clfVariant(lines: readonly string[]): { format: string; label: string } | undefined {
  let parsed = 0;
  let combined = 0;
  let vhost = 0;
  let io = 0;
  let kong = 0;
  let ingress = 0;
  let apigw = 0;
  for (const line of lines) {
    const ev = parseClfLine(line, 1);
    if (ev === null || isProblem(ev)) continue;
    parsed++;
    const open = line.indexOf(' [');
    if (line.slice(0, open).split(' ').length === 4) vhost++;
    if (ev.userAgent !== undefined || /" "[^"]*"/.test(line.slice(line.indexOf('" ') + 2))) combined++;
    if (/kong_request_id: "/.test(line)) kong++;
    else if (/ \d+ \d+$/.test(line) && /"[^"]*" "[^"]*" \d+ \d+$/.test(line)) io++;
    else if (/ \[[^\]]*\] \[[^\]]*\] /.test(line.slice(close(line)))) ingress++;
    else if (!/" "/.test(line) && ev.requestId) apigw++;
  }
  if (parsed === 0) return undefined;
  const most = (n: number): boolean => n * 2 > parsed;
  if (most(kong)) return { format: 'kong-proxy-log', label: 'Kong proxy access log (combined + kong_request_id)' };
  if (most(ingress)) return { format: 'ingress-nginx', label: 'ingress-nginx log-format-upstream' };
  if (most(apigw)) return { format: 'aws-apigw-clf', label: 'AWS API Gateway access log (CLF preset)' };
  if (most(io)) return { format: 'combinedio', label: 'Apache combinedio (combined + %I %O)' };
  if (most(vhost)) return most(combined) ? { format: 'vhost-combined', label: 'Apache vhost_combined' } : { format: 'vhost-common', label: 'Apache vhost_common' };
  return most(combined) ? { format: 'combined', label: 'Apache/NGINX combined' } : { format: 'common', label: 'Apache common (CLF)' };
}

function close(line: string): number {
  const i = line.indexOf('] "');
  return i === -1 ? 0 : i;
}
