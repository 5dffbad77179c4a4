/**
 * Sources of choices for a state generator (`InductDef.generate`), in the
 * manner of Hypothesis's choice sequences: a generator is a program that asks
 * for small integers, so
 * - fast-check draws the integers as an array and shrinks it (shorter, and
 *   toward 0, the simplest choice), which shrinks the state it builds;
 * - the exhaustive mode runs the program once per sequence of choices,
 *   depth first, so every state the generator can build is built once.
 */
import type { Choose } from '../kernel/definition.js';

/** Choices read from a fixed array (`n` choices: element mod n); past its end every choice is 0. */
export function arrayChoices(xs: readonly number[]): Choose {
  let i = 0;
  return (n) => (n <= 1 ? 0 : i < xs.length ? xs[i++]! % n : 0);
}

/**
 * Every sequence of choices of `program`, depth first: calls `visit` with
 * the result of each run, and stops early when `visit` returns false or
 * after `limit` runs. Returns the number of runs and whether it finished.
 */
export function enumerateChoices<T>(program: (choose: Choose) => T, visit: (t: T) => boolean, limit = Number.MAX_SAFE_INTEGER): { runs: number; complete: boolean } {
  const taken: number[] = [];
  const bound: number[] = [];
  let runs = 0;
  for (;;) {
    let i = 0;
    const choose: Choose = (n) => {
      if (n <= 1) return 0;
      if (i < taken.length) {
        if (bound[i] !== n) throw new Error(`induct: a generator asked ${n} choices where it asked ${bound[i]} before; generators must be deterministic`);
        return taken[i++]!;
      }
      taken.push(0);
      bound.push(n);
      i++;
      return 0;
    };
    const t = program(choose);
    taken.length = i;
    bound.length = i;
    runs++;
    if (!visit(t)) return { runs, complete: false };
    // Next sequence: the deepest choice that can still grow, grown; everything after it dropped.
    let k = taken.length - 1;
    while (k >= 0 && taken[k]! + 1 >= bound[k]!) k--;
    if (k < 0) return { runs, complete: true };
    taken[k]!++;
    taken.length = k + 1;
    bound.length = k + 1;
    if (runs >= limit) return { runs, complete: false };
  }
}
