import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { ErrorNote, Field, FieldErrors, RadioGroup } from '../../components/ui';
import { useAction } from '../../hooks';
import { useI18n } from '../../i18n/i18n';
import { useReference } from '../../reference';
import type { InboxRow } from './DepartmentInbox';

type Action = 'agree' | 'disagree' | 'agree-refer-upward' | 'request-correction' | 'suspend' | 'extend';
const ACTIONS: Action[] = ['agree', 'disagree', 'agree-refer-upward', 'request-correction', 'suspend', 'extend'];
type SuspensionReason = Schemas['Message.clock-suspended']['reason'];
const SUSPENSION_REASONS: SuspensionReason[] = [
  'inspection',
  'expert-review',
  'hearing',
  'testing',
  'appraisal',
  'tendering',
  'auction',
  'quarantine',
];

/**
 * The opinion form of one step: 同意 / 不同意 with reasons / 同意但需转报 / 补正 with items (department-opinion),
 * 中止 with reason and expected days (clock-suspended), 延期 with approver (extension-granted). Each is an update:
 * the engine answers with its decision, and a refusal is shown next to the field it names.
 */
export function OpinionForm({ row, onDone }: { row: InboxRow; onDone: () => void }) {
  const { t, label } = useI18n();
  const reference = useReference();
  const { caseId } = row.view;
  const { stepId, matterCode } = row.step;
  const materials = reference.matters.find((matter) => matter.code === matterCode)?.materials ?? [];
  const [action, setAction] = useState<Action>('agree');
  const [reasons, setReasons] = useState('');
  const [corrections, setCorrections] = useState<string[]>([]);
  const [suspension, setSuspension] = useState<SuspensionReason>('inspection');
  const [days, setDays] = useState('5');
  const [approvedBy, setApprovedBy] = useState('');
  const path = { path: { caseId } };
  const send = useAction(async () => {
    if (action === 'suspend') {
      unwrap(
        await api.POST('/v1/cases/{caseId}/updates/clock-suspended', {
          params: path,
          body: { stepId, reason: suspension, note: reasons, expectedWorkingDays: Number(days) },
        }),
      );
    } else if (action === 'extend') {
      unwrap(
        await api.POST('/v1/cases/{caseId}/updates/extension-granted', {
          params: path,
          body: { stepId, reason: reasons, approvedBy },
        }),
      );
    } else {
      unwrap(
        await api.POST('/v1/cases/{caseId}/updates/department-opinion', {
          params: path,
          body: {
            stepId,
            opinion: action,
            ...(reasons ? { reasons } : {}),
            ...(action === 'request-correction' ? { corrections } : {}),
            ...(action === 'agree-refer-upward' ? { higherOrgan: true } : {}),
          },
        }),
      );
    }
    onDone();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send.run();
  };
  const reasonsField = action === 'suspend' ? 'note' : action === 'extend' ? 'reason' : 'reasons';
  return (
    <form onSubmit={submit} className="opinion-form">
      <RadioGroup
        legend={t('opinion.action')}
        name="action"
        choices={ACTIONS}
        value={action}
        onChange={setAction}
        labelOf={(value) => label('action', value)}
        failure={send.failure}
        field="opinion"
      />
      {action === 'suspend' ? (
        <>
          <Field label={t('opinion.suspensionReason')} field="reason" failure={send.failure}>
            {(props) => (
              <select {...props} value={suspension} onChange={(e) => setSuspension(e.target.value as SuspensionReason)}>
                {SUSPENSION_REASONS.map((value) => (
                  <option key={value} value={value}>
                    {label('suspension', value)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('opinion.expectedDays')} field="expectedWorkingDays" failure={send.failure}>
            {(props) => (
              <input
                {...props}
                type="number"
                min={1}
                max={365}
                value={days}
                onChange={(e) => setDays(e.target.value)}
              />
            )}
          </Field>
        </>
      ) : null}
      {action === 'request-correction' ? (
        <fieldset>
          <legend>{t('opinion.corrections')}</legend>
          {materials.map((material) => (
            <label key={material.code} className="radio">
              <input
                type="checkbox"
                checked={corrections.includes(material.code)}
                onChange={() =>
                  setCorrections((current) =>
                    current.includes(material.code)
                      ? current.filter((code) => code !== material.code)
                      : [...current, material.code],
                  )
                }
              />{' '}
              {material.name}
            </label>
          ))}
          <FieldErrors failure={send.failure} field="corrections" />
        </fieldset>
      ) : null}
      {action === 'extend' ? (
        <Field label={t('opinion.approvedBy')} field="approvedBy" failure={send.failure}>
          {(props) => <input {...props} value={approvedBy} onChange={(e) => setApprovedBy(e.target.value)} />}
        </Field>
      ) : null}
      <Field
        label={t(action === 'agree' ? 'opinion.remarks' : 'opinion.reasons')}
        field={reasonsField}
        failure={send.failure}
      >
        {(props) => <textarea {...props} value={reasons} onChange={(e) => setReasons(e.target.value)} />}
      </Field>
      <FieldErrors failure={send.failure} field="stepId" />
      <ErrorNote failure={send.failure} />
      <div className="actions">
        <button type="submit" className="primary" disabled={send.running}>
          {t('opinion.submit')}
        </button>
      </div>
    </form>
  );
}
