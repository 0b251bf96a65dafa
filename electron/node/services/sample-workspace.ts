/**
 * The sample audit: the fictional clinic API's spec, its Kong configuration and a morning of its
 * access log (assets/samples), imported and audited into a workspace in the user-data folder on
 * first use. Built by the same jobs the UI runs (a dropped-files import, then an audit run), at a
 * temporary name that becomes the sample only once it is complete, so a failure leaves nothing
 * half-built behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workspace } from '../workspace/index.js';
import type { JobRunner, RawOutcome } from './jobs/job-runner.js';
import { ServiceError } from './service-error.js';

/** The sample's evidence, as it is imported (names as findings cite them). */
export const SAMPLE_FILES = ['clinic-api.yaml', 'clinic-kong.yaml', 'clinic-access.log'] as const;

export const SAMPLE_META = {
  name: 'Northwind Clinic API (sample)',
  client: 'Northwind Clinic (fictional)',
  auditor: '',
  scope: 'The sample bundled with Gatehouse: the clinic API description, the Kong configuration in front of it and one morning of its access log (assets/samples).',
  classification: 'sample',
};

const SAMPLE_ACTOR = 'Gatehouse sample';

export function sampleFile(userDataDir: string): string {
  return path.join(userDataDir, 'samples', 'northwind-clinic-sample.gatehouse');
}

/** assets/samples beside the app: walks up from this module (build/… or the source tree, inside app.asar too). */
export function findSamplesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'assets', 'samples');
    if (fs.existsSync(path.join(candidate, SAMPLE_FILES[0]))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new ServiceError('not-available', 'The sample evidence (assets/samples) is not part of this installation.');
}

function expectDone(outcome: RawOutcome, what: string): unknown {
  if (outcome.state === 'done') return outcome.result;
  if (outcome.state === 'failed') throw new ServiceError(outcome.error.code, `${what}: ${outcome.error.message}`);
  throw new ServiceError('cancelled', `${what} was cancelled.`);
}

/** Builds the sample workspace at `file` (which must not exist yet). */
export async function buildSample(runner: JobRunner, file: string, samplesDir: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.building`;
  const cleanup = (target: string) => {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
  };
  try {
    const files = SAMPLE_FILES.map((name) => {
      const source = path.join(samplesDir, name);
      if (!fs.existsSync(source)) throw new ServiceError('not-available', `The sample evidence ${name} is missing from ${samplesDir}.`);
      return { path: name, base64: fs.readFileSync(source).toString('base64') };
    });
    const ws = Workspace.open(temp, { create: true });
    try {
      ws.init(SAMPLE_META, SAMPLE_ACTOR);
    } finally {
      ws.close();
    }
    const imported = expectDone(await runner.start({ kind: 'import-dropped', workspace: temp, files, actor: SAMPLE_ACTOR }).outcome, 'Importing the sample') as {
      files?: { name: string; status: string }[];
      problems?: { message: string }[];
    };
    const got = new Set((imported.files ?? []).filter((f) => f.status !== 'error').map((f) => f.name));
    const missing = SAMPLE_FILES.filter((name) => !got.has(name));
    if (missing.length) throw new ServiceError('internal', `The sample could not be imported (${missing.join(', ')}): ${(imported.problems ?? []).map((p) => p.message).join('; ') || 'no reason given'}`);
    expectDone(await runner.start({ kind: 'audit', workspace: temp, actor: SAMPLE_ACTOR, traffic: { maskUrls: true } }).outcome, 'Auditing the sample');
    if (fs.existsSync(file)) throw new ServiceError('already-exists', `${file} appeared while the sample was being built.`);
    fs.renameSync(temp, file);
    for (const suffix of ['-wal', '-shm']) if (fs.existsSync(temp + suffix)) fs.renameSync(temp + suffix, file + suffix);
  } finally {
    cleanup(temp);
  }
}
