import type { SpecRule } from '../../define-rule.js';
import { schemeRules } from './auth-schemes.js';
import { credentialEndpointWithoutRateLimit } from './credential-endpoint-rate-limit.js';
import { credentialInUrl } from './credentials-in-url.js';
import { adminPathSharedSecurity, oauthScopesNotRequired, writeSharesReadSecurity } from './function-level.js';
import {
  apiKeyOnlyObjectOperation,
  graphqlEndpoint,
  numericObjectId,
  oauthObjectOperationWithoutScopes,
  unauthenticatedObjectOperation,
} from './object-level.js';
import { openRequestObject, unboundedAdditionalProperties } from './open-request-objects.js';
import { personalDataInResponse, personalDataInUrl, personalDataPublic, specialCategoryData } from './personal-data.js';
import { freeFormResponse, sensitivePropertyInResponse, sharedRequestResponseSchema, writeOnlyInResponse } from './property-exposure.js';
import { massAssignment, ownerKeyInRequestBody } from './request-body-properties.js';
import { unauthenticatedOperation } from './unauthenticated-operation.js';

/** Authentication, authorization, object/property exposure and personal data (API1-3, API5, GDPR). */
export const accessRules: SpecRule[] = [
  // API1: object level
  unauthenticatedObjectOperation,
  numericObjectId,
  apiKeyOnlyObjectOperation,
  ownerKeyInRequestBody,
  oauthObjectOperationWithoutScopes,
  graphqlEndpoint,
  // API2: authentication
  unauthenticatedOperation,
  ...schemeRules,
  credentialInUrl,
  credentialEndpointWithoutRateLimit,
  // API3: object properties
  sensitivePropertyInResponse,
  writeOnlyInResponse,
  massAssignment,
  openRequestObject,
  unboundedAdditionalProperties,
  sharedRequestResponseSchema,
  freeFormResponse,
  // API5: function level
  adminPathSharedSecurity,
  writeSharesReadSecurity,
  oauthScopesNotRequired,
  // GDPR: personal data
  personalDataInResponse,
  personalDataPublic,
  specialCategoryData,
  personalDataInUrl,
];
