import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { HistoryAndWorkflowId } from '@temporalio/common';
import { DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { promiseHooks } from 'node:v8';
import vm from 'node:vm';
import { join, resolve } from 'node:path';
import { bundleCaseWorkflows } from '@onewindow/workflows/bundle';
import { costsInWindow, SourceLocator, type CpuProfile } from './cpu-profile';
import { flagArg, numberArg } from './stack';

/**
 * `npm run bench:replay -- --copies 20`: what replaying a case's history costs, from the recorded fixtures
 * (test/fixtures/histories), for the two designs the same cases were recorded with: the 2026-12c histories of the
 * local-activity design and their `2026-12c-remote-activities-*` twins (the same commands, activities as tasks).
 * Each design's histories are replayed `--copies` times against today's bundle, twice timed (in the order A B B A),
 * then once counted (calls into the workflow's V8 context and promises created inside it, two per-unit costs the CPU
 * profiles of replay show: every call runs under the SDK's `isolateExecutionTimeout` watchdog, and every promise has
 * its stack captured for the stack-trace query). A third figure times a call into a V8 context with and without a
 * timeout. `--profile` adds a pass per design under the V8 profiler: the modules and the functions with the most self
 * time (shares of the busy samples; the workflow bundle's own frames are not mapped back to their sources). Needs no
 * server; prints markdown.
 */

const ROOT = resolve(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'histories');
const TWIN = '2026-12c-remote-activities-';

interface Measured {
  design: string;
  histories: number;
  eventsPerHistory: number;
  perSecond: number;
  callsPerHistory: number;
  promisesPerHistory: number;
}

function load(name: string, copy: number): HistoryAndWorkflowId {
  const json = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as unknown;
  return { workflowId: `${name}-${copy}`, history: historyFromJSON(json) };
}

async function replayAll(bundle: WorkflowBundleWithSourceMap, histories: HistoryAndWorkflowId[]): Promise<number> {
  const began = process.hrtime.bigint();
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: bundle, replayName: 'replay-cost' },
    histories,
  ))
    if (result.error) throw new Error(`${result.workflowId} did not replay: ${String(result.error)}`);
  return Number(process.hrtime.bigint() - began) / 1e9;
}

/** Calls into a workflow context and promises made in one, while `run` runs (the counters slow it: never timed). */
async function counted(run: () => Promise<unknown>): Promise<{ calls: number; promises: number }> {
  let calls = 0;
  let promises = 0;
  const original = vm.Script.prototype.runInContext;
  vm.Script.prototype.runInContext = function (this: vm.Script, ...args: Parameters<vm.Script['runInContext']>) {
    calls += 1;
    return original.apply(this, args) as unknown;
  };
  // A promise made inside a workflow's context has that context's Promise as its constructor.
  const stop = promiseHooks.onInit((promise) => {
    if (promise.constructor !== Promise) promises += 1;
  }) as () => void; // typed `Function` in @types/node
  try {
    await run();
  } finally {
    stop();
    vm.Script.prototype.runInContext = original;
  }
  return { calls, promises };
}

/** Where a replay of `histories` spends its CPU: the top functions by self time, and the shares of some modules. */
async function profiled(bundle: WorkflowBundleWithSourceMap, histories: HistoryAndWorkflowId[]): Promise<string[]> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 1000 });
    await session.post('Profiler.start');
    await replayAll(bundle, histories);
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    const cost = costsInWindow(
      profile,
      { name: 'replay', startUs: profile.startTime, endUs: profile.endTime, cases: histories.length },
      new SourceLocator(),
    );
    const share = (samples: number) => `${((100 * samples) / cost.busySamples).toFixed(1)} %`;
    return [
      `busy ${cost.busySamples} samples of 1 ms; self time by module: ` +
        cost.modules
          .slice(0, 6)
          .map((one) => `${one.module} ${share(one.selfSamples)}`)
          .join(', '),
      '',
      '| function (self time) | share |',
      '|---|---|',
      ...cost.functions.slice(0, 8).map((one) => `| \`${one.name}\` | ${share(one.selfSamples)} |`),
    ];
  } finally {
    session.disconnect();
  }
}

