/**
 * The work each job does, inside the worker. Each opens its own connection to the workspace
 * (WAL lets main keep reading meanwhile), marks in the control block when it starts and ends
 * writing, and checks for cancellation between steps: until the write commits, cancelling throws
 * and the transaction rolls back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GeneratedReport } from '../../../../shared/api/schemas/reports.js';
import type { JobResult } from '../../../../shared/api/schemas/jobs.js';
import { Workspace } from '../../workspace/index.js';
import { IdentityStore } from '../identity-store.js';
import { generateReport } from '../report-service.js';
import { auditWorkspace } from './audit-workspace.js';
import { importEvidence } from './import-evidence.js';
import { CANCEL, PHASE, PHASE_COMMITTED, PHASE_IDLE, PHASE_WRITING, type JobSpec, type Progress } from './job-protocol.js';

export class JobCancelled extends Error {
  override readonly name = 'JobCancelled';
}

export interface JobContext {
  control: Int32Array;
  progress(p: Progress): void;
}

/** Throws JobCancelled if main asked to cancel and nothing is committed yet. */
function checkCancel(ctx: JobContext): void {
  if (Atomics.load(ctx.control, CANCEL) === 1 && Atomics.load(ctx.control, PHASE) !== PHASE_COMMITTED) throw new JobCancelled('cancelled');
}

const WRITES = ['transaction', 'transactionAsync', 'addEvidence', 'saveModel', 'recordRun', 'recordReport', 'appendLog', 'setTriage', 'answerChecklist'] as const;

/**
 * Wraps the workspace's writing methods so that the control block says when the job is inside
 * its write (PHASE_WRITING) and when the outermost write committed (PHASE_COMMITTED).
 */
function trackWrites(ws: Workspace, control: Int32Array): void {
  let depth = 0;
  const target = ws as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of WRITES) {
    const original = target[name]!.bind(ws);
    target[name] = (...args: unknown[]) => {
      if (depth === 0) Atomics.store(control, PHASE, PHASE_WRITING);
      depth += 1;
      const done = (committed: boolean) => {
        depth -= 1;
        if (depth === 0) Atomics.store(control, PHASE, committed ? PHASE_COMMITTED : PHASE_IDLE);
      };
      let result: unknown;
      try {
        result = original(...args);
      } catch (error) {
        done(false);
        throw error;
      }
      if (result instanceof Promise) {
        return result.then(
          (value) => {
            done(true);
            return value;
          },
          (error: unknown) => {
            done(false);
            throw error;
          },
        );
      }
      done(true);
      return result;
    };
  }
}

async function withWorkspaceAsync<T>(file: string, ctx: JobContext, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = Workspace.open(file, { create: false });
  try {
    trackWrites(ws, ctx.control);
    return await fn(ws);
  } finally {
    ws.close();
  }
}

function hooks(ctx: JobContext, trafficByPath = true) {
  return {
    progress: (p: Progress) => {
      checkCancel(ctx);
      ctx.progress(p);
    },
    trafficByPath,
  };
}

export async function runJob(spec: JobSpec, ctx: JobContext): Promise<JobResult | Record<string, unknown>> {
  checkCancel(ctx);
  switch (spec.kind) {
    case 'import':
      return await withWorkspaceAsync(spec.workspace, ctx, (ws) => {
        const labels = new Map(spec.inputs.map((i) => [i.path, i.label]));
        return importEvidence(
          ws,
          spec.inputs.map((i) => i.path),
          spec.actor,
          { ...hooks(ctx), label: (p) => labels.get(p) ?? p },
        );
      });
    case 'import-dropped': {
      const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-drop-'));
      try {
        fs.chmodSync(temp, 0o700);
        const tops = new Set<string>();
        spec.files.forEach((file, i) => {
          if (i % 50 === 0) hooks(ctx).progress({ done: 0, total: 1, label: `receiving ${file.path}` });
          const parts = file.path.split(/[\\/]/).filter((p) => p !== '' && p !== '.');
          if (parts.length === 0 || parts.includes('..')) return;
          const target = path.join(temp, ...parts);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, Buffer.from(file.base64, 'base64'));
          tops.add(path.join(temp, parts[0]!));
        });
        const hide = (p: string): string => p.split(temp + path.sep).join('').split(temp).join('dropped files');
        return await withWorkspaceAsync(spec.workspace, ctx, (ws) => importEvidence(ws, [...tops], spec.actor, { ...hooks(ctx, false), label: hide }));
      } finally {
        fs.rmSync(temp, { recursive: true, force: true });
      }
    }
    case 'audit': {
      const ws = Workspace.open(spec.workspace, { create: false });
      try {
        trackWrites(ws, ctx.control);
        let lastBytes = 0;
        return await auditWorkspace(
          ws,
          spec.actor,
          {
            ...hooks(ctx),
            bytes: (file, done, total) => {
              checkCancel(ctx);
              const now = Date.now();
              if (now - lastBytes < 200 && done < total) return;
              lastBytes = now;
              ctx.progress({ done: Math.min(done, total), total: Math.max(total, 1), label: `reading ${file} (${Math.round(done / 1048576)} of ${Math.round(total / 1048576)} MB)` });
            },
          },
          spec.traffic,
        );
      } finally {
        ws.close();
      }
    }
    case 'report': {
      const ws = Workspace.open(spec.workspace, { create: false });
      try {
        trackWrites(ws, ctx.control);
        hooks(ctx).progress({ done: 0, total: 2, label: spec.sign ? 'building and signing the report' : 'building the report' });
        const report = await generateReport({
          workspace: ws,
          outFile: spec.outFile,
          overwrite: spec.overwrite,
          ...(spec.sign ? { sign: { p12: Buffer.from(spec.sign.p12), passphrase: spec.sign.passphrase } } : {}),
          ...(spec.sections ? { sections: spec.sections } : {}),
          ...(spec.classification !== undefined ? { classification: spec.classification } : {}),
          ...(spec.actor !== undefined ? { actor: spec.actor } : {}),
        });
        ctx.progress({ done: 2, total: 2, label: 'done' });
        const result: GeneratedReport = {
          kind: 'report',
          file: report.file,
          sha256: report.sha256,
          size: report.size,
          reportId: report.reportId,
          recordId: report.recordId,
          runId: report.runId,
          findings: report.findings,
          signer: report.signer && { fingerprint: report.signer.fingerprint, subject: report.signer.subject },
        };
        return result;
      } finally {
        ws.close();
      }
    }
    case 'identity': {
      const stored = new IdentityStore(spec.userDataDir).create(spec.identity);
      Atomics.store(ctx.control, PHASE, PHASE_COMMITTED);
      const { certPem: _cert, ...summary } = stored;
      return summary;
    }
  }
}
