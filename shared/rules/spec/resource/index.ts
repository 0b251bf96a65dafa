import type { SpecRule } from '../../define-rule.js';
import { expensiveOperation } from './api4-expensive-operations.js';
import { paginationUnbounded } from './api4-pagination.js';
import { rateLimit429, rateLimitHeaders, rateLimitRetryAfter } from './api4-rate-limits.js';
import { arrayLimit, integerFormat, integerLimit, stringLimit, stringRestricted } from './api4-schema-limits.js';
import { unprotectedBusinessFlow } from './api6-business-flows.js';
import { callbackTarget, urlInput } from './api7-url-inputs.js';
import { errorInternals } from './api8-error-details.js';
import { corsOriginUndocumented, missingAuthErrors, missingServerError, missingValidationError } from './api8-error-responses.js';
import { traceMethod, wildcardContentType } from './api8-methods-and-media.js';
import { schemeHttp, serverHttp } from './api8-transport.js';
import { debugPath, deprecatedOperation, multipleVersions, nonProductionServer, serverAccess, serverEnvironment } from './api9-inventory.js';
import { dangerousTool } from './llm-agency.js';
import { aiNoRateLimit, aiUnauthenticated, conversationUnbounded, logprobsExposed, maxTokensUnbounded, sampleCountUnbounded } from './llm-consumption.js';
import { clientNamespace, ingestionUnprotected, modelManagementUnauthenticated, rawEmbeddings } from './llm-data.js';
import { outputWithPersonalData, systemPromptExposed, userEmailToProvider } from './llm-disclosure.js';
import { aiEndpointInventory, aiPersonalData, llmManualReview } from './llm-inventory.js';
import { htmlOutput } from './llm-output.js';
import { clientSystemRole, indirectInjectionInput, promptUnbounded } from './llm-prompt-injection.js';

/** Resource limits, business flows, SSRF, misconfiguration, inventory and AI endpoints (API4, API6-9, LLM). */
export const resourceRules: SpecRule[] = [
  // API4 unrestricted resource consumption
  stringLimit,
  stringRestricted,
  arrayLimit,
  integerLimit,
  integerFormat,
  paginationUnbounded,
  rateLimit429,
  rateLimitRetryAfter,
  rateLimitHeaders,
  expensiveOperation,
  // API6 sensitive business flows
  unprotectedBusinessFlow,
  // API7 server-side request forgery
  urlInput,
  callbackTarget,
  // API8 security misconfiguration
  serverHttp,
  schemeHttp,
  missingAuthErrors,
  missingServerError,
  missingValidationError,
  corsOriginUndocumented,
  errorInternals,
  traceMethod,
  wildcardContentType,
  // API9 inventory
  deprecatedOperation,
  serverEnvironment,
  serverAccess,
  nonProductionServer,
  debugPath,
  multipleVersions,
  // OWASP LLM Top 10 2025 on AI endpoints
  aiEndpointInventory,
  clientSystemRole,
  promptUnbounded,
  indirectInjectionInput,
  userEmailToProvider,
  outputWithPersonalData,
  systemPromptExposed,
  ingestionUnprotected,
  htmlOutput,
  dangerousTool,
  rawEmbeddings,
  clientNamespace,
  modelManagementUnauthenticated,
  llmManualReview,
  aiPersonalData,
  maxTokensUnbounded,
  sampleCountUnbounded,
  conversationUnbounded,
  logprobsExposed,
  aiNoRateLimit,
  aiUnauthenticated,
];
