import { rmSync } from 'node:fs';
import { LEFTOVERS_KEY } from './environment';

/** How long after the servers stop the run may take to end before the watchdog names what holds it. */
const WATCHDOG_MS = 15_000;
/** And when it gives up: the run fails (exit 1) rather than hang CI, after saying why. */
const GIVE_UP_MS = 60_000;

function report(line: string): void {
  process.stderr.write(`[test-teardown] ${line}\n`);
}

/**
 * Stops the servers global-setup started, reports what suites left running (stopped by the test environment), and
 * arms a watchdog: jest must end by itself once the last suite is done. If something still holds the process
 * (a handle no suite stopped), the watchdog names the open resources after 15 s and fails the run after 60 s
 * instead of letting it hang. Its timers are unref'd: they never keep the process alive themselves.
 */
export default async function globalTeardown(): Promise<void> {
  const services = globalThis.__onewindowTestServices;
  await services?.temporal?.stop();
  await services?.cluster?.cluster.stop();
  // ONEWINDOW_KEEP_CLUSTER_LOGS=true keeps the cluster's folder (its config and the services' logs) to read after.
  if (services?.cluster && process.env.ONEWINDOW_KEEP_CLUSTER_LOGS !== 'true')
    rmSync(services.cluster.dir, { recursive: true, force: true });
  await services?.postgres?.stop();
  const leftovers = (globalThis as unknown as Record<string, string[] | undefined>)[LEFTOVERS_KEY] ?? [];
  for (const line of leftovers) report(line);
  const started = Date.now();
  const open = () =>
    process
      .getActiveResourcesInfo()
      .filter((type) => type !== 'TTYWrap')
      .join(', ') || 'none';
  setTimeout(() => {
    report(`the run has not ended ${WATCHDOG_MS / 1000}s after the last suite; open: ${open()}`);
    for (const line of leftovers) report(`  left by a suite: ${line}`);
  }, WATCHDOG_MS).unref();
  setTimeout(() => {
    report(`giving up ${Math.round((Date.now() - started) / 1000)}s after the last suite; open: ${open()}`);
    process.exit(1);
  }, GIVE_UP_MS).unref();
}
