import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Reads V8 CPU profiles (`--cpu-prof` files, or the inspector's Profiler.stop result: the same JSON) and sums the
 * samples that fall in a time window per function: self time = samples whose leaf is the function × the sampling
 * interval; total time = samples with the function anywhere on the stack (once per sample) × the interval. Frames
 * of the compiled bench build (dist-bench/) are mapped back to their TypeScript file through the .js.map beside
 * them, so a row reads `libs/domain/decide/steps.ts:startReadySteps`.
 *
 * Sample times are V8's monotonic clock in µs, the clock of `process.hrtime` (CLOCK_MONOTONIC, shared by every
 * process on the machine): a window measured in the bench process selects the same span in its children's profiles.
 */

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A span of a run, in µs of the monotonic clock (`process.hrtime.bigint() / 1000n`). */
export interface TimeWindow {
  name: string;
  startUs: number;
  endUs: number;
  /** Cases the run completed: the tables give ms per case. */
  cases: number;
}

export interface FunctionCost {
  /** `file:function`, the file relative to the repository (or a package, or `node:…`). */
  name: string;
  /** Where the code lives: a folder of the repository (`libs/domain`), a package (`zod`), `node`, `(native)`, … */
  module: string;
  selfSamples: number;
  totalSamples: number;
}

export interface ThreadCost {
  /** Samples in the window that were not idle. */
  busySamples: number;
  idleSamples: number;
  functions: FunctionCost[];
  modules: Array<{ module: string; selfSamples: number }>;
}

/** V8's pseudo-frames: not JavaScript functions, but where the time went all the same (idle is no CPU time). */
const IDLE = '(idle)';

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

/** The repository's root, from the build (dist-bench/bench/cpu-profile.js) or the sources (bench/cpu-profile.ts). */
const REPO_ROOT = resolve(__dirname, existsSync(resolve(__dirname, '..', '..', 'package.json')) ? '../..' : '..');

/** Maps compiled positions back to sources with the .js.map files beside the build's output, read once each. */
export class SourceLocator {
  private readonly maps = new Map<string, { map: SourceMap; dir: string } | undefined>();

  /**
   * A Temporal workflow bundle (bundleWorkflowCode's `code`): the worker evaluates it as
   * `workflow-bundle-<hash>.js`, and its inline source map names the original files by absolute path. Answers the
   * bundle's file name.
   */
  addBundle(code: string): string | undefined {
    const marker = 'sourceMappingURL=data:application/json;charset=utf-8;base64,';
    const at = code.lastIndexOf(marker);
    if (at < 0) return undefined;
    const payload = JSON.parse(
      Buffer.from(code.slice(at + marker.length).trim(), 'base64').toString('utf8'),
    ) as SourceMapPayload;
    if (!payload.file) return undefined;
    this.maps.set(payload.file, { map: new SourceMap(payload), dir: REPO_ROOT });
    return payload.file;
  }

