import { useState, type FormEvent } from 'react';
import { api, unwrap, type CaseView } from '../../api/client';
import { ErrorNote, Field, Section } from '../../components/ui';
import { dateTime, typedNumber, yuan } from '../../format';
import { useAction } from '../../hooks';
import { useI18n } from '../../i18n/i18n';
import { useCaseCatalogue, useReference } from '../../reference';
import { roleKind } from '../../roles';

type Fee = NonNullable<CaseView['fees']>['items'][number];

/**
 * The published fee items of the case's matters not assessed yet, as the case's own catalogue version lists them
 * (统一收费项目和标准): the engine assesses against that version, so a case received before another version was
 * activated is offered its own items, not the active catalogue's.
 */
function usePublishedItems(view: CaseView) {
  const catalogue = useCaseCatalogue(view.catalogVersion);
  const matters = [...new Set(view.steps.map((step) => step.matterCode))];
  const assessed = new Set((view.fees?.items ?? []).map((fee) => `${fee.matterCode}/${fee.itemCode}`));
  const items = matters.flatMap((code) => {
    const matter = catalogue.matters.find((candidate) => candidate.code === code);
    return (matter?.guide?.fees ?? [])
      .filter((item) => !assessed.has(`${code}/${item.code}`))
      .map((item) => ({ matterCode: code, matterName: matter!.name, item }));
  });
  return { items, loading: catalogue.loading, failure: catalogue.failure };
}

/**
 * The window assesses a fee: the published item and, for a per-unit item, the quantity; the engine computes the
 * standard's amount (an amount typed here must be that amount, or the engine refuses it at the field).
 */
function AssessForm({ view, onChanged }: { view: CaseView; onChanged: () => void }) {
  const { t } = useI18n();
  const { items, loading, failure } = usePublishedItems(view);
  const [choice, setChoice] = useState('');
  const [quantity, setQuantity] = useState('');
  const [amount, setAmount] = useState('');
  const keyOf = (entry: (typeof items)[number]) => `${entry.matterCode}/${entry.item.code}`;
  const chosen = items.find((entry) => keyOf(entry) === choice) ?? items[0];
  const perUnit = chosen && 'perUnitYuan' in chosen.item.amount ? chosen.item.amount : undefined;
  const send = useAction(async () => {
    unwrap(
      await api.POST('/v1/cases/{caseId}/updates/fees-assessed', {
        params: { path: { caseId: view.caseId } },
        body: {
          fees: [
            {
              matterCode: chosen.matterCode,
              itemCode: chosen.item.code,
              ...(perUnit ? { quantity: typedNumber(quantity) } : {}),
              ...(typedNumber(amount) !== undefined ? { amountYuan: typedNumber(amount) } : {}),
            },
          ],
        },
      }),
    );
    setChoice('');
    setQuantity('');
    setAmount('');
    onChanged();
  });
  if (failure) return <ErrorNote failure={failure} />;
  if (loading) return <p className="muted">{t('common.loading')}</p>;
  if (items.length === 0) return <p className="muted">{t('fees.noneAssessable')}</p>;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send.run();
  };
  return (
    <form onSubmit={submit} className="opinion-form" data-testid="fee-assess">
      <Field label={t('fees.item')} field="fees.0.itemCode" failure={send.failure}>
        {(props) => (
          <select {...props} value={chosen ? keyOf(chosen) : ''} onChange={(e) => setChoice(e.target.value)}>
            {items.map((entry) => (
              <option key={keyOf(entry)} value={keyOf(entry)}>
                {entry.item.name} · {entry.matterName} · {entry.item.standard}
              </option>
            ))}
          </select>
        )}
      </Field>
      {perUnit ? (
        <Field label={t('fees.quantity', { unit: perUnit.unit })} field="fees.0.quantity" failure={send.failure}>
          {(props) => (
            <input
              {...props}
              required
              type="number"
              min="0"
              step="0.01"
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
            />
          )}
        </Field>
      ) : null}
      <Field label={t('fees.amount')} field="fees.0.amountYuan" failure={send.failure}>
        {(props) => (
          <input
            {...props}
            type="number"
            min="0"
            step="0.01"
            placeholder={t('fees.amountByStandard')}
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        )}
      </Field>
      <ErrorNote failure={send.failure} />
      <button type="submit" disabled={send.running || !chosen}>
        {t('fees.assess')}
      </button>
    </form>
  );
}

