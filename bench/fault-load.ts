import { mattersOfTemplate } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import type { RecordedEvent } from '@onewindow/contract/http';
import type { CaseView } from '@onewindow/case';
import { sleep } from '@onewindow/stack/processes';

/**
 * The integrator's side of the fault tests: land-and-start cases driven through the HTTP API with the command
 * sequence of bench/run.ts, signals and updates mixed. Every command carries its own Idempotency-Key (which the
 * API makes the commandId) and is retried with the SAME key on 5xx, connection errors and timeouts, with backoff,
 * until a definite answer arrives. A signal (202) counts as done once the workflow shows its commandId.
 */

export const OPINIONS: Array<[string, string]> = [
  ['natural-resources', 'design-scheme-review'],
  ['ecology', 'eia-approval'],
  ['housing', 'drawing-review'],
  ['fire', 'fire-design-review'],
  ['civil-air-defence', 'air-defence-approval'],
];
export const FORMAL: Array<[string, string]> = [
  ['natural-resources', 'land-use-planning-permit'],
  ['natural-resources', 'works-planning-permit'],
  ['housing', 'construction-permit'],
];
export const ROLES = [
  'window',
  'auditor',
  'supervisor',
  ...new Set([...OPINIONS, ...FORMAL].map(([dept]) => `department:${dept}`)),
];
/** start + acceptance + 5 pre-review opinions + land contract + 3 formal opinions + licence. */
export const COMMANDS_PER_CASE = 1 + 1 + OPINIONS.length + 1 + FORMAL.length + 1;

export type Kind = 'start' | 'signal' | 'update';

/** A command the API accepted (2xx), with the domain event it must produce exactly once. */
export interface AcceptedCommand {
  caseId: string;
  commandId: string;
  name: string;
  kind: Kind;
  /** The event type that carries this commandId exactly once when the command took effect. */
  primaryEvent: string;
  acceptedAt: number;
  attempts: number;
  /** A retry answered 409 case-closed: an earlier attempt closed the case (checked against the events). */
  closedOnRetry?: boolean;
}

export interface HttpStats {
  requests: number;
  ok: number;
  status500: number;
  status503: number;
  otherServerErrors: number;
  connectionErrors: number;
  timeouts: number;
  caseStarting: number;
  /** The first few 500 answers, for the report. */
  samples500: string[];
  /** The first few connection errors and timeouts, for the report. */
  samplesNetwork: string[];
}

export function emptyStats(): HttpStats {
  return {
    requests: 0,
    ok: 0,
    status500: 0,
    status503: 0,
    otherServerErrors: 0,
    connectionErrors: 0,
    timeouts: 0,
    caseStarting: 0,
    samples500: [],
    samplesNetwork: [],
  };
}

export interface Answer {
  status: number;
  body: unknown;
  attempts: number;
  /** Index (in `apiUrls`) of the API process that gave the answer. */
  via: number;
}

/** A burst of 督办 signals to one case (which case, how many, how many in flight at once). */
export interface BurstOptions {
  caseIndex: number;
  signals: number;
  parallel: number;
  /** A step that is in review once the case is accepted. */
  stepId: string;
}

export interface LoadOptions {
  apiUrl: string;
  /** Several API processes: requests take turns between them (a retry goes to the next one). Default [apiUrl]. */
  apiUrls?: string[];
  /**
   * Read-your-writes across processes: every update answered 200 is read back at once (GET /v1/cases/{id})
   * through another API process, which must already count the update's events.
   */
  readBack?: boolean;
  /** After its acceptance, one case gets a burst of signals (the per-case ordering of projection writes). */
  burst?: BurstOptions;
  tokens: Record<string, string>;
  /** Give up on one command after this long without a definite answer. */
  commandBudgetMs: number;
  /** Epoch ms after which the whole load gives up (a broken scenario must not run for ever). */
  loadDeadline: number;
  requestTimeoutMs: number;
  /** Pause between two commands of one case, so the load spans the fault. */
  thinkMs: [number, number];
}

function errorCode(body: unknown): string | undefined {
  return (body as { error?: { code?: string } } | undefined)?.error?.code;
}

