/**
 * The normalized gateway model: what every gateway importer (Kong decK, AWS API Gateway, NGINX,
 * Azure APIM, Apigee, Tyk, Envoy) produces and every gateway rule reads. For each route it says
 * which controls are in force and where each comes from — the config line, an inherited scope,
 * or the product's documented default (docs/controls.md §5) — so a finding can say when it
 * relies on a default.
 */
import type { SourceRef } from './source.js';

export type GatewayProduct = 'kong' | 'aws-apigateway' | 'nginx' | 'azure-apim' | 'apigee' | 'tyk' | 'envoy';

/** Where a setting came from. `default` means nothing was configured and the product default applies. */
export type SettingScope = 'global' | 'service' | 'route' | 'consumer' | 'consumer-group' | 'product' | 'api' | 'operation' | 'server' | 'location' | 'stage' | 'listener' | 'default';

export interface Origin {
  scope: SettingScope;
  /** The config node that sets it; for a default, the node it is missing from. */
  at: SourceRef;
  /** A default applied: the text names the product default (for example "Kong key-auth key_in_query defaults to true"). */
  defaultNote?: string;
}

export interface TlsSettings {
  /** Protocol versions accepted, e.g. ["TLSv1.2", "TLSv1.3"]; empty when unknown. */
  protocols: string[];
  origin: Origin;
}

export interface Listener {
  name: string;
  /** http | https | tcp | tls */
  protocol: string;
  host?: string;
  port?: number;
  /** Hostnames / server_name values served. */
  hostnames: string[];
  tls?: TlsSettings;
  /** A plain-http listener that only redirects to https. */
  redirectsToHttps: boolean;
  at: SourceRef;
}

export interface Upstream {
  id: string;
  name?: string;
  /** The URL as configured (may contain variables). */
  url: string;
  scheme: string;
  host: string;
  port?: number;
  /** Upstream certificate verification; undefined when unknown. */
  tlsVerify?: { enabled: boolean; origin: Origin };
  timeouts?: { connectMs?: number; readMs?: number; writeMs?: number; origin: Origin };
  /** The upstream is chosen from request data (an SSRF / open-proxy sink). */
  dynamicFromRequest?: { expression: string; at: SourceRef };
  /** Product specifics with no typed field (Kong retries and upstream targets, AWS connection type, Tyk TLS minimum...). */
  details?: Record<string, unknown>;
  at: SourceRef;
}

export interface AuthControl {
  /** key-auth, jwt, oauth2, openid-connect, basic, hmac, mtls, aws-iam, lambda-authorizer, cognito, subscription-key, validate-jwt, ext-authz, api-key, ... */
  kind: string;
  /** Credentials are accepted in the query string. */
  credentialsInQuery?: boolean;
  /** Failed or missing credentials fall back to an anonymous identity / are allowed. */
  allowsAnonymous?: boolean;
  /** Credentials are forwarded to the upstream. */
  forwardsCredentials?: boolean;
  /** Free-form facts a rule may need (claims verified, audiences, token lifetimes...). */
  details: Record<string, unknown>;
  origin: Origin;
}

export interface AuthzControl {
  /** acl, ip-restriction, rbac, scopes, required-claims, resource-policy, allow-deny, ... */
  kind: string;
  allow: string[];
  deny: string[];
  details: Record<string, unknown>;
  origin: Origin;
}

export interface RateLimitControl {
  /** rate-limiting, quota, spike-arrest, limit_req, local_ratelimit, usage-plan, throttle, llm-token-limit, ... */
  kind: string;
  /** Requests (or tokens, see `unit`) per window; undefined when not stated. */
  limit?: number;
  windowSeconds?: number;
  unit: 'requests' | 'tokens' | 'connections';
  /** What the counter is keyed on: consumer, ip, credential, header, constant, ... */
  keyedBy?: string;
  /** Where the key is defined when that is not where the limit is applied (NGINX `limit_req_zone` in the http block). */
  keyedAt?: SourceRef;
  /** False when configured but not enforcing (NGINX dry-run, Envoy local_ratelimit at 0 %, disabled). */
  enforced: boolean;
  notEnforcedWhy?: string;
  /** Product specifics (policy, burst, fail-open...) and `defaults`: the fields a product default supplies (see rules/gateway/README.md). */
  details?: Record<string, unknown>;
  origin: Origin;
}

export interface SizeLimitControl {
  /** Maximum request body in bytes; null when the check is disabled (e.g. client_max_body_size 0). */
  maxBytes: number | null;
  origin: Origin;
}

