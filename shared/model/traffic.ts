/**
 * Traffic evidence: the normalized request every log and HAR importer produces
 * (docs/controls.md §4.11), and the bounded aggregates the traffic detections read.
 *
 * The requests themselves are streamed into the workspace in batches and never held together
 * in memory; what stays is a TrafficSummary: counts, time windows, top callers, per-endpoint
 * statistics and per-signal evidence, each with a few sample line numbers. Every list and map
 * in it is capped (see TRAFFIC_LIMITS), so a 10-million-line log and a 10-line log give
 * summaries of the same order of size.
 *
 * Privacy: client IPs, subnets and principals in a summary are already pseudonymized when the
 * import was keyed (`privacy.pseudonymized`), and URLs are already masked when
 * `privacy.maskedUrls` is set. Secrets are never kept in a summary: URL findings name the
 * parameter and the kind of value, not the value.
 */

/** AI usage of one request (Kong AI plugin fields `ai.<plugin>.meta/usage`, OpenAI-style `usage`). */
export interface TrafficAiUsage {
  provider?: string;
  model?: string;
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

/** One request, normalized. Only `line`, `method`, `pathRaw` and `status` are always present. */
export interface TrafficEvent {
  /** 1-based line of the file where the record starts (HAR and pretty JSON: the record's first line). */
  line: number;
  /** Epoch milliseconds, UTC. */
  ts?: number;
  clientIp?: string;
  /** Upper-case HTTP method; `-` when the record has none (a malformed request line). */
  method: string;
  /** Path and query string as requested (`/v1/users/7?expand=1`), masked when masking is on. */
  pathRaw: string;
  /** Final status to the client; 0 when unknown. */
  status: number;
  upstreamStatus?: number;
  bytesIn?: number;
  bytesOut?: number;
  latencyMs?: number;
  /** The authenticated identity (consumer, key id, JWT sub, HTTP user), pseudonymized when keyed. */
  principal?: string;
  /** `TLSv1.2`, `TLSv1.3`, … as logged; `none` when the request is known to be plaintext. */
  tlsVersion?: string;
  /** http or https when the record says so. */
  scheme?: string;
  userAgent?: string;
  requestId?: string;
  /** The upstream the gateway chose (`host:port`, URL or cluster). */
  upstream?: string;
  /** Host / authority the request was sent to. */
  host?: string;
  /** A route template the gateway itself logged (API Gateway `resourcePath`/`routeKey`, Kong route, APIM operation). */
  routeHint?: string;
  ai?: TrafficAiUsage;
  /** HAR / payload-logging formats: what the response body revealed (e.g. `Java stack trace`). */
  bodyLeak?: string;
  /** Request body or form parameters when the format carries them (HAR, Kong payloads); scanned, never stored. */
  requestBody?: string;
  /** Why a gateway denied the request when it says so (API Gateway error.responseType, Envoy flags…). */
  denyReason?: string;
  /** HAR: what the entry's headers showed (missing HSTS, version banners, permissive CORS, weak JWT claims). */
  headerFacts?: HeaderFact[];
}

/**
 * One fact about the headers of a HAR entry: `kind` says what, `subject` what a finding names
 * (the host, `Server: nginx/1.18.0`, the JWT's algorithm and issuer), `value` the detail that
 * varies (a reflected origin, a token lifetime). Never a credential.
 */
export interface HeaderFact {
  kind: 'hsts-missing' | 'version-banner' | 'cors-reflected-origin' | 'cors-reflected-origin-credentials' | 'cors-wildcard-credentials' | 'jwt-alg-none' | 'jwt-no-exp' | 'jwt-long-lifetime';
  subject: string;
  value?: string;
  /** Position of the entry in `log.entries` (0-based). */
  entry: number;
}

/** How many of each list a summary keeps; anything beyond is counted, not listed. */
export const TRAFFIC_LIMITS = {
  /** Sample line numbers kept per statistic. */
  samples: 5,
  /** Endpoints (inventory templates and clustered templates) with statistics of their own. */
  endpoints: 2000,
  /** Callers listed per endpoint. */
  callersPerEndpoint: 10,
  /** Callers (principal or client IP) tracked for rates and top lists. */
  trackedCallers: 200_000,
  /** Top callers listed in the summary. */
  topCallers: 25,
  /** Entries kept per signal list (auth failures, enumeration, URL data, …). */
  signals: 200,
  /** Distinct object ids remembered per (caller, endpoint) for enumeration. */
  idsPerKey: 64,
  /** (caller, endpoint) pairs tracked for enumeration. */
  enumerationKeys: 20_000,
  /** Malformed lines sampled with their reason. */
  malformedSamples: 20,
  /** Minutes with their request and 5xx counts (about 70 days); older minutes are folded. */
  minutes: 100_000,
} as const;

export interface TrafficPrivacy {
  /** Client IPs, subnets and principals were replaced by keyed hashes (HMAC-SHA256; the key is not stored). */
  pseudonymized: boolean;
  /** Secrets and personal data in URLs were masked before anything was stored. */
  maskedUrls: boolean;
  /** How values appear in findings and the report (`#3f9a…` for pseudonyms, `[secret]` for masked values). */
  note: string;
  /** A check value of the pseudonymization key (an HMAC of a fixed text): tells keys apart without revealing them. */
  keyCheck?: string;
}

export interface MalformedSample {
  line: number;
  reason: string;
}

export interface TrafficParseStats {
  /** Physical lines read. */
  lines: number;
  /** Requests imported. */
  records: number;
  /** Lines that are not requests and were skipped on purpose (blank lines, comments, control records). */
  skipped: number;
  malformed: number;
  malformedSamples: MalformedSample[];
  /** Format-level remarks (`HAR records the server IP, not the client IP`, `entry 3 has no response`…). */
  notes: string[];
}

/** How many requests carried each canonical field: what the format can show. */
export interface TrafficFieldPresence {
  ts: number;
  clientIp: number;
  principal: number;
  userAgent: number;
  tlsVersion: number;
  scheme: number;
  query: number;
  latencyMs: number;
  bytesOut: number;
  ai: number;
  requestId: number;
  upstream: number;
  host: number;
}

export interface TimeSpan {
  /** ISO timestamps of the oldest and newest request. */
  first: string;
  last: string;
  firstLine: number;
  lastLine: number;
  /** Days between them, to one decimal. */
  days: number;
}

/** Where a statistic was seen: how often, when, and a few lines to look at. */
export interface Evidence {
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  /** Up to TRAFFIC_LIMITS.samples line numbers, in file order. */
  samples: number[];
}

export interface CallerCount {
  /** `ip:…`, `principal:…` (pseudonymized when keyed) or the raw value when not. */
  caller: string;
  requests: number;
}

export interface TrafficEndpointStat {
  method: string;
  /** The path template: the inventory's (`/v1/accounts/{accountId}`) or a clustered one (`/v2/items/{param}`). */
  template: string;
  /** `METHOD /template`, as findings list it. */
  endpoint: string;
  /** inventory: matched a documented/exposed endpoint; cluster: a template of its own. */
  source: 'inventory' | 'cluster';
  /** The path looks like a static file (images, scripts, styles, fonts). */
  static: boolean;
  requests: number;
  byClass: Record<'1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'other', number>;
  /** Successful requests with and without an identity in the record. */
  success: { withIdentity: number; anonymous: number };
  firstSeen?: string;
  lastSeen?: string;
  samples: number[];
  /** Lines of successful anonymous requests. */
  anonymousSamples: number[];
  /** Lines of 5xx responses. */
  errorSamples: number[];
  /** Top callers by requests. */
  callers: CallerCount[];
  /** Distinct callers seen (capped at the tracking limit). */
  distinctCallers: number;
}

export interface CallerStat extends Evidence {
  caller: string;
  kind: 'principal' | 'ip';
  errors: number;
  /** Highest number of requests in one clock minute, and when. */
  peakPerMinute: number;
  peakMinute?: string;
}

export interface RateStats {
  /** Requests answered 429 anywhere in the file. */
  status429: number;
  /** Callers whose peak per-minute rate is highest (top TRAFFIC_LIMITS.topCallers). */
  peaks: CallerStat[];
  /** Median of callers' peak per-minute rates (the baseline). */
  medianPeakPerMinute: number;
}

export interface AuthFailureStat extends Evidence {
  /** ip, subnet (/24 IPv4, /64 IPv6) or account (principal). */
  scope: 'ip' | 'subnet' | 'account';
  key: string;
  /** The credential endpoints hit. */
  endpoints: string[];
  failures: number;
  successes: number;
  /** Highest failures in one minute. */
  peakFailuresPerMinute: number;
  /** Distinct accounts (principals) tried, when the log names them; capped at 1000. */
  accounts: number;
  /** Distinct client IPs the attempts came from (subnet and account scopes); capped at 1000. */
  ips: number;
  /** A success right after this many consecutive failures (0 when none). */
  successAfterFailures: number;
  successAfterFailuresLine?: number;
}

export interface EnumerationStat extends Evidence {
  caller: string;
  endpoint: string;
  /** Distinct values seen in the id position (capped at TRAFFIC_LIMITS.idsPerKey). */
  distinctIds: number;
  /** How many consecutive requests asked for the previous id + 1. */
  sequentialSteps: number;
  notFound: number;
  forbidden: number;
  success: number;
  /** Requests per minute over the caller's window on this endpoint. */
  perMinute: number;
}

export interface AiKeyStat extends Evidence {
  caller: string;
  tokens: { prompt: number; completion: number; total: number };
  models: string[];
  endpoints: string[];
  peakPerMinute: number;
  /** Largest tokens in one UTC day. */
  peakTokensPerDay: number;
}

export interface AiStats {
  requests: number;
  /** Requests that carried token usage. */
  withUsage: number;
  tokens: { prompt: number; completion: number; total: number };
  providers: Record<string, number>;
  models: Record<string, number>;
  endpoints: string[];
  byKey: AiKeyStat[];
  upstream429: number;
}

export interface UrlDataStat extends Evidence {
  /** credential (token, key, password…), jwt, email, card-number, phone, national-id, iban, personal-data (by parameter name). */
  kind: string;
  /** The query parameter that held it, or `path` for a path segment. Never the value. */
  where: string;
  endpoint: string;
  /** Requests that were successful. */
  success: number;
}

export interface SsrfStat extends Evidence {
  endpoint: string;
  /** The parameter that carried the target (`url`, `callback`, `body`). */
  parameter: string;
  /** loopback, cloud-metadata, private-network, link-local, internal-hostname, scheme:file, … */
  target: string;
  success: number;
}

export interface ServerErrorBurst extends Evidence {
  /** ISO start of the minute window. */
  start: string;
  minutes: number;
  errors: number;
  requests: number;
  endpoints: string[];
}

export interface BodyLeakStat extends Evidence {
  endpoint: string;
  /** Python traceback, Java stack trace, SQL error, … */
  kind: string;
}

/** The entries of a HAR that showed one header fact (HeaderFact) about one subject. */
export interface HeaderStat extends Evidence {
  kind: HeaderFact['kind'];
  subject: string;
  /** Distinct values seen (reflected origins, token lifetimes), at most 10. */
  values: string[];
  /** The first entries' positions in `log.entries` (0-based), like `samples`. */
  entries: number[];
  endpoints: string[];
}

export interface ErrorStats {
  status5xx: number;
  bursts: ServerErrorBurst[];
  bodyLeaks: BodyLeakStat[];
}

export interface TransportStats {
  /** Requests by TLS version as logged (`TLSv1.2`, `none` for plaintext); formats without TLS data leave it empty. */
  byVersion: Record<string, number>;
  legacy: Evidence & { versions: string[] };
  plaintext: Evidence & { endpoints: string[] };
}

export interface AutomationStat extends Evidence {
  endpoint: string;
  /** python-requests, curl, Go-http-client, okhttp, HeadlessChrome, … */
  agent: string;
  clients: number;
  success: number;
  /** Why the endpoint counts as a business flow (`path matches /checkout`). */
  flow: string;
}

export interface PersonalDataStats {
  /** Distinct client IPs (capped at the tracking limit; `clientIpsCapped` says so). */
  clientIps: number;
  clientIpsCapped: boolean;
  principals: number;
  userAgents: number;
  /** Requests whose URL held personal data or secrets (before masking). */
  urlsWithPersonalData: number;
  urlsWithSecrets: number;
  /** The file carried these kinds of personal data (client-ip, principal, user-agent, email-in-url, …). */
  kinds: string[];
}

export interface TrafficVolume {
  requests: number;
  bytesOut: number;
  bytesIn: number;
  byClass: Record<'1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'other', number>;
  byMethod: Record<string, number>;
  /** Requests per day (YYYY-MM-DD UTC), at most 400 days listed. */
  byDay: Record<string, number>;
}

/**
 * Everything the traffic detections and the report's traffic section read about one log or HAR
 * file. Plain data (JSON-serialisable); bounded in size whatever the size of the file.
 */
export interface TrafficSummary {
  /** The log/HAR file findings cite. */
  file: string;
  files: string[];
  /** combined, common, vhost-combined, combinedio, nginx-custom, kong-json, aws-apigw-json, aws-apigw-clf, apim-json, envoy-json, envoy-text, alb, cloudwatch, field-map, har */
  format: string;
  /** A human name of the format ("Apache/NGINX combined"). */
  formatLabel: string;
  /** Bytes read from the file (as stored on disk) and after decompression. */
  bytes: { file: number; text: number };
  /** SHA-256 of the file's bytes as read. */
  sha256: string;
  privacy: TrafficPrivacy;
  parse: TrafficParseStats;
  fields: TrafficFieldPresence;
  span?: TimeSpan;
  volume: TrafficVolume;
  /** Callers with the most requests. */
  topCallers: CallerStat[];
  endpoints: TrafficEndpointStat[];
  /** Requests that fell beyond the endpoint cap (counted under no endpoint). */
  endpointsOverflow: number;
  /** Endpoint templates came from an inventory of this many endpoints (0: no spec or gateway was given). */
  inventoryEndpoints: number;
  rates: RateStats;
  auth: AuthFailureStat[];
  enumeration: EnumerationStat[];
  ai: AiStats;
  urlData: UrlDataStat[];
  ssrf: SsrfStat[];
  errors: ErrorStats;
  transport: TransportStats;
  automation: AutomationStat[];
  personalData: PersonalDataStats;
  /** HAR header facts (absent in summaries stored before they were collected). */
  headers?: HeaderStat[];
}
