/**
 * Decides from a file's first 64 KB (decompressed) whether it is traffic evidence and in which
 * format, or a log of another kind (an Apache or NGINX error log) that must be named as such
 * rather than half-imported.
 */
import { clfVariant, isProblem, parseClfLine } from './clf.js';
import { recognizeRecord, type FieldMap, type JsonObject } from './json-records.js';
import { compileLogFormat, type CompiledLogFormat } from './nginx-format.js';
import { looksLikeAlb, looksLikeEnvoyText } from './positional.js';

export type TrafficMode = 'lines' | 'json-lines' | 'json-document' | 'har';

export interface TrafficSniff {
  kind: 'traffic';
  format: string;
  label: string;
  mode: TrafficMode;
}

export interface NotTraffic {
  kind: 'not-traffic';
  /** What the file is ("an Apache error log"). */
  what: string;
  message: string;
}

export interface SniffOptions {
  /** An NGINX log_format the user gave (compiled). */
  logFormat?: CompiledLogFormat;
  /** A field map the user gave: unrecognised JSON records are read with it. */
  fieldMap?: FieldMap;
}

const APACHE_ERROR = /^\[(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} +\d{1,2} [\d:.]+ \d{4}\] \[[\w:]+\]/;
const NGINX_ERROR = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} \[(emerg|alert|crit|error|warn|notice|info|debug)\] \d+#\d+:/;
const SYSLOG = /^(<\d+>)?[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2} \S+ [\w./-]+(\[\d+\])?: /;
const EXPORT_LINE = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z (.*)$/;
const GZIP_B64 = /^H4sI[A-Za-z0-9+/]+=*$/;
const KNOWN_KEYS =
  /"(started_at|client_ip|latencies|httpMethod|resourcePath|routeKey|requestTimeEpoch|messageType|logEvents|logStreamName|CallerIpAddress|callerIpAddress|ApimSubscriptionId|apimSubscriptionId|response_code|upstream_host|downstream_remote_address|authenticated_entity)"\s*:|"Microsoft\.ApiManagement\/GatewayLogs"|"category"\s*:\s*"GatewayLogs"/;

/** The complete lines of a head (the last, possibly cut, line dropped unless the head is the whole file). */
export function headLines(head: string, complete: boolean, max = 50): string[] {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const lines = text.split('\n');
  if (!complete) lines.pop();
  return lines
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter((l) => l.trim() !== '')
    .slice(0, max);
}

function jsonRecordKind(line: string, fieldMap: FieldMap | undefined): string | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  const first = Array.isArray(v) ? v[0] : v;
  if (first === null || typeof first !== 'object' || Array.isArray(first)) return undefined;
  return recognizeRecord(first as JsonObject) ?? (fieldMap ? 'field-map' : undefined);
}

const LABELS: Record<string, [string, string]> = {
  kong: ['kong-json', 'Kong log plugin JSON'],
  'aws-apigw': ['aws-apigw-json', 'AWS API Gateway access log (JSON)'],
  apim: ['apim-json', 'Azure APIM GatewayLogs'],
  'apim-legacy': ['apim-json', 'Azure APIM GatewayLogs (diagnostic export)'],
  envoy: ['envoy-json', 'Envoy/Istio JSON access log'],
  'cloudwatch-subscription': ['cloudwatch', 'CloudWatch Logs subscription records'],
  'cloudwatch-event': ['cloudwatch', 'CloudWatch Logs events'],
  'field-map': ['field-map', 'JSON lines read with a field mapping'],
};

/**
 * @param file the file name (a `.har` name only helps; the content decides)
 * @param head the first 64 KB, decompressed
 * @param complete true when the head is the whole file
 */
