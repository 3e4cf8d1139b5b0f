/**
 * What a suite starts (a worker, the Nest app, a browser, a server) is stopped by the suite, and by nothing else
 * when all goes well. When a suite's setup fails half-way, or its own stop forgets something, the test environment
 * (test/support/environment.ts) stops whatever is still registered here after the suite's last hook and reports it
 * by name, so no worker is left polling a stopped server and jest ends by itself.
 */

/** One started thing and how to stop it. */
export interface Resource {
  name: string;
  stop(): Promise<void>;
}

/** The key on the suite's global where its registered resources live (read by the test environment). */
export const RESOURCES_KEY = '__onewindowResources';

function registry(): Resource[] {
  const global = globalThis as unknown as Record<string, Resource[] | undefined>;
  return (global[RESOURCES_KEY] ??= []);
}

/** Resolves with `promise`, or rejects once `ms` have passed, naming `what` did not finish. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000}s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resources started one after the other and stopped in reverse order. Each is registered for the suite as soon as
 * it has started, so a start that fails later still leaves nothing running: `startOrClean` stops what had started,
 * then rethrows.
 */
export class Resources {
  private readonly started: Resource[] = [];

  /** Registers a started resource; its `stop` runs once, in reverse order of registration. */
  add(name: string, stop: () => Promise<void>): void {
    let stopped: Promise<void> | undefined;
    const resource: Resource = { name, stop: () => (stopped ??= stop()) };
    this.started.push(resource);
    registry().push(resource);
  }

  /** Stops every resource (the later first), each at most `timeoutMs`; throws the first failure after all ran. */
  async stop(timeoutMs = 30_000): Promise<void> {
    const failures: string[] = [];
    for (const resource of this.started.splice(0).reverse()) {
      try {
        await within(resource.stop(), timeoutMs, `stopping ${resource.name}`);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      } finally {
        const all = registry();
        const index = all.indexOf(resource);
        if (index >= 0) all.splice(index, 1);
      }
    }
    if (failures.length > 0) throw new Error(failures.join('; '));
  }

  /** Runs `start`; if it throws, stops what had started and rethrows the start's error. */
  async startOrClean<T>(start: () => Promise<T>): Promise<T> {
    try {
      return await start();
    } catch (error) {
      await this.stop().catch(() => undefined);
      throw error;
    }
  }
}
