/**
 * The built-in protocols: the two of the seed documents. They are written
 * against the same public API as a user's protocol (`defineProtocol`), and
 * the CLI loads any other protocol from a module (`--protocol ./module.js`,
 * see load.ts) — nothing needs to be added here to plug one in.
 */
import type { AnyProtocolDef } from '../kernel/definition.js';
import { defineProtocol } from '../kernel/define-protocol.js';
import { paxosDef } from './paxos/index.js';
import { paxosstoreDef } from './paxosstore/index.js';

export const protocols: readonly AnyProtocolDef[] = [defineProtocol(paxosDef), defineProtocol(paxosstoreDef)];

/** A built-in protocol by name. */
export function findProtocol(name: string): AnyProtocolDef | undefined {
  return protocols.find((p) => p.name === name);
}
