/**
 * Entry of the job worker thread: runs one JobSpec, posts progress and one final message
 * (done / failed / cancelled), then ends. Any crash (an uncaught error, running out of memory,
 * the thread being stopped) ends the thread without a final message; main reports it as
 * `worker-crashed`, and the workspace is as it was because nothing was committed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toApiError } from '../to-api-error.js';
import { JobCancelled, runJob } from './job-handlers.js';
import type { JobWorkerData, WorkerMessage } from './job-protocol.js';

function post(message: WorkerMessage): void {
  // Looked up at each call (not captured), so a test harness can observe the messages.
  parentPort!.postMessage(message);
}

const { spec, control } = workerData as JobWorkerData;
const flags = new Int32Array(control);

try {
  const result = await runJob(spec, { control: flags, progress: (progress) => post({ type: 'progress', progress }) });
  post({ type: 'done', result });
} catch (error) {
  if (error instanceof JobCancelled) post({ type: 'cancelled' });
  else post({ type: 'failed', error: toApiError(error) });
}
