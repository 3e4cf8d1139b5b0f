import type { Actor } from '../base';
import { accepted3, calendar, local, submitted3, window } from '../testing/scenario';
import { spec } from '../testing/spec';
import { caseView } from '../view';

const colleague = { id: 'W-0207', name: '李敏' };
const supervisor: Actor = { id: 'supervisor-1', role: 'supervisor' };
const otherWindow: Actor = { id: 'window-2', role: 'window' };

describe('首问负责制: the first responder answers for the case until a hand-over with its reason', () => {
  it('the key that received the case is its first responder and answers for it', () => {
    // given a case received by the window at 09:00
    const given = submitted3();
    // then the view names that key, since the receipt, with no hand-over
    const view = caseView(given.state, local('2026-03-02 12:00'), calendar);
    expect(view.responsibility).toEqual({
      firstResponder: { ...window, at: local('2026-03-02 09:00') },
      current: { id: window.id, since: local('2026-03-02 09:00') },
      handOvers: [],
    });
  });

  it('hands over to a colleague with the reason; the first responder stays on record', () => {
    const given = accepted3();
    const handOver = { type: 'HandOverCase', to: colleague, reason: '本人轮岗，移交同组同事' } as const;
    const specs = spec(given.ctx);
    // when the first responder hands the case to a colleague
    const { state, events } = specs
      .given(given.events)
      .when(local('2026-03-03 10:00'), window, handOver)
      .then([{ type: 'CaseHandedOver', from: { id: window.id }, to: colleague, reason: '本人轮岗，移交同组同事' }]);
    // then the colleague answers for it from then on, and the first responder is still the one who received it
    const view = caseView(state, local('2026-03-03 11:00'), calendar);
    expect(view.responsibility).toMatchObject({
      firstResponder: { id: window.id, at: local('2026-03-02 09:00') },
      current: { ...colleague, since: local('2026-03-03 10:00') },
      handOvers: [{ at: local('2026-03-03 10:00'), from: { id: window.id }, to: colleague, by: window }],
    });
    // and only the one answering for it, or a supervisor, hands it on; never to the one who has it
    const after = specs.given(events);
    after
      .when(local('2026-03-03 11:00'), window, { ...handOver, to: { id: 'W-9', name: '王' } })
      .thenRejects('not-responsible');
    after.when(local('2026-03-03 11:00'), otherWindow, handOver).thenRejects('not-responsible');
    after.when(local('2026-03-03 11:00'), supervisor, handOver).thenRejects('hand-over-to-self', 'to.id');
    after
      .when(local('2026-03-03 11:00'), supervisor, {
        ...handOver,
        to: { id: window.id, name: '张三' },
        reason: '原经办人返岗',
      })
      .then([{ type: 'CaseHandedOver', from: colleague, to: { id: window.id, name: '张三' } }]);
  });

  it('a closed case is handed over to nobody', () => {
    const given = accepted3();
    const specs = spec(given.ctx);
    const closed = specs
      .given(given.events)
      .when(local('2026-03-03 10:00'), window, { type: 'Withdraw', reason: '申请人撤回' })
      .then([{ type: 'CaseWithdrawn' }, { type: 'StepsCancelled' }]);
    specs
      .given(closed.events)
      .when(local('2026-03-03 11:00'), window, { type: 'HandOverCase', to: colleague, reason: '移交' })
      .thenRejects('case-closed');
  });
});