export function sniffTraffic(file: string, head: string, complete: boolean, options: SniffOptions = {}): TrafficSniff | NotTraffic | undefined {
  const text = (head.charCodeAt(0) === 0xfeff ? head.slice(1) : head).trimStart();
  if (text === '') return undefined;
  // JSON: an object, or an array of objects (an http-log batch). `[2026-…` is an Envoy text line.
  if (text.startsWith('{') || /^\[\s*[{\]]/.test(text)) {
    if (/^\{\s*"log"\s*:/.test(text) || (/\.har$/i.test(file) && text.startsWith('{'))) return { kind: 'traffic', format: 'har', label: 'HAR 1.2', mode: 'har' };
    const lines = headLines(text, complete, 20);
    const kinds = lines.map((l) => jsonRecordKind(l, options.fieldMap));
    const known = kinds.filter((k): k is string => k !== undefined);
    if (known.length && known.length * 2 >= lines.length) {
      const [format, label] = LABELS[known[0]!]!;
      return { kind: 'traffic', format, label, mode: 'json-lines' };
    }
    // One pretty-printed document (a Kong record, an http-log batch, filter-log-events output, an Azure export).
    if (KNOWN_KEYS.test(text) || options.fieldMap) {
      const events = /"events"\s*:\s*\[/.test(text) && /"logStreamName"|"eventId"/.test(text);
      const label = events ? 'CloudWatch Logs filter-log-events output' : /"records"\s*:\s*\[/.test(text) ? 'Azure diagnostic export (records)' : 'JSON log document';
      const format = events ? 'cloudwatch' : /GatewayLogs|"[Cc]allerIpAddress"/.test(text) ? 'apim-json' : /"started_at"|"latencies"/.test(text) ? 'kong-json' : options.fieldMap ? 'field-map' : 'json-document';
      return { kind: 'traffic', format, label, mode: 'json-document' };
    }
    return undefined;
  }
  const lines = headLines(text, complete);
  if (lines.length === 0) return undefined;
  const most = (test: (l: string) => boolean): boolean => lines.filter(test).length * 2 > lines.length;

  if (options.logFormat) {
    const f = options.logFormat;
    if (most((l) => {
      const r = f.parse(l, 1);
      return r !== null && !isProblem(r);
    }))
      return { kind: 'traffic', format: 'nginx-custom', label: 'NGINX log_format (given)', mode: 'lines' };
  }
  if (most((l) => APACHE_ERROR.test(l)))
    return { kind: 'not-traffic', what: 'an Apache error log', message: 'this is an Apache error log, not an access log: it records server errors and warnings, not requests, so it holds no traffic to audit' };
  if (most((l) => NGINX_ERROR.test(l)))
    return { kind: 'not-traffic', what: 'an NGINX error log', message: 'this is an NGINX error log, not an access log: it records server errors and warnings, not requests, so it holds no traffic to audit' };
  if (most((l) => GZIP_B64.test(l.trim()))) return { kind: 'traffic', format: 'cloudwatch', label: 'CloudWatch Logs subscription records (gzip + base64)', mode: 'json-lines' };
  const clf = clfVariant(lines);
  if (clf && most((l) => {
    const r = parseClfLine(l, 1);
    return r !== null && !isProblem(r);
  }))
    return { kind: 'traffic', format: clf.format, label: clf.label, mode: 'lines' };
  if (most(looksLikeAlb)) return { kind: 'traffic', format: 'alb', label: 'AWS ALB access log', mode: 'lines' };
  if (most(looksLikeEnvoyText)) return { kind: 'traffic', format: 'envoy-text', label: 'Envoy/Istio text access log', mode: 'lines' };
  if (most((l) => {
    const m = EXPORT_LINE.exec(l);
    if (!m) return false;
    const rest = m[1]!;
    if (rest.startsWith('{')) return jsonRecordKind(rest, options.fieldMap) !== undefined;
    const r = parseClfLine(rest, 1);
    return r !== null && !isProblem(r);
  }))
    return { kind: 'traffic', format: 'cloudwatch-export', label: 'CloudWatch Logs export (timestamp + message)', mode: 'lines' };
  if (most((l) => SYSLOG.test(l)))
    return { kind: 'not-traffic', what: 'a syslog file', message: 'this is a syslog file without access-log records; export the access log itself (or give --log-format)' };
  return undefined;
}

/** Compiles a user-given log_format, turning a bad one into a message. */
export function compileUserLogFormat(format: string): { compiled?: CompiledLogFormat; error?: string } {
  try {
    return { compiled: compileLogFormat(format) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
