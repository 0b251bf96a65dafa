import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../../electron/node/workspace/index.js';
import { TrafficStore } from '../../../../electron/node/workspace/traffic-store.js';
import { gatehouse, tempDir, writeFiles } from './run-cli.js';

const fixtures = path.resolve(import.meta.dirname, '../../../fixtures');

const SPEC = `openapi: 3.0.3
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
  /orders:
    get:
      responses: {"200": {description: ok}}
`;

const t = (s: number): string => `01/Mar/2026:10:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')} +0000`;
const LOG = [
  ...Array.from({ length: 25 }, (_, i) => `203.0.113.9 - victim${i} [${t(i)}] "POST /api/v1/login HTTP/1.1" 401 12 "-" "python-requests/2.31.0"`),
  ...Array.from({ length: 5 }, (_, i) => `192.0.2.5 - alice [${t(40 + i)}] "GET /api/v1/orders?api_key=sk_live_topsecret${i} HTTP/1.1" 200 300 "-" "Mozilla/5.0"`),
  `192.0.2.6 - bob [${t(50)}] "GET /api/v1/internal/debug HTTP/1.1" 200 10 "-" "curl/8.5.0"`,
].join('\n');

interface Out {
  findings: { ruleId: string; source: string; message: string; locations: { file: string; line: number; pointer: string }[] }[];
}

let dir: string;
beforeAll(() => {
  dir = tempDir();
  writeFiles(dir, { 'shop.yaml': SPEC, 'access.log': LOG + '\n', 'key.txt': 'k'.repeat(40) + '\n', 'short.key': 'abc' });
  writeFileSync(path.join(dir, 'access2.log.gz'), gzipSync(LOG + '\n'));
  writeFileSync(path.join(dir, 'error.log'), readFileSync(path.join(fixtures, 'logs/own/apache-error.log')));
  writeFileSync(path.join(dir, 'custom.log'), readFileSync(path.join(fixtures, 'logs/own/nginx-custom.log')));
  writeFileSync(path.join(dir, 'app.jsonl'), JSON.stringify({ at: '2026-03-01T10:00:00Z', ip: '192.0.2.77', verb: 'GET', u: '/api/v1/orders', code: 200 }) + '\n');
  writeFileSync(path.join(dir, 'map.json'), JSON.stringify({ ts: 'at', clientIp: 'ip', method: 'verb', path: 'u', status: 'code' }));
});