/** An HTTP client that retries with the same Idempotency-Key until a definite answer comes back. */
export class RetryingClient {
  stats = emptyStats();
  private readonly urls: string[];
  private turn = 0;

  constructor(private readonly options: LoadOptions) {
    this.urls = options.apiUrls?.length ? options.apiUrls : [options.apiUrl];
  }

  /** How many API processes the requests take turns between. */
  get apis(): number {
    return this.urls.length;
  }

  private async once(url: string, role: string, method: string, path: string, body?: unknown, key?: string) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${this.options.tokens[role]}`,
        ...(key ? { 'idempotency-key': key } : {}),
      },
      signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed };
  }

  /**
   * Sends until the answer is definite: anything but a 5xx, a connection error, a timeout or 409 case-starting.
   * Backoff 100 ms doubling to 2 s with jitter; throws after `commandBudgetMs`. `via` pins the first attempt to one
   * API process; otherwise, and for every retry, the processes take turns.
   */
  async call(role: string, method: string, path: string, body?: unknown, key?: string, via?: number): Promise<Answer> {
    const deadline = Math.min(Date.now() + this.options.commandBudgetMs, this.options.loadDeadline);
    let last = '';
    for (let attempt = 1; ; attempt += 1) {
      this.stats.requests += 1;
      const index = attempt === 1 && via !== undefined ? via % this.urls.length : this.turn++ % this.urls.length;
      try {
        const answer = { ...(await this.once(this.urls[index], role, method, path, body, key)), via: index };
        if (answer.status === 409 && errorCode(answer.body) === 'case-starting') {
          this.stats.caseStarting += 1;
        } else if (answer.status >= 500) {
          if (answer.status === 500) {
            this.stats.status500 += 1;
            if (this.stats.samples500.length < 5)
              this.stats.samples500.push(
                `${new Date().toISOString()} ${method} ${path}: ${JSON.stringify(answer.body).slice(0, 200)}`,
              );
          } else if (answer.status === 503) this.stats.status503 += 1;
          else this.stats.otherServerErrors += 1;
          last = `${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`;
        } else {
          if (answer.status < 300) this.stats.ok += 1;
          return { ...answer, attempts: attempt };
        }
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        if (name === 'TimeoutError' || name === 'AbortError') this.stats.timeouts += 1;
        else this.stats.connectionErrors += 1;
        const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
        last = error instanceof Error ? `${error.message}${cause}` : String(error);
        if (this.stats.samplesNetwork.length < 3)
          this.stats.samplesNetwork.push(`${new Date().toISOString()} ${method} ${path}: ${last.slice(0, 160)}`);
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${method} ${path}${key ? ` (key ${key})` : ''}: no definite answer after ${attempt} attempts, last: ${last}`,
        );
      }
      const backoff = Math.min(2000, 100 * 2 ** Math.min(attempt - 1, 5));
      await sleep(backoff * (0.5 + Math.random() / 2));
    }
  }
}

export interface CaseRun {
  caseId: string;
  startedAt: number;
  completedAt?: number;
  failure?: string;
}

/** Updates read back at once through another API process (`readBack`), and the ones that read stale. */
export interface ReadBacks {
  checked: number;
  stale: string[];
}

export interface LoadResult {
  cases: CaseRun[];
  accepted: AcceptedCommand[];
  readBacks: ReadBacks;
}

interface Step {
  name: string;
  role: string;
  body: unknown;
  primaryEvent: string;
}

function documents(): Array<{ materialCode: string }> {
  const matters = mattersOfTemplate(defaultCatalog(), 'land-and-start');
  return [...new Set(Object.values(matters).flatMap((matter) => matter.materials.map((material) => material.code)))]
    .filter((code) => code !== 'land-contract')
    .map((materialCode) => ({ materialCode }));
}

function messageSteps(index: number): Step[] {
  const opinion = ([dept, stepId]: [string, string]): Step => ({
    name: 'department-opinion',
    role: `department:${dept}`,
    body: { stepId, opinion: 'agree' },
    primaryEvent: 'OpinionRecorded',
  });
  return [
    { name: 'acceptance-decided', role: 'window', body: { decision: 'accept' }, primaryEvent: 'CaseAccepted' },
    ...OPINIONS.map(opinion),
    {
      name: 'land-contract-signed',
      role: 'window',
      body: { contractNumber: `FAULT-${index}` },
      primaryEvent: 'LandContractSigned',
    },
    ...FORMAL.map(opinion),
    { name: 'licence-issued', role: 'window', body: {}, primaryEvent: 'LicenceIssued' },
  ];
}

