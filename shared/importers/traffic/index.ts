/**
 * Traffic importers: access logs (Apache/NGINX predefined and custom formats, ALB, Envoy),
 * JSON gateway logs (Kong, AWS API Gateway, Azure APIM, Envoy/Istio, CloudWatch containers, a
 * field mapping for anything else) and HAR, streamed into a TrafficSummary and stored batches.
 * Pure: the caller reads the file (and decompresses it) and hands over text chunks.
 */
export { TrafficImporter, type TrafficImportOptions, type TrafficImportResult, type PseudonymKind } from './traffic-importer.js';
export { sniffTraffic, compileUserLogFormat, headLines, type TrafficSniff, type NotTraffic, type TrafficMode } from './sniff.js';
export { compileLogFormat, LogFormatError, type CompiledLogFormat } from './nginx-format.js';
export { checkFieldMap, FIELD_MAP_KEYS, type FieldMap } from './json-records.js';
export { EndpointMatcher, isValueSegment, type EndpointTemplate, type KnownEndpoint } from './endpoint-matcher.js';
export { BATCH_ENCODING, BatchEncoder, decodeBatch, type EncodedBatch, type StoredRequest } from './batch-codec.js';
export { LineSources, linePointer } from './line-sources.js';
export { inspectUrl, type UrlInspection } from './url-inspect.js';
