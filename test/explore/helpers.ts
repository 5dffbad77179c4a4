/** Shared helpers for the explorer tests. */
import { findInvariant, findVariant, type Config, type InvariantDef, type ProtocolDef } from '../../src/kernel/definition.js';
import type { AnyProtocol } from '../../src/kernel/protocol.js';
import type { FaultMask } from '../../src/kernel/world.js';
import { paxosDef } from '../../src/protocols/paxos/index.js';
import { paxosstoreDef } from '../../src/protocols/paxosstore/index.js';

export { paxosDef, paxosstoreDef };

/** A protocol instance of a registered variant. */
export function build(def: ProtocolDef, variant: string, cfg: Config): AnyProtocol {
  const v = findVariant(def, variant);
  if (!v) throw new Error(`no variant ${variant}`);
  return v.build(cfg);
}

/** Invariants by name. */
export function invariants(def: ProtocolDef, names: readonly string[]): InvariantDef[] {
  return names.map((n) => {
    const inv = findInvariant(def, n);
    if (!inv) throw new Error(`no invariant ${n}`);
    return inv;
  });
}

/** The invariants a variant keeps. */
export function kept(def: ProtocolDef, variant: string): InvariantDef[] {
  return invariants(def, findVariant(def, variant)!.keeps);
}

/** Crash-recover faults, one node down at a time. */
export const CRASH: FaultMask = { drop: false, duplicate: false, crash: true, partition: false, maxCrashed: 1 };
/** Every finite-state fault: loss, crash-recover, partitions (duplication would make models infinite). */
export const LOSSY: FaultMask = { drop: true, duplicate: false, crash: true, partition: true, maxCrashed: 1 };
