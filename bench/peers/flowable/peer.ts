import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { OutputTail } from '@onewindow/stack/processes';
import type { CatalogSnapshot } from '@onewindow/catalog';
import type { BenchCommand } from '../../land-and-start';
import { bpmnOfTemplate, expectedOpenTasks, planFile } from './bpmn';

/**
 * The Flowable peer from the bench's side: builds the Java driver once (Maven, into the tool cache), writes the
 * process and the plan from the catalogue, starts the JVM, and speaks its line protocol (Driver.java).
 */

/** The Maven project, in the source tree (built from there, never into it). */
const PROJECT_DIR = join(__dirname, '..', '..', '..', '..', 'bench', 'peers', 'flowable');
const DRIVER_CLASS = 'onewindow.bench.flowable.Driver';

function cacheDir(): string {
  return process.env.ONEWINDOW_CACHE ?? join(homedir(), '.cache', 'onewindow');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** A digest of the pom and the Java sources: a change to either builds again, into a new folder. */
function sourceDigest(): string {
  const hash = createHash('sha256');
  for (const file of [join(PROJECT_DIR, 'pom.xml'), ...filesUnder(join(PROJECT_DIR, 'src')).sort()]) {
    hash.update(relative(PROJECT_DIR, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The driver's classpath: compiled classes and the runtime jars, built by Maven into
 * `<cache>/flowable-peer/<digest>` with the jars kept in `<cache>/m2` (as scripts/bootstrap-tools.js keeps the test
 * server's). Maven is tried offline first, so after the first build nothing is downloaded at bench time.
 */
export function buildFlowablePeer(log: (line: string) => void): string {
  const out = join(cacheDir(), 'flowable-peer', sourceDigest());
  const classpath = `${join(out, 'classes')}:${join(out, 'lib', '*')}`;
  if (existsSync(join(out, 'classes', ...DRIVER_CLASS.split('.')) + '.class')) return classpath;
  for (const tool of ['java', 'mvn']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`the Flowable peer needs '${tool}' on PATH (Java >= 17 and Maven)`);
  }
  const building = `${out}.building`;
  rmSync(building, { recursive: true, force: true });
  const maven = (offline: boolean) =>
    spawnSync(
      'mvn',
      [
        '-B',
        '-q',
        ...(offline ? ['-o'] : []),
        '-f',
        join(PROJECT_DIR, 'pom.xml'),
        `-Dmaven.repo.local=${join(cacheDir(), 'm2')}`,
        `-Dpeer.build=${building}`,
        'compile',
        'dependency:copy-dependencies',
        `-DoutputDirectory=${join(building, 'lib')}`,
        '-DincludeScope=runtime',
      ],
      { encoding: 'utf8' },
    );
  const began = Date.now();
  log(`building the Flowable peer into ${out} (Maven; the first build fetches Flowable 7.1.0's jars into the cache)`);
  let result = maven(true);
  if (result.status !== 0) result = maven(false);
  if (result.status !== 0) {
    throw new Error(`building the Flowable peer failed:\n${`${result.stdout}\n${result.stderr}`.trim().slice(-4000)}`);
  }
  mkdirSync(join(out, '..'), { recursive: true });
  rmSync(out, { recursive: true, force: true });
  renameSync(building, out);
  log(`Flowable peer built in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return classpath;
}

export interface FlowableReady {
  engineSeconds: number;
  warmupCases: number;
  warmupSeconds: number;
  /** Open task keys after the start and after each command of the first warm-up case. */
  trace: string[][];
}

export interface FlowableRun {
  seconds: number;
  completionMs: number[];
}

export interface FlowablePeer {
  /** The JVM's process id (java execs no wrapper), for its CPU time and RSS. */
  pid: number;
  ready: FlowableReady;
  /** Runs the measured cases (the async executor polling meanwhile) and answers their timings. */
  run(): Promise<FlowableRun>;
  /** Closes the engine and waits for the JVM to exit. */
  stop(): Promise<void>;
}

export interface FlowablePeerOptions {
  classpath: string;
  /** Where the process and plan files are written. */
  dir: string;
  catalog: CatalogSnapshot;
  templateId: string;
  commands: readonly BenchCommand[];
  /** The start variables of a case (`{index}` is its number). */
  start: Record<string, string>;
  jdbc: { url: string; user: string; password: string };
  cases: number;
  concurrency: number;
  warmup: number;
}

/**
 * Starts the JVM and resolves once the engine is built, the process deployed and the warm-up cases done, after
 * checking that the first case opened the same tasks, in the same order, as OneWindow's decider starts steps.
 */
export async function startFlowablePeer(options: FlowablePeerOptions): Promise<FlowablePeer> {
  const definition = bpmnOfTemplate(options.catalog, options.templateId);
  mkdirSync(options.dir, { recursive: true });
  const bpmn = join(options.dir, `${definition.processKey}.bpmn20.xml`);
  const plan = join(options.dir, `${definition.processKey}.plan.tsv`);
  writeFileSync(bpmn, definition.xml);
  writeFileSync(plan, planFile(options.start, options.commands));
  const child: ChildProcessWithoutNullStreams = spawn(
    'java',
    [
      '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
      '-cp',
      options.classpath,
      DRIVER_CLASS,
      ...['--jdbc-url', options.jdbc.url, '--user', options.jdbc.user, '--password', options.jdbc.password],
      ...['--bpmn', bpmn, '--plan', plan, '--process-key', definition.processKey],
      ...['--cases', String(options.cases), '--concurrency', String(options.concurrency)],
      ...['--warmup', String(options.warmup)],
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const tail = new OutputTail(60);
  child.stderr.on('data', (chunk: Buffer) => tail.push(chunk));
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(`the Flowable driver exited (${signal ?? code})`)),
  );
  const lines = createInterface({ input: child.stdout });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => {
    tail.push(line);
    if (/^(READY|DONE) /.test(line)) waiting.shift()?.(line);
  });
  /** The next protocol line, or the driver's death with the last of its output. */
  const next = async (word: 'READY' | 'DONE'): Promise<unknown> => {
    const line = await Promise.race([
      new Promise<string>((resolve) => waiting.push(resolve)),
      exited.then((how) => Promise.reject(new Error(`${how} before ${word}:\n${tail.toString()}`))),
    ]);
    if (!line.startsWith(`${word} `)) throw new Error(`expected ${word} from the Flowable driver, got: ${line}`);
    return JSON.parse(line.slice(word.length + 1)) as unknown;
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end('STOP\n');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const ready = (await next('READY')) as FlowableReady;
    const expected = expectedOpenTasks(options.catalog, options.templateId, options.commands);
    if (JSON.stringify(ready.trace) !== JSON.stringify(expected)) {
      throw new Error(
        `the Flowable process does not open the steps OneWindow starts:\n  expected ${JSON.stringify(expected)}\n  got      ${JSON.stringify(ready.trace)}`,
      );
    }
    return {
      pid: child.pid ?? NaN,
      ready,
      async run() {
        const done = next('DONE');
        child.stdin.write('GO\n');
        return (await done) as FlowableRun;
      },
      stop,
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
