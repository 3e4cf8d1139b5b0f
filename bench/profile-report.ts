import { bundleWorkflowCode } from '@temporalio/worker';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCaseWorkflows } from '@onewindow/workflows/bundle';
import { costsInWindow, profileFiles, readProfile, SourceLocator, type TimeWindow } from './cpu-profile';
import type { StatementStats } from './postgres-stats';

/**
 * The markdown of `npm run bench -- --profile`: per run and per process (and thread), the functions with the most
 * self time, and the modules the time went to; per run, the Postgres statements that took the most time.
 */

const PROCESS_LABEL: Record<string, string> = {
  bench: 'load generator (the bench process)',
  api: 'API process',
  worker: 'worker process',
  baselineWorker: "baseline's worker process",
};

function threadLabel(role: string, thread: number): string {
  const process = PROCESS_LABEL[role] ?? role;
  if (thread === 0) return `${process}, main thread`;
  return role === 'worker' || role === 'baselineWorker'
    ? `${process}, workflow thread ${thread}`
    : `${process}, thread ${thread}`;
}

/** Below this much sampled CPU per case a thread is listed as hardly used, without its tables. */
const IDLE_MS_PER_CASE = 1;

/** A function's name as a table shows it (V8 names a regular expression by its whole source). */
const shorten = (name: string) => (name.length > 100 ? `${name.slice(0, 97)}...` : name);

const cell = (text: string) => text.replace(/\|/g, '\\|');

/**
 * Top functions by self time for every profile with samples in each window. `intervalUs` is the sampling interval
 * the profiles were taken with; `processCpuMs` is the CPU per case /proc counted for each role in each window, to
 * set beside what the samples account for (the rest is native threads: libuv, the Temporal core, GC helpers).
 */
export function profileReport(
  dir: string,
  windows: TimeWindow[],
  intervalUs: number,
  top: number,
  processCpuMs: Record<string, Partial<Record<string, number>>>,
  /** The workflow bundles the workers ran (bundleWorkflowCode's code), to map their frames to source files. */
  bundles: string[] = [],
): { markdown: string; topFunctions: Map<string, string[]> } {
  const locator = new SourceLocator();
  for (const code of bundles) locator.addBundle(code);
  const files = profileFiles(dir);
  const lines: string[] = [];
  const topFunctions = new Map<string, string[]>();
  const ms = (samples: number, cases: number) => ((samples * intervalUs) / 1000 / cases).toFixed(2);
  for (const window of windows) {
    lines.push(`## ${window.name}: ${window.cases} cases`, '');
    const idle: string[] = [];
    for (const file of files) {
      const cost = costsInWindow(readProfile(file.file), window, locator);
      const label = threadLabel(file.role, file.thread);
      // A process the run does not use (the other worker, the API under the client) only says how idle it was.
      if ((cost.busySamples * intervalUs) / 1000 / window.cases < IDLE_MS_PER_CASE) {
        idle.push(`${label} ${ms(cost.busySamples, window.cases)}`);
        continue;
      }
      const proc = file.thread === 0 ? processCpuMs[window.name]?.[file.role] : undefined;
      lines.push(
        `### ${label} (pid ${file.pid})`,
        '',
        `Sampled CPU ${ms(cost.busySamples, window.cases)} ms per case (${cost.busySamples} samples of ${intervalUs} µs)` +
          (proc === undefined ? '' : `; the whole process used ${proc.toFixed(1)} ms per case (/proc, every thread)`) +
          '.',
        '',
        '| # | function (self time) | self ms per case | self % | total ms per case |',
        '|---|---|---|---|---|',
      );
      const rows = cost.functions
        .slice(0, top)
        .map(
          (fn, index) =>
            `| ${index + 1} | \`${cell(shorten(fn.name))}\` | ${ms(fn.selfSamples, window.cases)} | ${((100 * fn.selfSamples) / cost.busySamples).toFixed(1)} | ${ms(fn.totalSamples, window.cases)} |`,
        );
      topFunctions.set(`${window.name} / ${label}`, rows);
      lines.push(...rows, '', '| module | self ms per case | self % |', '|---|---|---|');
      for (const module of cost.modules.slice(0, 12)) {
        lines.push(
          `| \`${cell(module.module)}\` | ${ms(module.selfSamples, window.cases)} | ${((100 * module.selfSamples) / cost.busySamples).toFixed(1)} |`,
        );
      }
      lines.push('');
    }
    if (idle.length > 0) lines.push(`Hardly used in this run (sampled ms per case): ${idle.join('; ')}.`, '');
  }
  return { markdown: lines.join('\n'), topFunctions };
}

