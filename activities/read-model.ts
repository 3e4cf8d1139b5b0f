import type { WorkingDayCalculator } from '@onewindow/calendar';
import type { HandlingKind } from '@onewindow/catalog';
import { caseFacts, caseView, type CaseFacts, type CaseState } from '@onewindow/case';

/**
 * The read-model facts of a case (lists, 待办, search, 电子监察), from its state: the kernel's own view, evaluated at
 * `at` (when the case's last event took effect), and the facts it selects from it.
 */
export function readModelFacts(
  state: CaseState,
  at: string,
  calendar: WorkingDayCalculator,
  templateKind?: string,
): CaseFacts {
  return caseFacts(caseView(state, at, calendar, templateKind as HandlingKind | undefined));
}
