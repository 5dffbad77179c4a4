/**
 * TLA+ `EXCEPT` on a view row, with the exact TLA+ meaning.
 *
 * `[f EXCEPT ![c1] = e1, ..., ![cn] = en]` is by definition
 * `[[f EXCEPT ![c1] = e1, ..., ![cn-1] = en-1] EXCEPT ![cn] = en]`
 * (Lamport, *Specifying Systems*, the definition of EXCEPT; TLC evaluates it
 * the same way, clause by clause, binding `@` to the value at the path in the
 * function built so far). Hence, in clause `i`:
 * - `@` is the field's value AFTER clauses `1..i-1` (it differs from the old
 *   value only when an earlier clause wrote the same path);
 * - an explicit `state[q][p].f` on a right-hand side always denotes the OLD
 *   state, since `state` is the unprimed variable.
 *
 * `UpdateState(q, p, pp)` with `q = p` is the case where this matters: its
 * `![q][p]` and `![q][q]` clauses then write the same record.
 */
import type { Rec, Row } from './types.js';

/** A field of a `State` record. */
export type Field = keyof Rec;

/**
 * Builds a row clause by clause. `at(i, f)` is `@` for path `[i].f` (the
 * current, partially updated value); `set` applies one `![i].f = e` clause.
 */
export class ExceptBuilder {
  private row: Rec[] | undefined;

  constructor(private readonly old: Row) {}

  /** `@` for path `![i].f`: the value in the function built so far. */
  at(i: number, f: Field): number {
    return (this.row ?? this.old)[i]![f];
  }

  /** Applies clause `![i].f = rhs(@)`. */
  set(i: number, f: Field, rhs: (at: number) => number): this {
    const cur = this.row ?? this.old;
    const before = cur[i]!;
    const value = rhs(before[f]);
    if (value === before[f]) return this;
    if (this.row === undefined) this.row = this.old.slice();
    this.row[i] = { ...before, [f]: value };
    return this;
  }

  /** The resulting row; the identical `old` object when no clause changed anything. */
  done(): Row {
    return this.row === undefined ? this.old : Object.freeze(this.row);
  }
}

/** `[state[p] EXCEPT ![i].f1 = e1, ...]` starting from `old`. */
export function except(old: Row): ExceptBuilder {
  return new ExceptBuilder(old);
}
