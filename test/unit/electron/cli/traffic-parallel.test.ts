import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Workspace } from '../../../../electron/node/workspace/index.js';
import { TrafficStore } from '../../../../electron/node/workspace/traffic-store.js';
import { gatehouse, tempDir, writeFiles } from './run-cli.js';

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
  /accounts/{accountId}/statements:
    get:
      parameters: [{name: accountId, in: path, required: true, schema: {type: integer}}]
      responses: {"200": {description: ok}}
`;

const t = (s: number): string => {
  const d = new Date(Date.UTC(2026, 2, 1, 10) + s * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/Mar/2026:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
};

/** Attacks spread over the file, so that they run across the middle where the halves meet. */
function log(): string {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const s = Math.floor(i / 4);
    if (i % 5 === 0) lines.push(`203.0.113.9 - u${i} [${t(s)}] "POST /api/v1/login HTTP/1.1" ${i === 2995 ? 200 : 401} 12 "-" "python-requests/2.31.0"`);
    else if (i % 5 === 1) lines.push(`192.0.2.7 - mallory [${t(s)}] "GET /api/v1/accounts/${1000 + i}/statements?api_key=sk_${i}secretvalue HTTP/1.1" 403 20 "-" "Mozilla/5.0"`);
    else lines.push(`198.51.100.${i % 200} - user${i % 50} [${t(s)}] "GET /api/v1/accounts/${i % 50}/statements HTTP/1.1" 200 900 "-" "Mozilla/5.0 (X11; Linux x86_64)"`);
  }
  return lines.join('\n') + '\n';
}

const saved = process.env.GATEHOUSE_TRAFFIC_PARALLEL_BYTES;
afterEach(() => {
  if (saved === undefined) delete process.env.GATEHOUSE_TRAFFIC_PARALLEL_BYTES;
  else process.env.GATEHOUSE_TRAFFIC_PARALLEL_BYTES = saved;
});

describe('large logs read by two worker threads', () => {
  it('give the same findings and the same stored requests as one pass', () => {
    const dir = tempDir();
    writeFiles(dir, { 'shop.yaml': SPEC, 'k.txt': 'q'.repeat(32) });
    writeFileSync(path.join(dir, 'access.log'), log());
    const run = (bytes: string, ws: string) => {
      process.env.GATEHOUSE_TRAFFIC_PARALLEL_BYTES = bytes;
      const r = gatehouse(['audit', path.join(dir, 'shop.yaml'), path.join(dir, 'access.log'), '--format', 'json', '--no-progress', '--workspace', path.join(dir, ws), '--pseudonymize-key-file', path.join(dir, 'k.txt')]);
      expect(r.stderr.replace(/Recorded as run \d+ in .*\n/, '')).toBe('');
      const w = Workspace.open(path.join(dir, ws), { create: false });
      try {
        const ev = w.listEvidence().find((e) => e.kind === 'traffic')!;
        const store = new TrafficStore(w);
        return {
          findings: (JSON.parse(r.stdout) as { findings: unknown[] }).findings,
          requests: store.readRequests(ev.id),
          model: JSON.parse(w.getModel(ev.id)!.json),
          // The second half's batches are numbered from 1e9: this tells which way the file was read.
          halves: store.listBatches(ev.id).some((b) => b.batchNo >= 1_000_000_000),
        };
      } finally {
        w.close();
      }
    };
    const serial = run('0', 'serial.gatehouse');
    const parallel = run('1', 'parallel.gatehouse');
    expect([serial.halves, parallel.halves]).toEqual([false, true]);
    expect(parallel.findings).toEqual(serial.findings);
    expect(parallel.requests).toEqual(serial.requests);
    expect(parallel.model).toEqual(serial.model);
    expect(serial.findings.map((f) => (f as { ruleId: string }).ruleId)).toEqual(expect.arrayContaining(['traffic.auth.credential-stuffing', 'traffic.access.object-enumeration', 'traffic.data.secrets-in-urls']));
  });
});
