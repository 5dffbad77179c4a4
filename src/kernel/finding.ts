/**
 * Findings have kinds (TigerBeetle): `safety` (an invariant broke), `liveness`
 * (no decision within the bound once faults stopped) and `crash` (protocol
 * code threw). The harness failing itself is not a finding but exit status 3.
 */
export type FindingKind = 'safety' | 'liveness' | 'crash';

export interface Finding {
  readonly kind: FindingKind;
  /** Invariant name; `liveness` or `crash` for the other kinds. */
  readonly invariant: string;
  readonly message: string;
  /** Number of events executed when it was detected (1-based position in the schedule). */
  readonly step: number;
}
