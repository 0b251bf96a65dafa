/**
 * Test helper: imports a log (or HAR) text with the real streaming importer, matched against an
 * optional OpenAPI description, and runs the traffic rules through the engine.
 */
import { runRules } from '../../../../../shared/engine/run.js';
import { importOpenApi } from '../../../../../shared/importers/openapi/index.js';
import { LineSources } from '../../../../../shared/importers/traffic/line-sources.js';
import { TrafficImporter, type TrafficImportOptions } from '../../../../../shared/importers/traffic/traffic-importer.js';
import { buildInventory } from '../../../../../shared/inventory/build-inventory.js';
import { matchTargets } from '../../../../../shared/inventory/observe.js';
import type { Finding } from '../../../../../shared/model/finding.js';
import type { TrafficSummary } from '../../../../../shared/model/traffic.js';
import type { AnyRule } from '../../../../../shared/rules/define-rule.js';
import { trafficRules } from '../../../../../shared/rules/traffic/index.js';

export interface TrafficAudit {
  findings: Finding[];
  summary: TrafficSummary;
}

export function auditTraffic(text: string, options: { spec?: string; file?: string; rules?: readonly AnyRule[] } & Partial<TrafficImportOptions> = {}): TrafficAudit {
  const { spec, file = 'access.log', rules = trafficRules, ...importOptions } = options;
  const specs = spec ? [importOpenApi('api.yaml', { readText: (p) => (p === 'api.yaml' ? spec : undefined) })] : [];
  const targets = matchTargets(buildInventory(specs.map((s) => s.model), []));
  const importer = new TrafficImporter({ file, endpoints: targets.endpoints, basePaths: targets.basePaths, ...importOptions });
  for (let i = 0; i < text.length; i += 8192) importer.push(text.slice(i, i + 8192));
  const result = importer.end({ file: text.length, text: text.length }, '0'.repeat(64));
  const engine = runRules({ specs, traffic: [{ summary: result.summary, sources: new LineSources([file]) }] }, rules);
  if (engine.ruleFailures.length) throw new Error(engine.ruleFailures.map((f) => `${f.ruleId}: ${f.message}`).join('\n'));
  return { findings: engine.findings.filter((f) => f.source === 'traffic'), summary: result.summary };
}

export function only(findings: Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

/** A small spec with a base path, auth on most operations, a deprecated one and a login. */
export const SPEC = `openapi: 3.0.3
info: {title: Shop, version: "1"}
servers: [{url: "https://api.shop.example/api/v1"}]
security: [{bearer: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
paths:
  /login:
    post:
      security: []
      responses: {"200": {description: ok}}
  /accounts/{accountId}/statements:
    get:
      parameters: [{name: accountId, in: path, required: true, schema: {type: integer}}]
      responses: {"200": {description: ok}}
  /orders:
    get:
      responses: {"200": {description: ok}}
  /checkout:
    post:
      responses: {"200": {description: ok}}
  /products:
    get:
      security: []
      responses: {"200": {description: ok}}
  /legacy/report:
    get:
      deprecated: true
      responses: {"200": {description: ok}}
  /hooks/test:
    post:
      responses: {"200": {description: ok}}
`;
