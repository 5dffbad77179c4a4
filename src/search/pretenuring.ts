/**
 * Turns off V8's allocation-site pretenuring, once per process, for the
 * guided strategies. The command line, its worker threads and the
 * benches call it as they start, before any run (a site V8 has already
 * chosen to pretenure stays pretenured); the library leaves the process's V8 flags alone, and a
 * program of its own gets the same with `node
 * --no-allocation-site-pretenuring`.
 *
 * A guided run takes snapshots at its novelty points, and a snapshot holds
 * on to the objects the run allocated (node states, envelopes, timers).
 * Seeing those objects survive, V8 starts allocating their sites' objects
 * directly in the old space; most of them then die at once (the run goes
 * on, or the snapshot is never kept), but as dead old objects they still
 * point into the young generation, so every scavenge copies what they point
 * to and promotes it: with guided-des on paxos classic 2x3, some 2.5 MB per
 * scavenge and 20 ms pauses every 35 ms, even with snapshots kept nowhere
 * or a corpus of 16 entries (`--trace-gc-nvp`; docs/guided-search.md, "What
 * steering costs"). Without pretenuring, the same runs promote a few hundred
 * KB per scavenge and pause about 5 ms. It is a GC heuristic only: which
 * runs happen, and everything they compute, is unchanged.
 */
import { setFlagsFromString } from 'node:v8';

let done = false;

export function noPretenuring(): void {
  if (done) return;
  done = true;
  setFlagsFromString('--no-allocation-site-pretenuring');
}
