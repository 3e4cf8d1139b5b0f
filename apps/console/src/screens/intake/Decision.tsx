import { useState, type FormEvent } from 'react';
import { api, unwrap, type CaseView, type Schemas } from '../../api/client';
import { ErrorNote, Field, FieldErrors, RadioGroup, Section } from '../../components/ui';
import { useAction } from '../../hooks';
import { useI18n } from '../../i18n/i18n';
import { loadCase } from '../case/CaseDetail';
import type { TemplateMaterial } from './materials';

type Body = Schemas['Message.acceptance-decided'];
type Choice = Body['decision'];
const CHOICES: Choice[] = ['accept', 'accept-with-tolerance', 'accept-with-commitment', 'notify-missing', 'reject'];

/**
 * The acceptance decision (acceptance-decided, as an update): accept, 容缺 with the signed letter and a deadline,
 * 告知承诺 with the commitments, a one-time notice of everything missing, or 不予受理 with reason and legal basis.
 * The engine judges it; a refusal is shown next to the field it names.
 */
export function Decision(props: {
  view: CaseView;
  materials: TemplateMaterial[];
  received: Set<string>;
  onDecided: (view: CaseView) => void;
}) {
  const { t, label } = useI18n();
  const missing = props.materials.filter((material) => !material.landContract && !props.received.has(material.code));
  const [choice, setChoice] = useState<Choice>(missing.length ? 'accept-with-tolerance' : 'accept');
  const [forms, setForms] = useState<Record<string, string>>({});
  const [commitments, setCommitments] = useState<Record<string, string>>({});
  const [letter, setLetter] = useState(false);
  const [days, setDays] = useState('10');
  const [reason, setReason] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const decide = useAction(async () => {
    const items = missing.map((material) => ({
      materialCode: material.code,
      ...(forms[material.code] ? { form: forms[material.code] } : {}),
    }));
    const body: Body = { decision: choice };
    if (choice === 'accept-with-tolerance') {
      Object.assign(body, { missing: items, commitmentLetter: letter, supplementWithinWorkingDays: Number(days) });
    } else if (choice === 'notify-missing') {
      body.missing = items;
    } else if (choice === 'accept-with-commitment') {
      body.commitmentLetter = letter;
      body.commitments = missing.map((material) => ({
        materialCode: material.code,
        text: commitments[material.code] ?? '',
      }));
    } else if (choice === 'reject') {
      Object.assign(body, { reason, legalBasis });
    }
    unwrap(
      await api.POST('/v1/cases/{caseId}/updates/acceptance-decided', {
        params: { path: { caseId: props.view.caseId } },
        body,
      }),
    );
    props.onDecided(await loadCase(props.view.caseId));
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void decide.run();
  };
  const itemsShown = choice === 'accept-with-tolerance' || choice === 'notify-missing';
  return (
    <Section title={t('decision.title')}>
      <form onSubmit={submit}>
        <RadioGroup
          legend={t('decision.choice')}
          name="decision"
          choices={CHOICES}
          value={choice}
          onChange={setChoice}
          labelOf={(value) => label('decision', value)}
          failure={decide.failure}
          field="decision"
        />
        {itemsShown ? (
          <fieldset>
            <legend>{t('decision.missingItems')}</legend>
            {missing.length === 0 ? <p className="muted">{t('common.none')}</p> : null}
            {missing.map((material) => (
              <Field key={material.code} label={t('decision.formOf', { material: material.name })}>
                {(inputProps) => (
                  <input
                    {...inputProps}
                    placeholder={t('notice.formDefault')}
                    value={forms[material.code] ?? ''}
                    onChange={(event) => setForms((current) => ({ ...current, [material.code]: event.target.value }))}
                  />
                )}
              </Field>
            ))}
            <FieldErrors failure={decide.failure} field="missing" />
          </fieldset>
        ) : null}
        {choice === 'accept-with-commitment' ? (
          <fieldset>
            <legend>{t('decision.commitments')}</legend>
            {missing.map((material) => (
              <Field key={material.code} label={t('decision.commitmentOf', { material: material.name })}>
                {(inputProps) => (
                  <textarea
                    {...inputProps}
                    value={commitments[material.code] ?? ''}
                    onChange={(event) =>
                      setCommitments((current) => ({ ...current, [material.code]: event.target.value }))
                    }
                  />
                )}
              </Field>
            ))}
            <FieldErrors failure={decide.failure} field="commitments" />
          </fieldset>
        ) : null}
        {choice === 'accept-with-tolerance' || choice === 'accept-with-commitment' ? (
          <div className="field">
            <label className="radio">
              <input type="checkbox" checked={letter} onChange={(event) => setLetter(event.target.checked)} />{' '}
              {t(choice === 'accept-with-tolerance' ? 'decision.letter' : 'decision.commitmentLetter')}
            </label>
            <FieldErrors failure={decide.failure} field="commitmentLetter" />
          </div>
        ) : null}
        {choice === 'accept-with-tolerance' ? (
          <Field label={t('decision.days')} field="supplementWithinWorkingDays" failure={decide.failure}>
            {(inputProps) => (
              <input
                {...inputProps}
                type="number"
                min={1}
                max={365}
                value={days}
                onChange={(e) => setDays(e.target.value)}
              />
            )}
          </Field>
        ) : null}
        {choice === 'reject' ? (
          <>
            <Field label={t('decision.reason')} field="reason" failure={decide.failure}>
              {(inputProps) => <textarea {...inputProps} value={reason} onChange={(e) => setReason(e.target.value)} />}
            </Field>
            <Field label={t('decision.legalBasis')} field="legalBasis" failure={decide.failure}>
              {(inputProps) => (
                <input {...inputProps} value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} />
              )}
            </Field>
          </>
        ) : null}
        <ErrorNote failure={decide.failure} />
        <div className="actions">
          <button type="submit" className="primary" disabled={decide.running}>
            {t('decision.submit')}
          </button>
        </div>
      </form>
    </Section>
  );
}
