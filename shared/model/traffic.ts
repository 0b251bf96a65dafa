/**
 * Traffic evidence after import: not the requests themselves (those are streamed into the
 * workspace in batches) but the aggregates the detections read, each able to cite its evidence
 * (counts, time window, principal, endpoint, sample line numbers).
 *
 * The traffic importer owns the detailed shape of TrafficSummary; the engine only needs the
 * evidence name and files.
 */
export interface TrafficSummary {
  /** The log/HAR file findings cite. */
  file: string;
  files: string[];
  /** combined, common, nginx-custom, kong-json, aws-apigw-json, apim-json, envoy-json, alb, har, ... */
  format: string;
  [key: string]: unknown;
}