/** The cases of one load, named `<prefix>-00`, `<prefix>-01`, … */
export function plannedCases(prefix: string, count: number): CaseRun[] {
  return Array.from({ length: count }, (_, index) => ({
    caseId: `${prefix}-${String(index).padStart(2, '0')}`,
    startedAt: 0,
  }));
}

/** Drives the cases concurrently (arrivals staggered); `onAccepted` sees every accepted command. */
export async function runLoad(
  options: LoadOptions,
  client: RetryingClient,
  cases: CaseRun[],
  arrivalMs: number,
  onAccepted: (command: AcceptedCommand) => void,
): Promise<LoadResult> {
  const accepted: AcceptedCommand[] = [];
  const accept = (command: AcceptedCommand) => {
    accepted.push(command);
    onAccepted(command);
  };
  const think = () => sleep(options.thinkMs[0] + Math.random() * (options.thinkMs[1] - options.thinkMs[0]));
  const docs = documents();
  const readBacks: ReadBacks = { checked: 0, stale: [] };

  /** The update's events must be in the read model another API process reads, the moment the answer is back. */
  const readBack = async (caseId: string, commandId: string, answer: Answer) => {
    const lastSequence = (answer.body as { lastSequence?: number }).lastSequence ?? 0;
    const other = (answer.via + 1) % client.apis;
    const read = await client.call('auditor', 'GET', `/v1/cases/${caseId}`, undefined, undefined, other);
    readBacks.checked += 1;
    const seen = read.status === 200 ? (read.body as CaseView).eventCount : undefined;
    if (read.via === answer.via) readBacks.stale.push(`${commandId}: the read went to the same API process`);
    else if (seen === undefined || seen < lastSequence)
      readBacks.stale.push(
        `${commandId}: answered by API ${answer.via + 1} at event ${lastSequence}, API ${read.via + 1} read ${seen ?? `HTTP ${read.status}`}`,
      );
  };

  const driveCase = async (index: number, run: CaseRun): Promise<void> => {
    const { caseId } = run;
    const startKey = `${caseId}.start`;
    const started = await client.call(
      'window',
      'POST',
      '/v1/cases',
      {
        caseId,
        templateId: 'land-and-start',
        applicant: { name: '故障测试公司', creditCode: '91310000MA1FLFAULT' },
        project: { name: `故障测试项目 ${index}` },
        documents: docs,
      },
      startKey,
    );
    if (started.status !== 201 && started.status !== 200)
      throw new Error(`start answered ${started.status}: ${JSON.stringify(started.body)}`);
    accept({
      caseId,
      commandId: startKey,
      name: 'start',
      kind: 'start',
      primaryEvent: 'CaseSubmitted',
      acceptedAt: Date.now(),
      attempts: started.attempts,
    });
    const steps = messageSteps(index);
    for (const [position, step] of steps.entries()) {
      await think();
      // Mixed: about one command in three is a signal, the rest updates; which ones varies with the case.
      const kind: Kind = (index + position) % 3 === 0 ? 'signal' : 'update';
      const commandId = `${caseId}.${String(position + 1).padStart(2, '0')}.${step.name}`;
      const path = `/v1/cases/${caseId}/${kind === 'signal' ? 'signals' : 'updates'}/${step.name}`;
      const answer = await client.call(step.role, 'POST', path, step.body, commandId);
      const closedOnRetry =
        answer.status === 409 &&
        errorCode(answer.body) === 'case-closed' &&
        answer.attempts > 1 &&
        step.name === 'licence-issued';
      if (answer.status >= 300 && !closedOnRetry)
        throw new Error(
          `${step.name} (${kind}, ${commandId}) answered ${answer.status}: ${JSON.stringify(answer.body)}`,
        );
      accept({
        caseId,
        commandId,
        name: step.name,
        kind,
        primaryEvent: step.primaryEvent,
        acceptedAt: Date.now(),
        attempts: answer.attempts,
        ...(closedOnRetry ? { closedOnRetry } : {}),
      });
      // A signal is fire and forget: the next command depends on it, so wait until the workflow shows it.
      if (kind === 'signal') await waitForEvent(client, options, caseId, commandId);
      else if (options.readBack && answer.status === 200) await readBack(caseId, commandId, answer);
      if (position === 0 && options.burst?.caseIndex === index) await runBurst(client, options, caseId, accept);
    }
    await waitForCompletion(client, options, caseId);
  };

  await Promise.all(
    cases.map(async (run, index) => {
      await sleep(index * arrivalMs);
      run.startedAt = Date.now();
      try {
        await driveCase(index, run);
        run.completedAt = Date.now();
      } catch (error) {
        run.failure = error instanceof Error ? error.message : String(error);
      }
    }),
  );
  return { cases, accepted, readBacks };
}