/** µs per call into a V8 context: plain, and with a timeout (Node starts a watchdog for each such call). */
function contextCallCost(calls: number): { plain: number; timed: number } {
  const context = vm.createContext({ counter: 0 }, { microtaskMode: 'afterEvaluate' });
  const script = new vm.Script('counter += 1');
  const time = (options: vm.RunningScriptOptions) => {
    const began = process.hrtime.bigint();
    for (let call = 0; call < calls; call += 1) script.runInContext(context, options);
    return Number(process.hrtime.bigint() - began) / 1e3 / calls;
  };
  time({ timeout: 5000 }); // warm-up
  return { plain: time({}), timed: time({ timeout: 5000 }) };
}

async function main(): Promise<void> {
  const copies = numberArg('copies', 20);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const files = readdirSync(FIXTURES);
  const twins = files
    .filter((file) => file.startsWith(TWIN) && file.endsWith('.json'))
    .map((file) => file.slice(TWIN.length, -'.json'.length))
    .filter((name) => files.includes(`2026-12c-${name}.json`));
  if (twins.length === 0) throw new Error(`no twin histories in ${FIXTURES}`);
  const bundle = await bundleCaseWorkflows(new DefaultLogger('WARN'));
  const designs = [
    { design: 'local activities (2026-12c-*)', names: twins.map((name) => `2026-12c-${name}`) },
    { design: 'activity tasks (2026-12c-remote-activities-*)', names: twins.map((name) => `${TWIN}${name}`) },
  ];
  // One untimed pass first: the bundle's first context and the JIT warm up for both designs alike.
  await replayAll(
    bundle,
    designs.flatMap(({ names }) => names.map((name) => load(name, -1))),
  );
  // Timed in the order A B B A, so that neither design gains from going first or last (heap, JIT, the machine).
  const copiesOf = (names: string[], round: number) =>
    names.flatMap((name) => Array.from({ length: copies }, (_, copy) => load(name, round * copies + copy)));
  const seconds = designs.map(() => 0);
  for (const [round, index] of [0, 1, 1, 0].entries()) {
    seconds[index] += await replayAll(bundle, copiesOf(designs[index].names, round));
  }
  const rows: Measured[] = [];
  for (const [index, { design, names }] of designs.entries()) {
    const histories = copiesOf(names, 4);
    const events = histories.reduce(
      (sum, { history }) => sum + ((history as { events?: unknown[] }).events?.length ?? 0),
      0,
    );
    const { calls, promises } = await counted(() => replayAll(bundle, histories));
    rows.push({
      design,
      histories: histories.length * 2,
      eventsPerHistory: events / histories.length,
      perSecond: (histories.length * 2) / seconds[index],
      callsPerHistory: calls / histories.length,
      promisesPerHistory: promises / histories.length,
    });
  }
  const cost = contextCallCost(20_000);
  const [local, remote] = rows;
  const lines = [
    `Replay of ${twins.length} recorded cases × ${copies} copies per design (${twins.join(', ')}).`,
    '',
    '| design | histories | events per history | histories/s | calls into the workflow context per history | promises made in it per history |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.design} | ${row.histories} | ${row.eventsPerHistory.toFixed(0)} | ${row.perSecond.toFixed(1)} | ` +
        `${row.callsPerHistory.toFixed(0)} | ${row.promisesPerHistory.toFixed(0)} |`,
    ),
    `| local / activity tasks | | ${(local.eventsPerHistory / remote.eventsPerHistory).toFixed(2)} | ` +
      `${(local.perSecond / remote.perSecond).toFixed(2)} | ${(local.callsPerHistory / remote.callsPerHistory).toFixed(2)} | ` +
      `${(local.promisesPerHistory / remote.promisesPerHistory).toFixed(2)} |`,
    '',
    `A call into a V8 context: ${cost.plain.toFixed(1)} µs plain, ${cost.timed.toFixed(1)} µs with a timeout ` +
      `(the SDK's isolateExecutionTimeout): ${((local.callsPerHistory * (cost.timed - cost.plain)) / 1000).toFixed(1)} ms ` +
      `of each local-activity history's ${(1000 / local.perSecond).toFixed(1)} ms go to the watchdog.`,
  ];
  if (flagArg('profile')) {
    for (const [index, { design, names }] of designs.entries()) {
      lines.push('', `Profile of a replay, ${design}:`, '', ...(await profiled(bundle, copiesOf(names, 5 + index))));
    }
  }
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
