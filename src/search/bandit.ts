/**
 * Who takes the next turn of an `all` campaign: a deterministic bandit over
 * the strategies (UCB1 on a decaying reward). A turn's reward is the new
 * coverage slots its runs hit per thousand units of work (events plus the
 * candidate events examined, `BatchResult.work`); novelty
 * dries up as a campaign goes on, so each strategy's value is a moving
 * average that forgets old turns, and UCB's exploration term keeps giving
 * every strategy — fast-check and the finding-only ones included — an
 * occasional turn. Rewards are counts, never timings, so the turns are a
 * pure function of the runs, hence of the seed.
 */

/** Weight of the newest turn in a strategy's moving average. */
const DECAY = 0.3;
/** Exploration weight (rewards are normalised by the best value, so 0..1 plus this). */
const EXPLORE = 0.5;
/**
 * Largest share of the turns one strategy may take. Novelty is not the bug:
 * on thesis-python-sim 3x3, `guided-des` keeps finding new states and took
 * 96% of the turns, while the DES and PCT, which find that agreement bug in
 * a second or two of their own work, starved (seed 20: not found in 30 s;
 * with the cap, 11 s). Where the leader stays under it (the seed spec, where
 * the DES leads) nothing changes.
 */
const CAP = 0.85;

export class Bandit {
  private readonly turns: number[];
  private readonly value: number[];
  private total = 0;

  constructor(readonly arms: number) {
    this.turns = new Array(arms).fill(0);
    this.value = new Array(arms).fill(0);
  }

  /** The arm of the next turn: each arm once in order, then the highest upper confidence bound (ties: the lower index), unless that arm already had `CAP` of the turns. */
  next(): number {
    for (let i = 0; i < this.arms; i++) if (this.turns[i] === 0) return i;
    const best = Math.max(...this.value);
    const bound = (i: number) => (best > 0 ? this.value[i]! / best : 0) + EXPLORE * Math.sqrt(Math.log(this.total) / this.turns[i]!);
    let arm = 0;
    for (let i = 1; i < this.arms; i++) if (bound(i) > bound(arm)) arm = i;
    if (this.turns[arm]! <= CAP * this.total) return arm;
    // Past its cap, the leader yields the turn to the best of the others.
    let other = arm === 0 ? 1 : 0;
    for (let i = 0; i < this.arms; i++) if (i !== arm && bound(i) > bound(other)) other = i;
    return other;
  }

  /** Records a turn of `arm`: `novel` new coverage slots for `work` units of work. */
  reward(arm: number, novel: number, work: number): void {
    const r = work > 0 ? (1000 * novel) / work : 0;
    this.value[arm] = this.turns[arm] === 0 ? r : (1 - DECAY) * this.value[arm]! + DECAY * r;
    this.turns[arm]!++;
    this.total++;
  }
}