describe('gatehouse audit with traffic', () => {
  it('reports traffic findings in the JSON shape, at log lines, without reprinting secrets or (keyed) IPs', () => {
    const r = gatehouse(['audit', path.join(dir, 'shop.yaml'), path.join(dir, 'access.log'), '--format', 'json', '--no-progress', '--pseudonymize-key-file', path.join(dir, 'key.txt')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    const traffic = out.findings.filter((f) => f.source === 'traffic');
    const ids = traffic.map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['traffic.auth.credential-stuffing', 'traffic.data.secrets-in-urls', 'traffic.inventory.shadow-endpoint', 'traffic.gdpr.log-retention']));
    const stuffing = traffic.find((f) => f.ruleId === 'traffic.auth.credential-stuffing')!;
    expect(stuffing.locations[0]).toMatchObject({ file: 'access.log', line: 1, pointer: '/line/1' });
    expect(stuffing.message).toMatch(/^IP #[0-9a-f]{16} failed authentication 25 times/);
    expect(r.stdout).not.toMatch(/sk_live|topsecret|203\.0\.113\.9|victim/);
  });

  it('reads gzip logs, stores masked requests in the workspace and records the privacy applied', () => {
    const ws = path.join(dir, 'audit.gatehouse');
    const r = gatehouse(['audit', path.join(dir, 'shop.yaml'), path.join(dir, 'access2.log.gz'), '--workspace', ws, '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/access2\.log\.gz \(combined, 31 requests, \d+ operations\)/);
    const w = Workspace.open(ws, { create: false });
    try {
      const ev = w.listEvidence().find((e) => e.kind === 'traffic')!;
      expect(JSON.parse(w.getEvidenceBytes(ev.id).toString())).toMatchObject({ gzip: true, privacy: { pseudonymized: false, maskedUrls: true } });
      const stored = new TrafficStore(w).readRequests(ev.id);
      expect(stored).toHaveLength(31);
      expect(JSON.stringify(stored)).not.toContain('topsecret');
      expect(stored[25]!.pathRaw).toBe('/api/v1/orders?api_key=[secret]');
    } finally {
      w.close();
    }
    const unmasked = gatehouse(['audit', path.join(dir, 'access2.log.gz'), '--workspace', path.join(dir, 'raw.gatehouse'), '--no-mask-urls', '--no-progress']);
    expect(unmasked.code).toBe(0);
    const w2 = Workspace.open(path.join(dir, 'raw.gatehouse'), { create: false });
    try {
      const ev = w2.listEvidence()[0]!;
      expect(JSON.stringify(new TrafficStore(w2).readRequests(ev.id))).toContain('topsecret');
    } finally {
      w2.close();
    }
  });

  it('names what was audited in the table summary: API descriptions, gateway configurations, traffic logs', () => {
    const kong = path.join(fixtures, 'gateways/kong/kong.yaml');
    const r = gatehouse(['audit', path.join(dir, 'shop.yaml'), kong, path.join(dir, 'access.log'), path.join(dir, 'access2.log.gz'), '--no-progress']);
    expect(r.code).toBe(0);
    const summary = r.stdout.split('\n')[0]!;
    expect(summary).toMatch(/^Audited 1 API description, 1 gateway configuration, 2 traffic logs: shop\.yaml \(openapi-3\.0, 2 operations\), /);
    expect(summary).toMatch(/kong\.yaml \(deck, 3 operations\), access\.log \(combined, 31 requests, \d+ operations\), access2\.log\.gz \(combined, 31 requests/);
    expect(gatehouse(['audit', path.join(dir, 'access.log'), '--no-progress']).stdout).toMatch(/^Audited 1 traffic log: access\.log \(combined, 31 requests/);
  });

  it('reads a custom NGINX log_format and JSON through a field map', () => {
    const format = readFileSync(path.join(fixtures, 'logs/own/nginx-custom.format'), 'utf8').trim();
    const custom = gatehouse(['audit', path.join(dir, 'custom.log'), '--log-format', format, '--format', 'json', '--no-progress']);
    expect(custom.code).toBe(0);
    const ids = (JSON.parse(custom.stdout) as Out).findings.map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['traffic.transport.legacy-tls', 'traffic.transport.plaintext']));
    const mapped = gatehouse(['audit', path.join(dir, 'app.jsonl'), '--field-map', path.join(dir, 'map.json'), '--no-progress']);
    expect(mapped.stdout).toMatch(/app\.jsonl \(field-map, 1 requests/);
    expect(gatehouse(['audit', path.join(dir, 'app.jsonl'), '--no-progress']).code).toBe(2);
  });

  it('names an error log, a bad key file, a bad log format and a bad field map', () => {
    const err = gatehouse(['audit', path.join(dir, 'error.log'), '--no-progress']);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/error\.log: this is an Apache error log, not an access log/);
    const key = gatehouse(['audit', path.join(dir, 'access.log'), '--pseudonymize-key-file', path.join(dir, 'short.key')]);
    expect(key.code).toBe(2);
    expect(key.stderr).toMatch(/at least 16 random bytes/);
    expect(gatehouse(['audit', path.join(dir, 'access.log'), '--log-format', '$remote_addr $status']).stderr).toMatch(/--log-format: the log_format logs no request/);
    expect(gatehouse(['audit', path.join(dir, 'app.jsonl'), '--field-map', path.join(dir, 'shop.yaml')]).stderr).toMatch(/--field-map: cannot read/);
  });
});
