import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { auditInputs, auditInputsAsync } from '../../../../../electron/node/services/audit-service.js';
import { findInputs } from '../../../../../electron/node/files/find-inputs.js';
import { TrafficStore } from '../../../../../electron/node/workspace/traffic-store.js';
import { createWorkspace, tempDir } from '../workspace/workspace-fixtures.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../fixtures');
const SPEC = `openapi: 3.0.3
info: {title: Site, version: "1"}
servers: [{url: "http://semicomplete.com"}]
paths:
  /presentations/{deck}/images/{image}:
    get:
      responses: {"200": {description: ok}}
  /blog/geekery/{post}:
    get:
      deprecated: true
      responses: {"200": {description: ok}}
`;

function evidenceFolder(): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'site.yaml'), SPEC);
  writeFileSync(path.join(dir, 'access.log.gz'), gzipSync(readFileSync(path.join(fixtures, 'logs/apache_logs'))));
  writeFileSync(path.join(dir, 'error.log'), readFileSync(path.join(fixtures, 'logs/own/apache-error.log')));
  writeFileSync(path.join(dir, 'capture.har'), readFileSync(path.join(fixtures, 'har/own/leaks.har')));
  writeFileSync(path.join(dir, 'README.txt'), 'notes');
  return dir;
}

describe('finding traffic inputs', () => {
  it('classifies logs, gzip logs and HAR files by content; names an error log; skips it in a folder', () => {
    const dir = evidenceFolder();
    const { roots, problems } = findInputs([dir]);
    expect(roots.map((r) => [r.file, r.spec, r.traffic?.format])).toEqual([
      ['access.log.gz', false, 'combined'],
      ['capture.har', false, 'har'],
      ['site.yaml', true, undefined],
    ]);
    expect(problems).toEqual([]);
    const named = findInputs([path.join(dir, 'error.log')]);
    expect(named.roots).toEqual([]);
    expect(named.problems[0]!.message).toMatch(/error\.log: this is an Apache error log, not an access log/);
  });
});

describe('the streaming audit', () => {
  it('imports traffic beside a spec, matches it, runs the traffic rules and records everything in one transaction', async () => {
    const dir = evidenceFolder();
    const ws = createWorkspace();
    const bytes: number[] = [];
    const outcome = await auditInputsAsync([dir], {
      workspace: ws,
      actor: 'alice',
      traffic: { pseudonymizeKey: Buffer.alloc(32, 7) },
      onBytes: (_file, done) => bytes.push(done),
      today: '2026-03-01',
    });
    expect(outcome.problems).toEqual([]);
    expect(outcome.audited.map((a) => [a.file, a.kind, a.format, a.requests])).toEqual([
      ['site.yaml', 'spec', 'openapi-3.0', undefined],
      ['access.log.gz', 'traffic', 'combined', 9999],
      ['capture.har', 'traffic', 'har', 3],
    ]);
    expect(bytes.length).toBeGreaterThan(0);
    const rules = new Set(outcome.result.findings.map((f) => f.ruleId));
    expect(rules).toContain('traffic.inventory.deprecated-endpoint-called');
    expect(rules).toContain('traffic.errors.stack-trace-in-response');
    expect(rules).toContain('traffic.gdpr.log-retention');
    // The inventory knows what was observed.
    const observed = outcome.inventory.endpoints.find((e) => e.path === '/presentations/{deck}/images/{image}');
    expect(observed?.observed?.requests).toBeGreaterThan(100);
    expect(outcome.traffic?.map((t) => t.format)).toEqual(['combined', 'har']);

    // Evidence: the manifest, not the log; the privacy applied; the parse problems.
    const ev = ws.listEvidence().filter((e) => e.kind === 'traffic');
    expect(ev.map((e) => [e.name, e.format, e.parseStatus])).toEqual([
      ['access.log.gz', 'combined', 'partial'],
      ['capture.har', 'har', 'ok'],
    ]);
    expect(ev[0]!.parseErrors[0]).toEqual({ message: 'malformed line: the quoted user agent is not closed', line: 8899 });
    const manifest = JSON.parse(ws.getEvidenceBytes(ev[0]!.id).toString('utf8'));
    expect(manifest).toMatchObject({ gatehouse: 'traffic-evidence', file: 'access.log.gz', gzip: true, format: 'combined', privacy: { pseudonymized: true, maskedUrls: true, keyCheck: expect.stringMatching(/^[0-9a-f]{16}$/) } });
    const model = JSON.parse(ws.getModel(ev[0]!.id)!.json);
    expect(model.traffic.privacy.pseudonymized).toBe(true);
    const store = new TrafficStore(ws);
    expect(store.listImports().map((i) => i.rows)).toEqual([9999, 3]);
    const everything = JSON.stringify({ model, requests: store.readRequests(ev[0]!.id), findings: outcome.result.findings });
    expect(everything).not.toContain('83.149.9.216');
    expect(ws.listRuns()).toHaveLength(1);
    expect(ws.listRuns()[0]!.evidenceIds).toHaveLength(3);

    // The same audit again: no duplicate evidence, no duplicate requests.
    await auditInputsAsync([dir], { workspace: ws, actor: 'alice', traffic: { pseudonymizeKey: Buffer.alloc(32, 7) } });
    expect(ws.listEvidence()).toHaveLength(3);
    expect(store.listImports()).toHaveLength(2);
  });

  it('leaves the sync audit to specs and gateways, saying so for traffic', () => {
    const dir = evidenceFolder();
    const outcome = auditInputs([dir]);
    expect(outcome.problems.map((p) => p.message)).toEqual([
      'access.log.gz: traffic evidence is read by the streaming audit (auditInputsAsync; the CLI uses it)',
      'capture.har: traffic evidence is read by the streaming audit (auditInputsAsync; the CLI uses it)',
    ]);
  });

  it('reports a broken HAR as a problem and stores nothing of it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'broken.har'), readFileSync(path.join(fixtures, 'har/brokenfile.har')));
    const ws = createWorkspace();
    const outcome = await auditInputsAsync([path.join(dir, 'broken.har')], { workspace: ws });
    expect(outcome.problems[0]!.message).toMatch(/broken\.har: the HAR is broken at line 5/);
    expect(ws.listEvidence()).toEqual([]);
    expect(new TrafficStore(ws).listImports()).toEqual([]);
  });
});
