/** What publishing a notice asks of the open cases: recompute their deadlines with the calendar it changed. */
export interface CalendarRecomputationInput {
  /** The recomputation's id (its row in calendar_recomputations), e.g. `notice-17`. */
  id: string;
  noticeId: number;
  calendarVersion: string;
  /** The notice's year: cases counting days in it (or provisionally past it) are asked. */
  year: number;
  /** Case id after which to go on (continue-as-new carries it). */
  after?: string;
}

export const CALENDAR_RECOMPUTATION_WORKFLOW_TYPE = 'calendarRecomputation';
export const calendarRecomputationWorkflowId = (id: string): string => `calendar-recomputation-${id}`;
