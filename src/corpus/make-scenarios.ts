/**
 * Writes the hand-written scenarios of `scenarios/` by running the kernel
 * (`ScenarioRecorder`): every event is checked to be enabled when it is
 * recorded, and every scenario's expected outcome is checked before it is
 * written.
 *
 *   npx tsc -p tsconfig.build.json && node dist/corpus/make-scenarios.js [DIR]   (default DIR: scenarios)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paxosDef } from '../protocols/paxos/index.js';
import { ScenarioRecorder } from './recorder.js';
import { runScenario, type Scenario } from './scenario.js';

const PAXOS_2x3 = { proposers: 2, acceptors: 3, values: 2 };
const ACCEPTORS = ['A1', 'A2', 'A3'];

function thesisClient(): Scenario {
  const r = new ScenarioRecorder(paxosDef, 'thesis', PAXOS_2x3);
  for (let i = 0; i < 3; i++) r.local('P1', 'send_prepare');
  for (let i = 0; i < 3; i++) r.local('P2', 'send_prepare');
  for (const a of ACCEPTORS) r.deliver('P1', a, 'prepare_req');
  for (const a of ACCEPTORS) r.deliver('P2', a, 'prepare_req');
  for (const a of ACCEPTORS) r.deliver(a, 'P1', 'promise_resp');
  for (let i = 0; i < 3; i++) r.local('P1', 'send_accept');
  for (const a of ACCEPTORS) r.deliver('P1', a, 'accept_req'); // ignored: every acceptor now holds <2,2>
  for (const a of ACCEPTORS) r.deliver(a, 'P2', 'promise_resp');
  for (let i = 0; i < 3; i++) r.local('P2', 'send_accept');
  for (const a of ACCEPTORS) r.deliver('P2', a, 'accept_req');
  return r.toScenario(
    'thesis client',
    'Thesis chapter 5: the client starts two proposers (<1,1> and <2,2>) and three acceptors. Both broadcast their prepare_req; ' +
      'P1\'s reach the acceptors first, then P2\'s higher ones. Both collect a promise from every acceptor; P1\'s accept_req <1,1> is ' +
      'ignored (the acceptors hold <2,2>), P2\'s accept_req <2,2> is accepted by all three: the acceptors reach consensus on 2, as in the log of node 2 (5.3).',
    { invariantsHold: true, decided: 2 },
  );
}

function duelingProposers(): Scenario {
  const r = new ScenarioRecorder(paxosDef, 'classic', PAXOS_2x3);
  r.timer('P1', 'start'); // Phase 1a, ballot 1
  for (const a of ACCEPTORS) r.deliver('P1', a, 'prepare_req<1,');
  r.deliver('A1', 'P1', 'promise_resp<1,').deliver('A2', 'P1', 'promise_resp<1,'); // majority: P1 sends accept_req <1,1>
  r.timer('P2', 'start'); // ballot 2
  for (const a of ACCEPTORS) r.deliver('P2', a, 'prepare_req<2,');
  r.deliver('P1', 'A1', 'accept_req<1,').deliver('A1', 'P1', 'nack_resp<1,'); // A1 promised 2: P1 is preempted
  r.deliver('A1', 'P2', 'promise_resp<2,').deliver('A2', 'P2', 'promise_resp<2,'); // P2 sends accept_req <2,2>
  r.timer('P1', 'retry'); // ballot 3
  for (const a of ACCEPTORS) r.deliver('P1', a, 'prepare_req<3,');
  r.deliver('P2', 'A1', 'accept_req<2,').deliver('A1', 'P2', 'nack_resp<2,'); // P2 preempted in turn
  r.deliver('A1', 'P1', 'promise_resp<3,').deliver('A2', 'P1', 'promise_resp<3,'); // P1 sends accept_req <3,1>
  for (const a of ACCEPTORS) r.deliver('P1', a, 'accept_req<3,');
  r.settle();
  return r.toScenario(
    'dueling proposers',
    'Classic Paxos: P1 (ballot 1) and P2 (ballot 2) preempt each other: P1\'s accept_req is nacked after P2\'s prepare, P2\'s after P1\'s retry ' +
      'with ballot 3; P1 then gets <3,1> accepted by every acceptor. Agreement holds and 1 is the only value chosen.',
    { invariantsHold: true, decided: 1 },
  );
}

function proposerCrashMidBroadcast(): Scenario {
  const r = new ScenarioRecorder(paxosDef, 'thesis', PAXOS_2x3);
  r.local('P1', 'send_prepare'); // only A1 gets P1's prepare_req
  r.crash('P1'); // crash-stop in the middle of the broadcast
  r.deliver('P1', 'A1', 'prepare_req'); // A1 promises <1,1> to a proposer that is gone
  for (let i = 0; i < 3; i++) r.local('P2', 'send_prepare'); // P2's whole broadcast first: it listens only once it is done
  r.settle(); // P2 collects its promises and gets <2,2> accepted
  return r.toScenario(
    'proposer crashes mid-broadcast',
    'Thesis variant: a broadcast is a sequence of send_prepare steps, so a crash can cut it short. P1 sends prepare_req to A1 only and ' +
      'crashes for good; A1 promises <1,1>. P2 still collects a promise from every acceptor (2 > 1) and gets <2,2> accepted: 2 is chosen.',
    { invariantsHold: true, decided: 2 },
  );
}

function acceptorCrashRecover(): Scenario {
  const r = new ScenarioRecorder(paxosDef, 'classic', PAXOS_2x3);
  r.timer('P1', 'start');
  for (const a of ACCEPTORS) r.deliver('P1', a, 'prepare_req');
  r.deliver('A1', 'P1', 'promise_resp').deliver('A2', 'P1', 'promise_resp'); // P1 sends accept_req <1,1>
  r.timer('P2', 'start');
  r.deliver('P2', 'A1', 'prepare_req'); // A1 promises ballot 2 (and persists it)
  r.crash('A1').recover('A1'); // restarts from its durable state
  r.deliver('P1', 'A1', 'accept_req'); // A1 still remembers ballot 2: nack, not accept
  r.settle();
  return r.toScenario(
    'acceptor crashes and recovers',
    'Classic Paxos: A1 promises ballot 2 to P2, crashes and recovers; since acceptors persist before answering, it still refuses ' +
      'P1\'s accept_req for ballot 1 (nack). P1\'s <1,1> is accepted by A2 and A3 and chosen; P2 later learns it. Agreement holds.',
    { invariantsHold: true, decided: 1 },
  );
}

function minorityPartition(): Scenario {
  const r = new ScenarioRecorder(paxosDef, 'classic', PAXOS_2x3);
  r.isolate('A3');
  r.timer('P1', 'start'); // A3 cannot hear it
  for (const a of ['A1', 'A2']) r.deliver('P1', a, 'prepare_req');
  for (const a of ['A1', 'A2']) r.deliver(a, 'P1', 'promise_resp');
  for (const a of ['A1', 'A2']) r.deliver('P1', a, 'accept_req');
  r.heal();
  r.settle();
  return r.toScenario(
    'minority partition',
    'Classic Paxos with acceptor A3 partitioned away: P1 still gathers a majority (A1, A2) in both phases and <1,1> is chosen; ' +
      'after the partition heals everyone converges on 1.',
    { invariantsHold: true, decided: 1 },
  );
}

function lostAccept(): Scenario {
  const r = new ScenarioRecorder(paxosDef, 'classic', PAXOS_2x3);
  r.timer('P1', 'start');
  for (const a of ACCEPTORS) r.deliver('P1', a, 'prepare_req');
  r.deliver('A1', 'P1', 'promise_resp').deliver('A2', 'P1', 'promise_resp'); // P1 sends accept_req <1,1>
  r.drop('P1', 'A1', 'accept_req').drop('P1', 'A2', 'accept_req'); // two of them are lost
  r.deliver('P1', 'A3', 'accept_req'); // only A3 accepts: nothing is chosen yet
  r.timer('P1', 'retry'); // P1 times out and retries with ballot 3
  for (const a of ACCEPTORS) r.deliver('P1', a, 'prepare_req');
  r.deliver('A3', 'P1', 'promise_resp').deliver('A1', 'P1', 'promise_resp'); // A3's promise carries accepted <1,1>
  r.settle();
  return r.toScenario(
    'lost accept',
    'Classic Paxos: two of P1\'s three accept_req are lost, so only A3 accepts <1,1> and nothing is chosen. P1 times out and retries with ' +
      'ballot 3; A3\'s promise reports its accepted <1,1>, so P1 proposes 1 again and it is chosen.',
    { invariantsHold: true, decided: 1 },
  );
}

function pythonSimAmnesia(): Scenario {
  const r = new ScenarioRecorder(paxosDef, 'thesis-python-sim', { proposers: 3, acceptors: 3, values: 2 }, ['agreement']);
  const acceptToA3 = (e: { k: string; id?: number }): boolean => {
    if (e.k !== 'deliver') return true;
    const env = r.ex.w.net.get(e.id!)!;
    return !(env.to === r.node('A3') && r.ex.w.proto.showMsg(env.msg).startsWith('accept_req'));
  };
  const only = (p: string) => (e: { k: string; id?: number; node?: number }): boolean =>
    (e.k === 'deliver' && acceptToA3(e)) || (e.k === 'local' && e.node === r.node(p));
  r.settle(only('P1')); // P1's whole round; its accept_req to A3 stays in flight: A4 and A5 choose <1,1>
  r.crash('A4').recover('A4').crash('A5').recover('A5'); // nothing is durable: they restart empty
  r.settle(only('P2')); // P2 gets every promise and <2,2> is accepted by A4 and A5
  const sc = r.toScenario(
    'python-sim acceptor amnesia',
    'thesis-python-sim with 3 proposers: acceptors persist nothing. P1\'s round gets <1,1> accepted by A4 and A5 (chosen); both restart ' +
      'empty; P2 (registered before P3 takes over Python id 3) then gets a promise from every acceptor and <2,2> accepted by A4 and A5: two values chosen.',
    { violation: 'agreement' },
  );
  return sc;
}

function pythonSimIdClash(): Scenario {
  const r = new ScenarioRecorder(paxosDef, 'thesis-python-sim', PAXOS_2x3);
  r.local('P2', 'add_proc'); // proposer 2 registers Python id 2 — acceptor 2's id
  r.settle();
  return r.toScenario(
    'python-sim id clash',
    'thesis-python-sim (appendix D as written): node ids overlap, and once proposer 2 registers id 2 every message meant for acceptor 2 ' +
      'lands in a proposer\'s inbox. No proposer ever gets a promise from every acceptor: nothing is chosen and nothing can happen (liveness).',
    { violation: 'liveness' },
  );
}

const dir = process.argv[2] ?? 'scenarios';
mkdirSync(dir, { recursive: true });
const all: [string, Scenario][] = [
  ['thesis-client', thesisClient()],
  ['dueling-proposers', duelingProposers()],
  ['proposer-crash-mid-broadcast', proposerCrashMidBroadcast()],
  ['acceptor-crash-recover', acceptorCrashRecover()],
  ['minority-partition', minorityPartition()],
  ['lost-accept', lostAccept()],
  ['python-sim-amnesia', pythonSimAmnesia()],
  ['python-sim-id-clash', pythonSimIdClash()],
];
let bad = 0;
for (const [file, sc] of all) {
  const res = runScenario(sc, file);
  if (!res.ok) {
    bad++;
    process.stderr.write(`${file}: ${res.problems.join('; ')}\n`);
    continue;
  }
  writeFileSync(join(dir, `${file}.json`), JSON.stringify(sc, null, 1) + '\n');
  process.stdout.write(`wrote ${join(dir, `${file}.json`)} (${sc.schedule.length} events)\n`);
}
process.exit(bad === 0 ? 0 : 1);
