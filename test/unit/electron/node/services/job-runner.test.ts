/**
 * Long work in the worker: progress events, cancel (cooperative and by stopping the thread), and
 * crashes reported as errors with the workspace left exactly as it was. Runs the compiled worker
 * (npm test builds first).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobRunner, type RawOutcome } from '../../../../../electron/node/services/jobs/job-runner.js';
import type { JobSpec, Progress } from '../../../../../electron/node/services/jobs/job-protocol.js';
import { Workspace } from '../../../../../electron/node/workspace/index.js';

const repo = path.resolve(import.meta.dirname, '../../../../..');
const SAMPLE = path.join(repo, 'assets/samples/clinic-api.yaml');
const LARGE = path.join(repo, 'test/fixtures/specs/digitalocean/specification');
const CRASHING_WORKER = new URL('./fixtures/crash-at-progress-worker.mjs', import.meta.url);

let file: string;
beforeEach(() => {
  file = path.join(mkdtempSync(path.join(os.tmpdir(), 'gatehouse-jobs-')), 'audit.gatehouse');
  const ws = Workspace.open(file, { create: true });
  ws.init({ name: 'Jobs', auditor: 'alice' });
  ws.close();
});
afterEach(() => {
  delete process.env.GATEHOUSE_TEST_CRASH_AT;
});

/** Log length, evidence and runs: what "the workspace is as it was" compares. */
function state(): { log: number; head: string | undefined; evidence: number; runs: number; verified: boolean } {
  const ws = Workspace.open(file, { create: false });
  try {
    const log = ws.listLog();
    return { log: log.length, head: log.at(-1)?.hash, evidence: ws.listEvidence().length, runs: ws.listRuns().length, verified: ws.verifyLog().ok };
  } finally {
    ws.close();
  }
}

function importSpec(paths: string[]): Extract<JobSpec, { kind: 'import' }> {
  return { kind: 'import', workspace: file, inputs: paths.map((p) => ({ path: p, label: p })), actor: 'alice' };
}

describe('JobRunner', () => {
  it('runs an import in a worker, reporting progress, and the result is in the workspace', async () => {
    const runner = new JobRunner({ progressIntervalMs: 0 });
    const progress: Progress[] = [];
    runner.listen({ progress: (_job, p) => progress.push(p) });
    const job = runner.start(importSpec([SAMPLE]));
    const outcome = await job.outcome;
    expect(outcome.state).toBe('done');
    expect((outcome as Extract<RawOutcome, { state: 'done' }>).result).toMatchObject({
      kind: 'import',
      files: [{ name: 'clinic-api.yaml', kind: 'spec', format: 'openapi-3.0', status: 'ok', operations: 7, duplicate: false }],
    });
    expect(progress.map((p) => p.label)).toEqual(expect.arrayContaining(['reading clinic-api.yaml', 'done']));
    expect(progress.at(-1)).toEqual({ done: 2, total: 2, label: 'done' });
    expect(state()).toMatchObject({ evidence: 1, verified: true });
  });

  it('runs an audit over the imported evidence and records one run', async () => {
    const runner = new JobRunner();
    expect((await runner.start(importSpec([SAMPLE])).outcome).state).toBe('done');
    const outcome = await runner.start({ kind: 'audit', workspace: file, actor: 'alice', traffic: { maskUrls: true } }).outcome;
    expect(outcome).toMatchObject({ state: 'done', result: { kind: 'audit', runId: 1, audited: [{ file: 'clinic-api.yaml', kind: 'spec' }], problems: [] } });
    const result = (outcome as Extract<RawOutcome, { state: 'done' }>).result as { findings: number };
    expect(result.findings).toBeGreaterThan(10);
    expect(state()).toMatchObject({ evidence: 1, runs: 1, verified: true });
  });

  it('cancels at the next step: nothing is kept', async () => {
    const runner = new JobRunner({ cancelGraceMs: 120_000 });
    const before = state();
    const job = runner.start(importSpec([LARGE]));
    let cancelled: Promise<boolean> | undefined;
    runner.listen({ progress: (j) => void (j.id === job.id && (cancelled ??= runner.cancel(job.id))) });
    expect(await job.outcome).toEqual({ state: 'cancelled' });
    expect(await cancelled).toBe(true);
    expect(state()).toEqual(before);
  });

  it('stops a worker that does not reach a step in time: nothing is kept', async () => {
    const runner = new JobRunner({ cancelGraceMs: 200 });
    const before = state();
    const job = runner.start(importSpec([LARGE]));
    let cancelled: Promise<boolean> | undefined;
    runner.listen({ progress: (j) => void (j.id === job.id && (cancelled ??= runner.cancel(job.id))) });
    const started = Date.now();
    expect(await job.outcome).toEqual({ state: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(5_000); // did not wait for the multi-second parse
    expect(await cancelled).toBe(true);
    expect(state()).toEqual(before);
  });

  it('a worker that dies inside its transaction is reported as a crash, and the workspace still opens and verifies', async () => {
    process.env.GATEHOUSE_TEST_CRASH_AT = 'storing clinic-api.yaml';
    const before = state();
    const runner = new JobRunner({ workerScript: CRASHING_WORKER });
    const outcome = await runner.start(importSpec([SAMPLE])).outcome;
    expect(outcome).toMatchObject({
      state: 'failed',
      error: { code: 'worker-crashed', message: expect.stringMatching(/exited with code 70.*Nothing was saved/) },
    });
    expect(state()).toEqual(before);

    // The same workspace takes the same import afterwards.
    delete process.env.GATEHOUSE_TEST_CRASH_AT;
    const again = await new JobRunner().start(importSpec([SAMPLE])).outcome;
    expect(again.state).toBe('done');
    expect(state()).toMatchObject({ evidence: 1, verified: true });
  });

  it('a worker that runs out of memory is reported as a crash, and nothing is kept', async () => {
    const before = state();
    const runner = new JobRunner({ resourceLimits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 } });
    const outcome = await runner.start(importSpec([LARGE])).outcome;
    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'worker-crashed' } });
    expect(state()).toEqual(before);
  });

  it('reports a failure inside the job as that error, not as a crash', async () => {
    const runner = new JobRunner();
    const outcome = await runner.start({ kind: 'audit', workspace: file, actor: 'alice', traffic: { maskUrls: true } }).outcome;
    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'invalid-input', message: expect.stringMatching(/no evidence to audit yet/) } });
    const missing = await runner.start({ ...importSpec([SAMPLE]), workspace: path.join(path.dirname(file), 'nope.gatehouse') }).outcome;
    expect(missing).toMatchObject({ state: 'failed', error: { code: 'file-missing' } });
  });
});
