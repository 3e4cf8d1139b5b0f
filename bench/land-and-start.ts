import type { MessageName } from '@onewindow/contract';

/**
 * The land-and-start case every side of `npm run bench` runs: after the start, these messages in this order
 * (OneWindow over HTTP and via the client send them; the Flowable peer completes one user task per message).
 */
export interface BenchCommand {
  /** `window` or `department:<code>`: who sends it (an API key's role; a Flowable candidate group). */
  role: string;
  message: Extract<
    MessageName,
    'acceptance-decided' | 'department-opinion' | 'land-contract-signed' | 'licence-issued'
  >;
  /** The step a department's opinion answers. */
  stepId?: string;
}

const opinion = (department: string, stepId: string): BenchCommand => ({
  role: `department:${department}`,
  message: 'department-opinion',
  stepId,
});

/** Acceptance, 5 pre-review opinions, the land contract, 3 formal opinions, the licence: 11 messages. */
export const LAND_AND_START_COMMANDS: readonly BenchCommand[] = [
  { role: 'window', message: 'acceptance-decided' },
  opinion('natural-resources', 'design-scheme-review'),
  opinion('ecology', 'eia-approval'),
  opinion('housing', 'drawing-review'),
  opinion('fire', 'fire-design-review'),
  opinion('civil-air-defence', 'air-defence-approval'),
  { role: 'window', message: 'land-contract-signed' },
  opinion('natural-resources', 'land-use-planning-permit'),
  opinion('natural-resources', 'works-planning-permit'),
  opinion('housing', 'construction-permit'),
  { role: 'window', message: 'licence-issued' },
];

/** The payload of a command as OneWindow's API and workflow take it (the land contract numbered per case). */
export function commandBody(command: BenchCommand, contractNumber: string): Record<string, unknown> {
  switch (command.message) {
    case 'acceptance-decided':
      return { decision: 'accept' };
    case 'department-opinion':
      return { stepId: command.stepId, opinion: 'agree' };
    case 'land-contract-signed':
      return { contractNumber };
    case 'licence-issued':
      return {};
  }
}

/** The department of a `department:<code>` role; undefined for the window. */
export function departmentOf(role: string): string | undefined {
  return role.startsWith('department:') ? role.slice('department:'.length) : undefined;
}
