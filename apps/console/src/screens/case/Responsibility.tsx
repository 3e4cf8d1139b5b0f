import { useState, type FormEvent } from 'react';
import { api, unwrap, type CaseView } from '../../api/client';
import { ErrorNote, Field, Section } from '../../components/ui';
import { dateTime } from '../../format';
import { useAction } from '../../hooks';
import { useI18n } from '../../i18n/i18n';

/** Who may ask to hand a case over: the engine decides whether this key answers for it (首问负责制). */
const HANDS_OVER = new Set(['window', 'supervisor']);

/**
 * 首问负责制: the first responder (the key that received the case), who answers for it now, each hand-over with its
 * reason, and for the window and supervisors the hand-over form (case-handed-over; the engine refuses anyone else).
 */
export function Responsibility({ view, role, onChanged }: { view: CaseView; role: string; onChanged: () => void }) {
  const { t } = useI18n();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  const send = useAction(async () => {
    unwrap(
      await api.POST('/v1/cases/{caseId}/updates/case-handed-over', {
        params: { path: { caseId: view.caseId } },
        body: { to: { id, name }, reason },
      }),
    );
    setId('');
    setName('');
    setReason('');
    onChanged();
  });
  const responsibility = view.responsibility;
  if (!responsibility) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send.run();
  };
  const { firstResponder, current, handOvers } = responsibility;
  return (
    <Section title={t('responsibility.title')}>
      <dl className="summary" data-testid="responsibility">
        <dt>{t('responsibility.firstResponder')}</dt>
        <dd>
          <code>{firstResponder.id}</code> · {dateTime(firstResponder.at)}
        </dd>
        <dt>{t('responsibility.current')}</dt>
        <dd>
          {current.name ? `${current.name} ` : ''}
          <code>{current.id}</code> · {t('responsibility.since', { at: dateTime(current.since) })}
        </dd>
      </dl>
      {handOvers.length > 0 ? (
        <ul className="plain">
          {handOvers.map((handOver, index) => (
            <li key={index}>
              {dateTime(handOver.at)} · {handOver.from.name ?? handOver.from.id} → {handOver.to.name} (
              <code>{handOver.to.id}</code>) · {handOver.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {HANDS_OVER.has(role) && !view.closed ? (
        <form onSubmit={submit} className="opinion-form">
          <Field label={t('responsibility.toId')} field="to.id" failure={send.failure}>
            {(props) => <input {...props} required value={id} onChange={(e) => setId(e.target.value)} />}
          </Field>
          <Field label={t('responsibility.toName')} field="to.name" failure={send.failure}>
            {(props) => <input {...props} required value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label={t('responsibility.reason')} field="reason" failure={send.failure}>
            {(props) => <input {...props} required value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <ErrorNote failure={send.failure} />
          <button type="submit" disabled={send.running}>
            {t('responsibility.handOver')}
          </button>
        </form>
      ) : null}
    </Section>
  );
}
