/**
 * The `commands` schedule encoding: structured steps as fast-check
 * `Command`s. A command's `check` is "an event of my kind is enabled", so
 * impossible steps are skipped rather than executed as no-ops, and the
 * commands shrinker drops the ones that never ran. Commands do not execute
 * anything themselves: `run` only names the step's events, and the one
 * execution loop plays them (`stepsPolicy`), exactly as `fc.modelRun` would
 * (check, then run, command after command). The model holds the execution
 * (the "real" system is the same world: the kernel is deterministic, so
 * there is nothing to compare it against).
 */
import fc from 'fast-check';
import type { Event } from '../kernel/events.js';
import type { FaultMask } from '../kernel/world.js';
import { activeArb, structuredStepArb, type StructuredStep } from './arbitraries.js';
import type { Execution, ExecutionOptions } from '../kernel/execution.js';
import { finish } from '../kernel/liveness.js';
import type { ChangeTracker } from '../kernel/observers/changes.js';
import { pickRestart, pickStructured, scheduleExecution, stepsPolicy, structuredEvents } from './interpret.js';
import type { ScheduleTarget } from '../kernel/target.js';

export interface CommandModel {
  readonly ex: Execution;
  readonly changes: ChangeTracker;
  readonly mask: FaultMask;
  readonly active?: readonly boolean[] | undefined;
  /** The events the last command that ran picked. */
  picked: readonly Event[];
}

export class StepCommand implements fc.Command<CommandModel, unknown> {
  constructor(readonly step: StructuredStep) {}
  check(m: Readonly<CommandModel>): boolean {
    if (m.ex.done) return false;
    if (this.step.kind === 'restart') return pickRestart(m.ex, m.changes, m.mask, this.step.pick) >= 0;
    return pickStructured(m.ex.enabled(m.mask, m.active), this.step) !== undefined;
  }
  run(m: CommandModel): void {
    m.picked = structuredEvents(m.ex, m.changes, m.mask, this.step, m.active);
  }
  toString(): string {
    return `${this.step.kind}:${this.step.pick}`;
  }
}

export interface CommandsInput {
  readonly mask: FaultMask;
  readonly active?: readonly boolean[] | undefined;
  readonly cmds: Iterable<fc.Command<CommandModel, unknown>>;
}

/**
 * Fault mask plus a command sequence (at most `maxCommands`). `size: 'max'`
 * matters: by default `fc.commands` generates at most about ten commands,
 * far too few to reach a deep state.
 */
export function commandsScheduleArb(t: ScheduleTarget, maskArb: fc.Arbitrary<FaultMask>, maxCommands: number): fc.Arbitrary<CommandsInput> {
  const cmd = structuredStepArb(t.faults).map((s) => new StepCommand(s) as fc.Command<CommandModel, unknown>);
  return fc.record({ mask: maskArb, active: activeArb(t.proto.nodeCount), cmds: fc.commands([cmd], { maxCommands, size: 'max', disableReplayLog: true }) });
}

/** Runs a command sequence (`fc.modelRun`'s semantics: each command whose check passes runs), then the canonical ending. */
export function runCommands(t: ScheduleTarget, input: CommandsInput, o?: ExecutionOptions): Execution {
  const { ex, changes } = scheduleExecution(t, o);
  const model: CommandModel = { ex, changes, mask: input.mask, active: input.active, picked: [] };
  const cmds = input.cmds[Symbol.iterator]();
  ex.run(stepsPolicy(() => {
    for (let c = cmds.next(); !c.done; c = cmds.next())
      if (c.value.check(model)) {
        c.value.run(model, undefined);
        return model.picked;
      }
    return undefined;
  }));
  finish(ex, t);
  return ex;
}
