/**
 * The protocol registry: every protocol the CLI, the property suites and the
 * explorer know about. To plug in a protocol of your own, export a
 * `ProtocolDef` and add it here (see README, "Plugging in a protocol").
 */
import type { ProtocolDef } from '../kernel/definition.js';
import { paxosDef } from './paxos/index.js';

export const protocols: ProtocolDef[] = [paxosDef];

export function findProtocol(name: string): ProtocolDef | undefined {
  return protocols.find((p) => p.name === name);
}
import { paxosstoreDef } from './paxosstore/index.js'; protocols.push(paxosstoreDef); // registers paxosstore
