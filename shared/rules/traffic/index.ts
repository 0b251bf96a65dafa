import type { TrafficRule } from '../define-rule.js';
import { aiConsumption } from './ai-consumption.js';
import { credentialStuffing, unauthenticatedSuccess } from './authentication.js';
import { automationOnBusinessFlows } from './automation.js';
import { objectEnumeration } from './enumeration.js';
import { hstsMissing, permissiveCors, versionBanner, weakJwtClaims } from './headers.js';
import { deprecatedEndpointCalled, shadowEndpointInUse } from './inventory-drift.js';
import { noRateLimiting } from './rate-limits.js';
import { logRetention } from './retention.js';
import { serverErrorBurst, stackTraceInResponse } from './server-errors.js';
import { ssrfPayloads } from './ssrf.js';
import { legacyTls, plaintextHttp } from './transport.js';
import { personalDataInUrls, secretsInUrls } from './url-data.js';

/**
 * Detections over imported traffic (logs, HAR): the LOG signals of docs/controls.md, each
 * citing counts, time window, callers (pseudonymized when the import was keyed), endpoints and
 * sample lines (locations `/line/N`).
 */
export const trafficRules: TrafficRule[] = [
  shadowEndpointInUse,
  deprecatedEndpointCalled,
  unauthenticatedSuccess,
  credentialStuffing,
  objectEnumeration,
  noRateLimiting,
  aiConsumption,
  secretsInUrls,
  personalDataInUrls,
  ssrfPayloads,
  serverErrorBurst,
  stackTraceInResponse,
  legacyTls,
  plaintextHttp,
  hstsMissing,
  versionBanner,
  permissiveCors,
  weakJwtClaims,
  automationOnBusinessFlows,
  logRetention,
];
