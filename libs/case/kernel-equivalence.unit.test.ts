import { shippedCatalogs } from '@onewindow/catalog/shipped';
import {
  decide as decideBefore,
  fold as foldBefore,
  initialCaseState as initialBefore,
  type CaseCommand as CommandBefore,
  type CaseState as StateBefore,
} from '@onewindow/domain';
import { decide, initialCaseState } from '.';
import { kernelContext, randomHistory } from './testing/histories';

/**
 * The kernel decides the cases of the 2026-11 and 2026-12 rules exactly as the decider it replaces did: same events,
 * same refusals, for hundreds of random histories over every shipped catalogue version and template. (Recorded
 * histories replay only if the kernel reaches the same states and so emits the same workflow commands.)
 */
describe('the kernel against the decider it replaces (rules 2026-11 and 2026-12)', () => {
  const catalogs = shippedCatalogs();
  const runs = Number(process.env.KERNEL_EQUIVALENCE_RUNS ?? 200);

  it.each([1, 2] as const)('rules %i: identical decisions on random histories', (rulesVersion) => {
    let compared = 0;
    for (let seed = 1; seed <= runs; seed += 1) {
      const catalog = catalogs[seed % catalogs.length];
      let before: StateBefore = initialBefore;
      randomHistory({ catalog, seed, rulesVersion }, (state, input) => {
        const context = kernelContext(catalog, (input as { templateId?: string }).templateId ?? state!.templateId);
        const now = decide(state ?? initialCaseState, input, context);
        const then = decideBefore(before, input as unknown as CommandBefore, context);
        compared += 1;
        if (now.ok !== then.ok) {
          throw new Error(
            `seed ${seed} ${input.type}: kernel ${now.ok ? 'ok' : now.rejection.code}, before ${then.ok ? 'ok' : then.rejection.code}`,
          );
        }
        if (!now.ok || !then.ok) {
          expect({ seed, input: input.type, rejection: now.ok ? undefined : now.rejection }).toEqual({
            seed,
            input: input.type,
            rejection: then.ok ? undefined : then.rejection,
          });
          return state ?? initialCaseState;
        }
        expect({ seed, input: input.type, events: now.events }).toEqual({
          seed,
          input: input.type,
          events: then.events,
        });
        before = foldBefore(then.events, before);
        return now.state;
      });
    }
    expect(compared).toBeGreaterThan(runs * 5);
  });
});