/** What one may do on one fee: pay it (window, integrator), ask for a waiver (window), decide one (its department, a supervisor). */
function FeeActions({ view, fee, role, onChanged }: { view: CaseView; fee: Fee; role: string; onChanged: () => void }) {
  const { t } = useI18n();
  const kind = roleKind(role);
  const [receipt, setReceipt] = useState('');
  const [reason, setReason] = useState('');
  const [waive, setWaive] = useState('');
  const path = { params: { path: { caseId: view.caseId } } };
  const pay = useAction(async () => {
    unwrap(
      await api.POST('/v1/cases/{caseId}/updates/fee-paid', {
        ...path,
        body: { feeId: fee.feeId, amountYuan: fee.dueFen / 100, receipt },
      }),
    );
    onChanged();
  });
  const request = useAction(async () => {
    unwrap(
      await api.POST('/v1/cases/{caseId}/updates/fee-waiver-requested', {
        ...path,
        body: {
          feeId: fee.feeId,
          reason,
          ...(typedNumber(waive) !== undefined ? { amountYuan: typedNumber(waive) } : {}),
        },
      }),
    );
    onChanged();
  });
  const decide = useAction(async (granted: boolean) => {
    unwrap(
      await api.POST('/v1/cases/{caseId}/updates/fee-waiver-decided', {
        ...path,
        body: { feeId: fee.feeId, granted, reasons: reason },
      }),
    );
    onChanged();
  });
  const failure = pay.failure ?? request.failure ?? decide.failure;
  const deciding = fee.status === 'waiver-requested' && (kind === 'supervisor' || kind === 'department');
  const paying = fee.status === 'due' && (kind === 'window' || kind === 'integrator');
  const asking = fee.status === 'due' && kind === 'window' && !fee.waiver;
  if (!deciding && !paying && !asking) return null;
  return (
    <div className="fee-actions" data-testid={`fee-actions-${fee.feeId}`}>
      {paying ? (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void pay.run();
          }}
        >
          <Field label={t('fees.receipt')} field="receipt" failure={pay.failure}>
            {(props) => <input {...props} required value={receipt} onChange={(e) => setReceipt(e.target.value)} />}
          </Field>
          <button type="submit" disabled={pay.running}>
            {t('fees.pay', { amount: yuan(fee.dueFen) })}
          </button>
        </form>
      ) : null}
      {asking || deciding ? (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            // Enter in the reasons field: a request asks; a decision needs its button (grant or refuse).
            if (asking) void request.run();
          }}
        >
          <Field
            label={deciding ? t('fees.decisionReasons') : t('fees.waiverReason')}
            field={deciding ? 'reasons' : 'reason'}
            failure={deciding ? decide.failure : request.failure}
          >
            {(props) => <input {...props} required value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          {asking ? (
            <>
              <Field label={t('fees.waiverAmount')} field="amountYuan" failure={request.failure}>
                {(props) => (
                  <input
                    {...props}
                    type="number"
                    min="0"
                    step="0.01"
                    placeholder={String(fee.amountFen / 100)}
                    value={waive}
                    onChange={(e) => setWaive(e.target.value)}
                  />
                )}
              </Field>
              <button type="submit" disabled={request.running}>
                {t('fees.requestWaiver')}
              </button>
            </>
          ) : (
            <>
              <button type="button" disabled={decide.running || !reason} onClick={() => void decide.run(true)}>
                {t('fees.grant')}
              </button>
              <button type="button" disabled={decide.running || !reason} onClick={() => void decide.run(false)}>
                {t('fees.refuse')}
              </button>
            </>
          )}
        </form>
      ) : null}
      <ErrorNote failure={failure} />
    </div>
  );
}

/**
 * 统一收费: the fees assessed on the case, what each still asks, who paid or waived it; the window assesses at the
 * published standard, the cashier or payment platform records payments, a waiver is asked at the window and decided
 * by the fee's department or a supervisor (the engine refuses the clerk who assessed or asked).
 */
export function Fees({ view, role, onChanged }: { view: CaseView; role: string; onChanged: () => void }) {
  const { t, label } = useI18n();
  const reference = useReference();
  const fees = view.fees;
  const open = view.status === 'in-review' || view.status === 'awaiting-issuance';
  if (!fees && !(open && roleKind(role) === 'window')) return null;
  return (
    <Section title={t('fees.title')}>
      {fees ? (
        <>
          <table data-testid="fees">
            <thead>
              <tr>
                <th>{t('fees.item')}</th>
                <th>{t('fees.department')}</th>
                <th>{t('fees.assessed')}</th>
                <th>{t('fees.status')}</th>
                <th>{t('fees.due')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {fees.items.map((fee) => (
                <tr key={fee.feeId} data-testid={`fee-${fee.feeId}`}>
                  <td>
                    {fee.name}
                    {fee.quantity !== undefined ? (
                      <span className="muted">
                        {' '}
                        · {fee.quantity} {fee.unit}
                      </span>
                    ) : null}
                  </td>
                  <td>{reference.departmentName(fee.department)}</td>
                  <td>
                    {yuan(fee.amountFen)} <span className="muted">{dateTime(fee.assessedAt)}</span>
                  </td>
                  <td>
                    <span className={`badge fee-${fee.status}`}>{label('status', fee.status)}</span>
                    {fee.waiver ? (
                      <div className="muted">
                        {t('fees.waiverLine', { amount: yuan(fee.waiver.amountFen), reason: fee.waiver.reason })}
                        {fee.waiver.decided
                          ? ` · ${fee.waiver.decided.granted ? t('fees.granted') : t('fees.refused')} (${fee.waiver.decided.by.id}) ${fee.waiver.decided.reasons}`
                          : ''}
                      </div>
                    ) : null}
                    {fee.paid ? (
                      <div className="muted">
                        {t('fees.paidLine', { receipt: fee.paid.receipt, at: dateTime(fee.paid.at) })}
                      </div>
                    ) : null}
                  </td>
                  <td>{yuan(fee.dueFen)}</td>
                  <td>{open ? <FeeActions view={view} fee={fee} role={role} onChanged={onChanged} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p data-testid="fee-totals">
            {t('fees.totals', {
              assessed: yuan(fees.assessedFen),
              paid: yuan(fees.paidFen),
              waived: yuan(fees.waivedFen),
              due: yuan(fees.dueFen),
            })}
            {fees.cancelledFen > 0 ? ` · ${t('fees.cancelledTotal', { cancelled: yuan(fees.cancelledFen) })}` : null}
          </p>
        </>
      ) : null}
      {open && roleKind(role) === 'window' ? <AssessForm view={view} onChanged={onChanged} /> : null}
    </Section>
  );
}