/**
 * `parallel` senders share the burst's signals to one case (督办, one StepUrged event each); each is retried with its
 * own Idempotency-Key until a definite answer. Resolves once the workflow shows every one of them.
 */
async function runBurst(
  client: RetryingClient,
  options: LoadOptions,
  caseId: string,
  accept: (command: AcceptedCommand) => void,
): Promise<void> {
  const burst = options.burst!;
  const commandIds: string[] = [];
  let next = 0;
  const think = () => sleep(options.thinkMs[0] + Math.random() * (options.thinkMs[1] - options.thinkMs[0]));
  const sender = async () => {
    // Paced like the rest of the load, so the burst spans the kills instead of landing all before the first.
    for (let index = next++; index < burst.signals; index = next++, await think()) {
      const commandId = `${caseId}.burst.${String(index).padStart(4, '0')}`;
      const answer = await client.call(
        'supervisor',
        'POST',
        `/v1/cases/${caseId}/signals/step-urged`,
        { stepId: burst.stepId, note: `督办 ${index + 1}` },
        commandId,
      );
      if (answer.status !== 202)
        throw new Error(`burst signal ${commandId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      commandIds.push(commandId);
      accept({
        caseId,
        commandId,
        name: 'step-urged',
        kind: 'signal',
        primaryEvent: 'StepUrged',
        acceptedAt: Date.now(),
        attempts: answer.attempts,
      });
    }
  };
  await Promise.all(Array.from({ length: burst.parallel }, sender));
  const deadline = Math.min(Date.now() + options.commandBudgetMs, options.loadDeadline);
  while (Date.now() < deadline) {
    const answer = await client.call('auditor', 'GET', `/v1/cases/${caseId}/queries/case-events`);
    if (answer.status === 200) {
      const seen = new Set((answer.body as RecordedEvent[]).map((event) => event.commandId));
      if (commandIds.every((commandId) => seen.has(commandId))) return;
    }
    await sleep(500);
  }
  throw new Error(`burst: not every one of ${commandIds.length} accepted signals reached the workflow`);
}

async function waitForEvent(client: RetryingClient, options: LoadOptions, caseId: string, commandId: string) {
  const deadline = Math.min(Date.now() + options.commandBudgetMs, options.loadDeadline);
  while (Date.now() < deadline) {
    const answer = await client.call('auditor', 'GET', `/v1/cases/${caseId}/queries/case-events`);
    if (answer.status === 200 && (answer.body as RecordedEvent[]).some((event) => event.commandId === commandId))
      return;
    await sleep(150);
  }
  throw new Error(`signal ${commandId} accepted (202) but never seen by the workflow (lost signal?)`);
}

async function waitForCompletion(client: RetryingClient, options: LoadOptions, caseId: string) {
  const deadline = Math.min(Date.now() + options.commandBudgetMs, options.loadDeadline);
  let status = '';
  while (Date.now() < deadline) {
    const answer = await client.call('auditor', 'GET', `/v1/cases/${caseId}`);
    status = answer.status === 200 ? (answer.body as CaseView).status : `HTTP ${answer.status}`;
    if (status === 'completed') return;
    await sleep(250);
  }
  throw new Error(`case ${caseId} did not complete (last status ${status})`);
}