/** The statements of one run that took the most execution time, per case; and the totals per case. */
export function statementsReport(name: string, statements: StatementStats[], cases: number, top: number): string[] {
  const total = statements.reduce(
    (sum, statement) => ({
      calls: sum.calls + statement.calls,
      ms: sum.ms + statement.totalMs,
      wal: sum.wal + statement.walBytes,
    }),
    { calls: 0, ms: 0, wal: 0 },
  );
  return [
    `### ${name}: statements per case`,
    '',
    `${(total.calls / cases).toFixed(1)} statements per case (${statements.length} distinct), ${(total.ms / cases).toFixed(2)} ms of execution per case, ${(total.wal / cases / 1024).toFixed(1)} KiB of WAL per case (pg_stat_statements; BEGIN and COMMIT count as statements).`,
    '',
    '| # | statement | calls per case | ms per case | rows per case | WAL bytes per case |',
    '|---|---|---|---|---|---|',
    ...statements.slice(0, top).map((statement, index) => {
      const text = statement.query.length > 160 ? `${statement.query.slice(0, 157)}...` : statement.query;
      return `| ${index + 1} | \`${cell(text)}\` | ${(statement.calls / cases).toFixed(2)} | ${(statement.totalMs / cases).toFixed(3)} | ${(statement.rows / cases).toFixed(1)} | ${(statement.walBytes / cases).toFixed(0)} |`;
    }),
    '',
  ];
}

/** What `npm run bench -- --profile` keeps of a run (bench/profiles/run.json) to summarise its profiles. */
export interface ProfileParts {
  /** The sampling interval of the profiles. */
  intervalUs: number;
  windows: TimeWindow[];
  /** CPU ms per case per process role, per window (from /proc). */
  processCpuMs: Record<string, Partial<Record<string, number>>>;
  /** The run's report and its statement tables, above the profiles. */
  header: string[];
}

/** Writes `<dir>/summary.md` (everything, the top 25 per thread) and `<dir>/top15.md` from `<dir>/raw/`. */
export async function writeProfileSummary(dir: string, parts: ProfileParts): Promise<void> {
  // The same code bundles to the same file name: built again here, their source maps name the workflow frames.
  const bundles = await Promise.all([
    bundleCaseWorkflows(),
    bundleWorkflowCode({ workflowsPath: require.resolve('./baseline.workflow') }),
  ]);
  const { markdown, topFunctions } = profileReport(
    join(dir, 'raw'),
    parts.windows,
    parts.intervalUs,
    25,
    parts.processCpuMs,
    bundles.map((bundle) => bundle.code),
  );
  writeFileSync(join(dir, 'summary.md'), [...parts.header, markdown].join('\n'));
  const top15 = [...topFunctions].flatMap(([title, rows]) => [
    `#### ${title}`,
    '',
    '| # | function (self time) | self ms per case | self % | total ms per case |',
    '|---|---|---|---|---|',
    ...rows.slice(0, 15),
    '',
  ]);
  writeFileSync(join(dir, 'top15.md'), top15.join('\n'));
}

/** `npm run bench:profiles`: the summary of the last `--profile` run again (after a change to this file). */
if (require.main === module) {
  const dir = join(__dirname, '..', '..', 'bench', 'profiles');
  writeProfileSummary(dir, JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as ProfileParts).catch(
    (error: unknown) => {
      console.error('profile summary failed:', error);
      process.exit(1);
    },
  );
}
