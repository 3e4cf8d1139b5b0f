import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import NodeEnvironment from 'jest-environment-node';
import { RESOURCES_KEY, within, type Resource } from './resources';

/** Names of what suites left running, for the global teardown's report (the real process's global, not a suite's). */
export const LEFTOVERS_KEY = '__onewindowLeftovers';

/**
 * Jest's node environment, plus: after a suite's last hook, whatever it registered in test/support/resources.ts
 * and did not stop is stopped here and reported by name (a suite whose setup failed half-way leaves no worker
 * polling, no browser and no server behind, and jest ends by itself).
 */
export default class OneWindowEnvironment extends NodeEnvironment {
  private readonly testPath: string;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.testPath = context.testPath;
  }

  override async teardown(): Promise<void> {
    const left = ((this.global as unknown as Record<string, Resource[] | undefined>)[RESOURCES_KEY] ?? []).splice(0);
    if (left.length > 0) {
      const names: string[] = [];
      for (const resource of left.reverse()) {
        try {
          await within(resource.stop(), 30_000, `stopping ${resource.name}`);
          names.push(resource.name);
        } catch (error) {
          names.push(`${resource.name} (${error instanceof Error ? error.message : String(error)})`);
        }
      }
      const line = `${this.testPath}: left running by the suite, stopped after it: ${names.join(', ')}`;
      process.stderr.write(`[test-resources] ${line}\n`);
      const real = globalThis as unknown as Record<string, string[] | undefined>;
      (real[LEFTOVERS_KEY] ??= []).push(line);
    }
    await super.teardown();
  }
}
