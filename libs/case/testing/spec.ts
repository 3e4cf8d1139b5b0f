import type { Actor, CaseCommand, CaseEvent, RejectionCode } from '../base';
import { decide, fold, type KernelContext } from '../kernel';
import type { CaseState } from '../state';

type Body<C> = C extends CaseCommand ? Omit<C, 'commandId' | 'at' | 'actor'> : never;
/** An expected event: its type and the fields that matter. */
type Expected = Partial<CaseEvent> & { type: CaseEvent['type'] };

/**
 * Decider specs in events: given the events a case has (recorded, or another spec's outcome), when a command comes,
 * then these events (each matched on the fields it names, in order), or this refusal.
 */
export function spec(context: KernelContext) {
  let counter = 0;
  return {
    given(events: readonly CaseEvent[]) {
      const state: CaseState = fold(events);
      return {
        state,
        when(at: string, actor: Actor, body: Body<CaseCommand>, commandId = `spec-${++counter}`) {
          const decision = decide(state, { ...body, at, actor, commandId }, context);
          return {
            decision,
            /** The events decided, each matching its expectation's fields, in order; returns them with the state. */
            then(expected: readonly Expected[]): { events: CaseEvent[]; state: CaseState } {
              if (!decision.ok)
                throw new Error(
                  `expected events, got the refusal ${decision.rejection.code}: ${decision.rejection.message}`,
                );
              expect(decision.events).toMatchObject(expected);
              expect(decision.events).toHaveLength(expected.length);
              return { events: [...events, ...decision.events], state: decision.state };
            },
            thenRejects(code: RejectionCode, field?: string) {
              if (decision.ok)
                throw new Error(
                  `expected ${code}, got events ${decision.events.map((event) => event.type).join(', ')}`,
                );
              expect(decision.rejection).toMatchObject({ code, ...(field ? { field } : {}) });
              return decision.rejection;
            },
          };
        },
      };
    },
  };
}