  locate(frame: CallFrame): { file: string; line: number; module: string } {
    const { url } = frame;
    if (!url)
      return { file: '', line: 0, module: frame.functionName.startsWith('(') ? frame.functionName : '(native)' };
    if (url.startsWith('node:')) return { file: url, line: frame.lineNumber + 1, module: 'node' };
    let path: string;
    try {
      path = url.startsWith('file://') ? fileURLToPath(url) : url;
    } catch {
      return { file: url, line: frame.lineNumber + 1, module: url };
    }
    // A workflow bundle's frames map to the files it was built from (which may be a package's).
    // (V8 names the bundle after the worker's working directory: file:///<cwd>/workflow-bundle-<hash>.js.)
    const bundle = basename(path);
    if (/^workflow-bundle-[0-9a-f]+\.js$/.test(bundle) && this.maps.has(bundle)) {
      const mapped = this.original(bundle, frame.lineNumber, frame.columnNumber);
      if (mapped) return this.locate({ ...frame, url: resolve(REPO_ROOT, mapped.file), lineNumber: mapped.line - 1 });
    }
    const packageAt = path.lastIndexOf('/node_modules/');
    if (packageAt >= 0) {
      const inside = path.slice(packageAt + '/node_modules/'.length);
      const parts = inside.split('/');
      const module = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? inside);
      return { file: inside, line: frame.lineNumber + 1, module };
    }
    const mapped = this.original(path, frame.lineNumber, frame.columnNumber);
    const file = mapped?.file ?? relative(REPO_ROOT, path);
    const line = mapped?.line ?? frame.lineNumber + 1;
    if (file.startsWith('..') || file.startsWith('/')) return { file, line, module: file };
    const segments = file.split('/');
    // libs/domain, apps/api, bench, activities, workflows: the repository's own concepts.
    const module = ['libs', 'apps'].includes(segments[0] ?? '')
      ? segments.slice(0, 2).join('/')
      : (segments[0] ?? file);
    return { file, line, module };
  }

  private original(path: string, line: number, column: number): { file: string; line: number } | undefined {
    if (!this.maps.has(path)) {
      const mapFile = `${path}.map`;
      let entry: { map: SourceMap; dir: string } | undefined;
      if (existsSync(mapFile)) {
        const payload = JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload;
        entry = { map: new SourceMap(payload), dir: resolve(dirname(mapFile), payload.sourceRoot ?? '') };
      }
      this.maps.set(path, entry);
    }
    const entry = this.maps.get(path);
    if (!entry || line < 0) return undefined;
    const found = entry.map.findEntry(line, Math.max(0, column));
    if (!('originalSource' in found)) return undefined;
    const source = found.originalSource.startsWith('file://')
      ? fileURLToPath(found.originalSource)
      : resolve(entry.dir, found.originalSource);
    return { file: relative(REPO_ROOT, source), line: found.originalLine + 1 };
  }
}

/** The samples of `profile` taken inside `window`, summed per function (self and total) and per module. */
export function costsInWindow(profile: CpuProfile, window: TimeWindow, locator: SourceLocator): ThreadCost {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const described = new Map<number, { name: string; module: string }>();
  const describe = (id: number) => {
    let found = described.get(id);
    if (!found) {
      const frame = byId.get(id)?.callFrame;
      if (!frame) throw new Error(`profile node ${id} is missing`);
      const where = locator.locate(frame);
      const functionName = frame.functionName || '(anonymous)';
      found = { name: where.file ? `${where.file}:${functionName}` : functionName, module: where.module };
      described.set(id, found);
    }
    return found;
  };
  const functions = new Map<string, FunctionCost>();
  const modules = new Map<string, number>();
  let busySamples = 0;
  let idleSamples = 0;
  let at = profile.startTime;
  profile.samples.forEach((leaf, index) => {
    at += profile.timeDeltas[index] ?? 0;
    if (at < window.startUs || at > window.endUs) return;
    const self = describe(leaf);
    if (self.name === IDLE) {
      idleSamples += 1;
      return;
    }
    busySamples += 1;
    modules.set(self.module, (modules.get(self.module) ?? 0) + 1);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const { name, module } = describe(id);
      if (name === '(root)' || seen.has(name)) continue;
      seen.add(name);
      const cost = functions.get(name) ?? { name, module, selfSamples: 0, totalSamples: 0 };
      cost.totalSamples += 1;
      if (id === leaf) cost.selfSamples += 1;
      functions.set(name, cost);
    }
  });
  return {
    busySamples,
    idleSamples,
    functions: [...functions.values()].sort((a, b) => b.selfSamples - a.selfSamples),
    modules: [...modules]
      .map(([module, selfSamples]) => ({ module, selfSamples }))
      .sort((a, b) => b.selfSamples - a.selfSamples),
  };
}

export interface ProfileFile {
  /** The process's role (the folder it was written to: `api`, `worker`, `bench`, …). */
  role: string;
  pid: number;
  /** 0 is the main thread; a worker thread has its own profile. */
  thread: number;
  file: string;
}

/** Profiles under `<dir>/<role>/`, named as --cpu-prof names them: CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile. */
export function profileFiles(dir: string): ProfileFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(join(dir, entry.name)).flatMap((name) => {
        const match = /\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(name);
        return match
          ? [{ role: entry.name, pid: Number(match[1]), thread: Number(match[2]), file: join(dir, entry.name, name) }]
          : [];
      }),
    )
    .sort((a, b) => a.role.localeCompare(b.role) || a.pid - b.pid || a.thread - b.thread);
}
