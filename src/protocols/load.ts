/**
 * Where a protocol comes from: a built-in name (`paxos`, `paxosstore`) or a
 * user's JavaScript module (`--protocol ./my-protocol.js`) whose default
 * export, or export named `protocol`, is a protocol definition. Every
 * definition is checked (`protocolDefProblem`) before use; anything wrong is
 * an `InputError` with one line.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyProtocolDef } from '../kernel/definition.js';
import { protocolDefProblem } from '../kernel/define-protocol.js';
import { InputError } from '../kernel/input-error.js';
import { findProtocol, protocols } from './index.js';

/** A protocol definition, and the absolute path of the module it came from (user protocols). */
export interface LoadedProtocol {
  readonly def: AnyProtocolDef;
  readonly module?: string;
}

/** True when `spec` names a module file rather than a built-in protocol. */
export function isModuleSpec(spec: string): boolean {
  return spec.includes('/') || spec.includes('\\') || /\.[cm]?[jt]s$/.test(spec);
}

/** What `--protocol` accepts, for error messages. */
export function acceptedProtocols(): string {
  return `${protocols.map((p) => p.name).join(', ')}, or a path to a module (./my-protocol.js)`;
}

/** Resolves a built-in name or a module path (relative to `base`, default the working directory). */
export async function loadProtocol(spec: string, base = process.cwd()): Promise<LoadedProtocol> {
  if (!isModuleSpec(spec)) {
    const def = findProtocol(spec);
    if (def === undefined) throw new InputError(`unknown protocol "${spec}"; accepted: ${acceptedProtocols()}`);
    return { def };
  }
  const path = isAbsolute(spec) ? spec : resolve(base, spec);
  if (/\.[cm]?ts$/.test(path)) throw new InputError(`protocol module ${spec} is TypeScript; build it to JavaScript first (e.g. with tsc) and pass the .js file`);
  if (!existsSync(path)) throw new InputError(`protocol module ${spec} not found (looked for ${path})`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    throw new InputError(`cannot load protocol module ${spec}: ${String((e as Error).message ?? e).split('\n')[0]}`);
  }
  const def = pickDefinition(mod);
  if (def === undefined) throw new InputError(`protocol module ${spec} exports no protocol definition; export one as default or as "protocol" (see defineProtocol)`);
  const problem = protocolDefProblem(def);
  if (problem !== undefined) throw new InputError(`protocol module ${spec}: ${problem}`);
  return { def: def as AnyProtocolDef, module: path };
}

/** The default export, or the export named `protocol` (also through a CommonJS default). */
function pickDefinition(mod: Record<string, unknown>): unknown {
  const d = mod['default'];
  if (typeof d === 'object' && d !== null && 'variants' in d) return d;
  if (mod['protocol'] !== undefined) return mod['protocol'];
  if (typeof d === 'object' && d !== null && 'protocol' in d) return (d as Record<string, unknown>)['protocol'];
  return undefined;
}
