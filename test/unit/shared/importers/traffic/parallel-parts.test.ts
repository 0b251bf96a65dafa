import { describe, expect, it } from 'vitest';
import { TrafficAccumulator } from '../../../../../shared/importers/traffic/accumulator.js';
import { joinTrafficParts, TrafficImporter, type TrafficImportOptions, type TrafficPart } from '../../../../../shared/importers/traffic/traffic-importer.js';
import { sniffTraffic, type TrafficSniff } from '../../../../../shared/importers/traffic/sniff.js';
import { clfAt, combined, fixture, importText, LOGS } from './import-helper.js';

/** Imports `text` in parts split at line boundaries, as the parallel reader does, and joins them. */
function inParts(text: string, cuts: number[], options: Partial<TrafficImportOptions> = {}) {
  const lines = text.split('\n');
  const sniffed = sniffTraffic('access.log', text.slice(0, 65536), text.length <= 65536) as TrafficSniff;
  const bounds = [0, ...cuts, lines.length];
  const parts: TrafficPart[] = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const chunk = lines.slice(bounds[i], bounds[i + 1]).join('\n') + (bounds[i + 1]! < lines.length ? '\n' : '');
    const importer = new TrafficImporter({ file: 'access.log', sniffed, lineOffset: bounds[i], batchOffset: i * 1_000_000, ...options });
    for (let k = 0; k < chunk.length; k += 65536) importer.push(chunk.slice(k, k + 65536));
    const part = importer.endPart();
    // What postMessage does to it.
    parts.push({ ...structuredClone(part), accumulator: TrafficAccumulator.revive(structuredClone(part.accumulator)) });
  }
  return joinTrafficParts(parts, { file: text.length, text: text.length }, '0'.repeat(64));
}

describe('a file read in parts gives the summary of a single pass', () => {
  // Per-endpoint caller lists are capped at 256 callers; past the cap, which callers are counted
  // depends on where the parts start, so only their top lists of the busiest endpoints may differ.
  const comparable = (s: ReturnType<typeof importText>['summary']) => ({ ...s, endpoints: s.endpoints.map((e) => (e.distinctCallers >= 256 ? { ...e, callers: [] } : e)) });

  it('on the real Apache log, split anywhere', () => {
    const text = fixture(LOGS, 'apache_logs');
    const single = importText(text);
    for (const cuts of [[5000], [1], [8899], [2500, 5000, 7500]]) {
      const joined = inParts(text, cuts);
      expect(comparable(joined.summary), `cuts ${cuts.join(',')}`).toEqual(comparable(single.summary));
      expect(joined.status).toBe(single.status);
      expect(joined.issues).toEqual(single.issues);
    }
  });

  it('joins what runs across the seam: a minute\'s peak, a failure streak, ids walked in order, callers and endpoints', () => {
    const lines = [
      ...Array.from({ length: 40 }, (_, i) => combined({ ip: '203.0.113.9', user: `v${i}`, method: 'POST', path: '/login', status: i === 39 ? 200 : 401, time: clfAt(30) })),
      ...Array.from({ length: 60 }, (_, i) => combined({ user: 'mallory', path: `/accounts/${100 + i}/statements`, status: 403, time: clfAt(60 + i) })),
      ...Array.from({ length: 20 }, (_, i) => combined({ ip: `198.51.100.${i}`, path: `/items/${i % 3}`, time: clfAt(200 + i) })),
    ];
    const text = lines.join('\n') + '\n';
    const single = importText(text);
    for (const cut of [20, 39, 70, 100, 110]) expect(inParts(text, [cut]).summary, `cut ${cut}`).toEqual(single.summary);
    const s = single.summary;
    expect(s.auth.find((a) => a.scope === 'ip')).toMatchObject({ failures: 39, successAfterFailures: 39, successAfterFailuresLine: 40, peakFailuresPerMinute: 39 });
    expect(s.enumeration[0]).toMatchObject({ caller: 'principal mallory', sequentialSteps: 59, distinctIds: 60 });
  });
});
