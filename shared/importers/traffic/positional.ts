/**
 * Space-separated formats read by position: AWS Application Load Balancer access logs
 * (docs/controls.md §4.4; new fields get appended, so extra trailing fields are fine) and the
 * Envoy / Istio default text access logs (§4.9).
 */
import type { TrafficEvent } from '../../model/traffic.js';
import { newEvent } from './event.js';
import { applyRequestLine, closingQuote, type LineResult, unescapeLogField } from './clf.js';
import { parseIsoTime } from './time.js';

interface Field {
  text: string;
  quoted: boolean;
}

/** Splits on spaces, keeping `"quoted fields"` and a leading `[bracketed]` field whole. */
export function splitFields(line: string): Field[] | undefined {
  const out: Field[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c === 32) {
      i++;
      continue;
    }
    if (c === 34) {
      const end = closingQuote(line, i);
      if (end === -1) return undefined;
      out.push({ text: line.slice(i + 1, end), quoted: true });
      i = end + 1;
    } else if (c === 91 && out.length === 0) {
      const end = line.indexOf(']', i);
      if (end === -1) return undefined;
      out.push({ text: line.slice(i + 1, end), quoted: true });
      i = end + 1;
    } else {
      let end = line.indexOf(' ', i);
      if (end === -1) end = line.length;
      out.push({ text: line.slice(i, end), quoted: false });
      i = end;
    }
  }
  return out;
}

const dash = (s: string | undefined): string | undefined => (s === undefined || s === '-' || s === '' ? undefined : s);
const int = (s: string | undefined): number | undefined => {
  const v = dash(s);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

const ALB_TYPES = new Set(['http', 'https', 'h2', 'grpcs', 'ws', 'wss']);

export function looksLikeAlb(line: string): boolean {
  const sp = line.indexOf(' ');
  return sp > 0 && ALB_TYPES.has(line.slice(0, sp)) && /^\S+ \d{4}-\d{2}-\d{2}T[\d:.]+Z \S+ \S+ \S+ /.test(line);
}

export function parseAlbLine(line: string, lineNo: number): LineResult {
  if (line.trim() === '') return null;
  const f = splitFields(line);
  if (!f || f.length < 14) return { reason: 'fewer fields than an ALB access log line has' };
  const type = f[0]!.text;
  if (!ALB_TYPES.has(type)) return { reason: `unknown ALB request type "${type.slice(0, 10)}"` };
  const ev = newEvent(lineNo, '-', '', 0);
  const ts = parseIsoTime(f[1]!.text);
  if (ts === undefined) return { reason: 'unreadable ALB time' };
  ev.ts = ts;
  const client = dash(f[3]!.text);
  if (client) ev.clientIp = client.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  const target = dash(f[4]!.text);
  if (target) ev.upstream = target;
  const times = [int(f[5]!.text), int(f[6]!.text), int(f[7]!.text)].filter((t): t is number => t !== undefined && t >= 0);
  if (times.length) ev.latencyMs = Math.round(times.reduce((a, b) => a + b, 0) * 1000);
  const status = int(f[8]!.text);
  if (status === undefined) return { reason: 'no elb_status_code' };
  ev.status = status;
  const up = int(f[9]!.text);
  if (up !== undefined) ev.upstreamStatus = up;
  const rec = int(f[10]!.text);
  if (rec !== undefined) ev.bytesIn = rec;
  const sent = int(f[11]!.text);
  if (sent !== undefined) ev.bytesOut = sent;
  applyRequestLine(ev, f[12]!.text);
  const ua = dash(f[13]!.text);
  if (ua) ev.userAgent = ua;
  const proto = dash(f[15]?.text);
  ev.tlsVersion = proto ?? (type === 'https' || type === 'wss' || type === 'grpcs' || type === 'h2' ? 'unknown' : 'none');
  if (ev.tlsVersion === 'unknown') ev.tlsVersion = undefined;
  if (!ev.scheme) ev.scheme = type === 'https' || type === 'wss' || type === 'grpcs' ? 'https' : type === 'h2' ? 'https' : 'http';
  const trace = dash(f[17]?.text);
  if (trace) ev.requestId = trace;
  const domain = dash(f[18]?.text);
  if (domain) ev.host = domain.toLowerCase();
  const error = dash(f[26]?.text);
  if (error) ev.denyReason = error;
  return ev;
}

export function looksLikeEnvoyText(line: string): boolean {
  return /^\[\d{4}-\d{2}-\d{2}T[\d:.]+Z?\] "[A-Z]+ \S+ [A-Z0-9/.]+" \d{1,3} \S+ /.test(line);
}

/** Envoy's default format and Istio's default (which inserts details after the flags and appends addresses). */
export function parseEnvoyTextLine(line: string, lineNo: number): LineResult {
  if (line.trim() === '') return null;
  const f = splitFields(line);
  if (!f || f.length < 12) return { reason: 'fewer fields than an Envoy access log line has' };
  const ev = newEvent(lineNo, '-', '', 0);
  const ts = parseIsoTime(f[0]!.text);
  if (ts !== undefined) ev.ts = ts;
  applyRequestLine(ev, unescapeLogField(f[1]!.text));
  const status = int(f[2]!.text);
  if (status === undefined) return { reason: 'no response code' };
  ev.status = status;
  const flags = dash(f[3]!.text);
  if (flags) ev.denyReason = flags;
  const istio = f[6]?.quoted === true;
  const o = istio ? 7 : 4;
  const get = (k: number): string | undefined => dash(f[o + k]?.text);
  const inn = int(get(0));
  if (inn !== undefined) ev.bytesIn = inn;
  const out = int(get(1));
  if (out !== undefined) ev.bytesOut = out;
  const dur = int(get(2));
  if (dur !== undefined) ev.latencyMs = dur;
  const xff = get(4);
  const ua = get(5);
  if (ua) ev.userAgent = unescapeLogField(ua);
  const rid = get(6);
  if (rid) ev.requestId = rid;
  const host = get(7);
  if (host) ev.host = host.toLowerCase();
  const upstream = get(8);
  if (upstream) ev.upstream = upstream;
  if (istio) {
    if (dash(f[4]?.text) === 'via_upstream') ev.upstreamStatus = status;
    const remote = dash(f[19]?.text);
    if (remote) ev.clientIp = remote.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
    const route = dash(f[21]?.text);
    if (route) ev.routeHint = route;
  }
  if (!ev.clientIp && xff) ev.clientIp = xff.split(',')[0]!.trim();
  return ev;
}
