/**
 * The worker thread of `fuzz`, `explore`, `campaign` and `mutants` (background.ts): runs
 * the command's work and posts what it says, its progress, the findings it
 * hands over and its result to the main thread, which takes the signals.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { contextPosting, errorMessage, type Job, type JobWork } from './background.js';
import { noPretenuring } from '../search/pretenuring.js';

// In the thread that runs the work, before it runs (pretenuring.ts).
noPretenuring();

/** Each command's work, loaded only when asked for (a worker starts with one). */
const WORK: Readonly<Record<Job['command'], () => Promise<JobWork<unknown>>>> = {
  fuzz: async () => (await import('./fuzz.js')).fuzzWork,
  explore: async () => (await import('./explore.js')).exploreWork,
  campaign: async () => (await import('./campaign.js')).campaignWork,
  mutants: async () => (await import('./mutants.js')).mutantsWork,
};

const { job, stop } = workerData as { job: Job; stop: SharedArrayBuffer };
const port = parentPort!;
const post = (m: Parameters<Parameters<typeof contextPosting>[0]>[0]): void => port.postMessage(m);
try {
  const work = await WORK[job.command]();
  const result = await work(job, contextPosting(post, new Int32Array(stop)));
  post({ t: 'done', result });
} catch (e) {
  post(errorMessage(e));
}
