import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { RecomputationActivities } from '@onewindow/activities/calendar-recomputation';
import type { CalendarRecomputationInput } from '@onewindow/contract';

const PAGE_SIZE = 200;
/** Pages per run before continuing as new: a year's cases stay far from the history limits. */
const PAGES_PER_RUN = 50;

const { startCalendarRecomputation, recomputeCasePage, finishCalendarRecomputation } =
  proxyActivities<RecomputationActivities>({
    // A page of 200 cases, each an update and a read-model check: minutes at most; the heartbeat notices a dead worker.
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });

/**
 * Pages through the read model's open cases in case-id order and sends each that a new notice can move a
 * `calendar-updated` update, recording what moved. Durable: a worker that dies mid-page resumes from its heartbeat.
 */
export async function calendarRecomputation(input: CalendarRecomputationInput): Promise<void> {
  if (input.after === undefined)
    await startCalendarRecomputation({
      id: input.id,
      noticeId: input.noticeId,
      calendarVersion: input.calendarVersion,
    });
  let after = input.after ?? '';
  for (let page = 0; page < PAGES_PER_RUN; page += 1) {
    const next = await recomputeCasePage({ id: input.id, year: input.year, after, limit: PAGE_SIZE });
    if (next === undefined) {
      await finishCalendarRecomputation({ id: input.id, status: 'done' });
      return;
    }
    after = next;
  }
  await continueAsNew<typeof calendarRecomputation>({ ...input, after });
}
