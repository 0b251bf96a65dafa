/**
 * A workspace with N synthetic findings, written through the Workspace API (the same calls an
 * audit run makes): real rule ids, titles, controls and remediation from the rule catalog, a
 * spread of severities, statuses, sources, files, lines and endpoints, one stored spec so that
 * spec findings have evidence excerpts.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CATALOG_VERSION } from '../../shared/controls/index.js';
import { compareFindings, type Finding, type FindingSource, type Severity } from '../../shared/model/finding.js';
import { allRules } from '../../shared/rules/index.js';
import { Workspace } from '../../electron/node/workspace/index.js';

const SEVERITIES: Severity[] = ['critical', 'high', 'high', 'medium', 'medium', 'medium', 'low', 'low', 'low', 'info'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const RESOURCES = ['patients', 'appointments', 'invoices', 'users', 'orders', 'claims', 'devices', 'reports', 'messages', 'files'];

export interface Seeded {
  file: string;
  findings: number;
  seedMs: number;
}

export function seedWorkspace(file: string, count: number, specFile: string): Seeded {
  const started = performance.now();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const ws = Workspace.open(file, { create: true });
  try {
    ws.init({ name: `UI bench — ${count.toLocaleString('en')} findings`, client: 'Bench', auditor: 'bench', scope: 'synthetic', classification: 'internal' });
    const spec = fs.readFileSync(specFile);
    const specName = path.basename(specFile);
    const [added] = ws.addEvidence([{ name: specName, kind: 'spec', format: 'openapi-3.0', bytes: spec, parseStatus: 'ok' }], 'bench');
    const specLines = spec.toString('utf8').split('\n').length;
    const findings: Finding[] = [];
    for (let i = 0; i < count; i++) {
      const rule = allRules[i % allRules.length]!;
      const severity = SEVERITIES[(i * 7) % SEVERITIES.length]!;
      const source: FindingSource = rule.source;
      const file = source === 'spec' ? specName : source === 'gateway' ? `gateway-${i % 7}.yaml` : source === 'traffic' ? `access-${i % 3}.log` : specName;
      const resource = RESOURCES[i % RESOURCES.length]!;
      const endpoints = Array.from({ length: 1 + (i % 3) }, (_, k) => `${METHODS[(i + k) % METHODS.length]} /${resource}/{id}/item${(i + k) % 400}`);
      findings.push({
        fingerprint: createHash('sha256').update(`bench-${i}`).digest('hex'),
        ruleId: rule.id,
        title: rule.title,
        severity,
        confidence: rule.confidence,
        controls: [...rule.controls],
        equivalents: [...rule.equivalents],
        source,
        message: `${rule.title} at /${resource}/{id}/item${i % 400} (synthetic finding ${i + 1} of ${count}).`,
        evidence: [file],
        locations: [{ file, line: 1 + ((i * 13) % Math.max(1, specLines - 1)), column: 3, pointer: `/paths/~1${resource}~1{id}~1item${i % 400}/get` }],
        endpoints,
        occurrences: 1 + (i % 9),
        status: i % 23 === 0 ? 'suppressed' : 'open',
        ...(i % 23 === 0 ? { statusReason: 'x-gatehouse-ignore in the evidence' } : {}),
        remediation: rule.remediation,
      });
    }
    // Stored in the engine's order (most severe first, then rule, then place), as a run records them.
    findings.sort(compareFindings);
    const now = new Date().toISOString();
    ws.recordRun({ catalogVersion: CATALOG_VERSION, toolVersion: 'bench', startedAt: now, endedAt: now, evidenceIds: [added!.id], findings }, 'bench');
  } finally {
    ws.close();
  }
  return { file, findings: count, seedMs: Math.round(performance.now() - started) };
}
