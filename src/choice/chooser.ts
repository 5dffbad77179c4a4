/**
 * One choice interface, several sources (TigerBeetle's PRNG, Stateright's
 * `Chooser`): every nondeterministic decision in a simulation path goes
 * through `choose(n)`. Sources: a seeded PRNG (DES), a recorded array
 * (fast-check schedules and replay) and an odometer (exhaustive enumeration).
 */
export interface Chooser {
  /** An integer in [0, n). `n` must be >= 1. */
  choose(n: number): number;
}

/** Replays recorded picks; past the end, or for an out-of-range pick, takes the canonical choice 0 or wraps modulo n. */
export class RecordedChooser implements Chooser {
  private i = 0;
  constructor(private readonly picks: readonly number[]) {}
  choose(n: number): number {
    if (this.i >= this.picks.length) return 0;
    const p = this.picks[this.i++]!;
    return ((p % n) + n) % n;
  }
  get used(): number {
    return this.i;
  }
}

/**
 * Enumerates every sequence of choices, depth-first, like exhaustigen: call
 * `choose` during a run, then `next()` to advance to the next sequence.
 */
export class OdometerChooser implements Chooser {
  private readonly digits: number[] = [];
  private readonly radix: number[] = [];
  private pos = 0;
  choose(n: number): number {
    if (this.pos === this.digits.length) {
      this.digits.push(0);
      this.radix.push(n);
    }
    this.radix[this.pos] = n;
    return this.digits[this.pos++]!;
  }
  /** Moves to the next sequence; false when all have been enumerated. */
  next(): boolean {
    this.digits.length = this.pos;
    this.radix.length = this.pos;
    this.pos = 0;
    while (this.digits.length > 0) {
      const last = this.digits.length - 1;
      if (this.digits[last]! + 1 < this.radix[last]!) {
        this.digits[last]!++;
        return true;
      }
      this.digits.pop();
      this.radix.pop();
    }
    return false;
  }
}
