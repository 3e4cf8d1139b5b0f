import { Client, Connection } from '@temporalio/client';
import { temporalSettingsFromEnv } from '@onewindow/config';
import { caseWorkflowId } from '@onewindow/contract';
import { replayCases } from './replay';
import { caseWorkflowBundlerOptions } from '@onewindow/workflows/bundle';

/**
 * `npm run audit:replay -- --all` replays every closed case against the current workflow code;
 * `-- --case <id> [--case <id> …]` replays the named cases; `--include-running` adds open cases.
 * Exits 1 when any history does not replay: a release that would break running or archived cases.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const cases = args.flatMap((arg, index) => (arg === '--case' && args[index + 1] ? [args[index + 1]] : []));
  if (!args.includes('--all') && cases.length === 0) {
    console.error('usage: npm run audit:replay -- --all [--include-running] | --case <caseId> [--case <caseId> …]');
    return 2;
  }
  const settings = temporalSettingsFromEnv();
  const connection = await Connection.connect({
    address: settings.address,
    ...(settings.tls ? { tls: settings.tls } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  });
  try {
    const client = new Client({ connection, namespace: settings.namespace });
    const report = await replayCases(client, caseWorkflowBundlerOptions(), {
      ...(cases.length ? { workflowIds: cases.map(caseWorkflowId) } : {}),
      includeRunning: args.includes('--include-running'),
    });
    console.log(`replayed ${report.replayed} case histories; ${report.failures.length} not deterministic`);
    for (const failure of report.failures) console.log(`  ${failure.workflowId}: ${failure.error}`);
    return report.failures.length === 0 ? 0 : 1;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('audit:replay failed:', error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