export interface CorsControl {
  origins: string[];
  credentials: boolean;
  origin: Origin;
}

export interface LoggingControl {
  /** file-log, http-log, access_log, diagnostics, stage-access-log, message-logging, ... */
  kind: string;
  /** Where logs go (URL or host) when remote. */
  sink?: string;
  /** Request/response bodies or payloads are captured (GDPR-5(1)(c)). */
  capturesBodies: boolean;
  /** Headers are captured unmasked (auth headers, cookies). */
  capturesHeaders?: boolean;
  /** Personal data / credentials are masked. */
  masksPersonalData?: boolean;
  origin: Origin;
}

export interface AiControl {
  /** ai-proxy, ai-prompt-guard, llm-token-limit, azure-openai-token-limit, llm-content-safety, ai-prompt-decorator, ... */
  kind: string;
  provider?: string;
  model?: string;
  /** The provider host requests go to. */
  providerHost?: string;
  maxTokens?: number;
  logsPayloads?: boolean;
  details: Record<string, unknown>;
  origin: Origin;
}

export interface RouteControls {
  /** Empty: no authentication in force. */
  authentication: AuthControl[];
  authorization: AuthzControl[];
  rateLimits: RateLimitControl[];
  sizeLimit?: SizeLimitControl;
  cors?: CorsControl;
  logging: LoggingControl[];
  ai: AiControl[];
  /** Request schema validation at the gateway. */
  requestValidation?: { enabled: boolean; origin: Origin };
}

export interface GatewayRoute {
  id: string;
  name?: string;
  /** Upper-case methods; empty means every method is proxied. */
  methods: string[];
  /** The path as configured (regex, prefix, template...). */
  rawPath: string;
  /** The path normalized to an OpenAPI-style template (`/users/{id}`), prefix routes ending in `/{*}`. */
  pathTemplate: string;
  match: 'exact' | 'prefix' | 'regex' | 'template';
  hosts: string[];
  /** http / https accepted by the route. */
  protocols: string[];
  /** Where `protocols` comes from; `scope: 'default'` when the product default applies (Kong routes: `["http", "https"]`). Absent: not known. */
  protocolsOrigin?: Origin;
  /**
   * Names of the `listeners` (of this config) that serve the route: an NGINX location is served by
   * its server block's `listen` directives, an Envoy route by the listener whose filter chain holds
   * its route table. Absent when the config does not say (a decK file has no listeners): every
   * listener may serve it.
   */
  listeners?: string[];
  /**
   * The block the route is declared in, where one control would cover all its routes (Kong
   * service, NGINX server block, APIM / Tyk API definition). Rules report a control missing on
   * many routes once there. Absent: the config root is the only common place.
   */
  container?: { scope: SettingScope; name?: string; at: SourceRef };
  upstreamId?: string;
  /** API version or stage this route belongs to (for "beta host" comparisons). */
  version?: string;
  stage?: string;
  /** The API (service, API definition, proxy) the route belongs to. */
  api?: string;
  deprecated?: boolean;
  controls: RouteControls;
  /** Product specifics with no typed field (Kong https_redirect_status_code, strip_path; Tyk ignored authentication...). */
  details?: Record<string, unknown>;
  at: SourceRef;
}

/** A clear-text secret in the config. The value itself is never kept. */
export interface SecretHit {
  /** consumer-key, jwt-secret, basic-auth-password, private-key, client-secret, password, api-key, ... */
  kind: string;
  /** What holds it, e.g. `consumer "alice" keyauth_credentials[0].key`. */
  where: string;
  at: SourceRef;
}

export interface GatewayProblem {
  message: string;
  at: SourceRef;
}

export interface GatewayConfig {
  product: GatewayProduct;
  /** The root file findings cite. */
  file: string;
  files: string[];
  /** Format detail: `deck-3.0`, `aws-openapi`, `aws-sam`, `nginx-conf`, `apim-policy`, `apigee-bundle`, `tyk-classic`, `tyk-oas`, `envoy-v3`. */
  format: string;
  listeners: Listener[];
  routes: GatewayRoute[];
  upstreams: Upstream[];
  secrets: SecretHit[];
  /** Gateway-wide facts a rule may need (admin API exposure, server_tokens, ...), each with where it was read. */
  settings: Record<string, { value: unknown; origin: Origin }>;
  problems: GatewayProblem[];
}
