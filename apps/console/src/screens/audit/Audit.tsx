import { useState, type FormEvent } from 'react';
import { api, fileNameOf, saveFile, unwrap, type CaseView } from '../../api/client';
import { ErrorNote, Field, Loading, Section, StatusBadge } from '../../components/ui';
import { dateTime } from '../../format';
import { useAction, useLoad } from '../../hooks';
import { useI18n } from '../../i18n/i18n';
import { Lanes } from '../case/Lanes';
import { Archive } from './Archive';

type History = Awaited<ReturnType<typeof loadHistory>>;

async function loadHistory(caseId: string) {
  const history = unwrap(await api.GET('/v1/cases/{caseId}/history', { params: { path: { caseId }, query: {} } }));
  if (!Array.isArray(history)) throw new Error('expected the domain event log');
  return history;
}

/** State as of an instant: a slider over the case's own events, each position the instant of one event. */
function AsOf({ caseId, history }: { caseId: string; history: History }) {
  const { t, label } = useI18n();
  const [position, setPosition] = useState(history.length - 1);
  const entry = history[Math.min(position, history.length - 1)];
  const state = useLoad(
    async (): Promise<CaseView> =>
      unwrap(
        await api.GET('/v1/cases/{caseId}/state', { params: { path: { caseId }, query: { asOf: entry.occurredAt } } }),
      ),
    [caseId, entry.occurredAt],
  );
  return (
    <Section title={t('audit.asOf')}>
      <Field label={t('audit.slider', { sequence: entry.sequence, count: history.length })}>
        {(props) => (
          <input
            {...props}
            type="range"
            min={0}
            max={history.length - 1}
            step={1}
            value={position}
            onChange={(event) => setPosition(Number(event.target.value))}
            aria-valuetext={`${dateTime(entry.occurredAt)} ${label('event', entry.type)}`}
          />
        )}
      </Field>
      <p data-testid="as-of">
        {t('audit.stateAt', { at: dateTime(entry.occurredAt), event: label('event', entry.type) })}{' '}
        {state.data ? <StatusBadge status={state.data.status} /> : null}
      </p>
      <ErrorNote failure={state.error} />
      {state.data ? <Lanes view={state.data} /> : null}
    </Section>
  );
}

/** Hash-chain verification, replay against today's code, and the export bundle of one case. */
function Checks({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const verify = useAction(async () => unwrap(await api.GET('/v1/audit/verify', { params: { query: { caseId } } })));
  const replay = useAction(async () => unwrap(await api.POST('/v1/audit/replay', { body: { caseId } })));
  const [verification, setVerification] = useState<Awaited<ReturnType<typeof verify.run>>>();
  const [replayed, setReplayed] = useState<Awaited<ReturnType<typeof replay.run>>>();
  const exporting = useAction(async () => {
    // Saved as the API sent it, byte for byte: the bundle an archive receives is the one the API answered.
    const answer = await api.GET('/v1/audit/export', { params: { query: { caseId } }, parseAs: 'blob' });
    saveFile(unwrap<Blob>(answer), fileNameOf(answer.response, `case-${caseId}.json`));
  });
  return (
    <Section title={t('audit.checks')}>
      <div className="actions">
        <button type="button" onClick={() => void verify.run().then(setVerification)} disabled={verify.running}>
          {t('audit.verify')}
        </button>
        <button type="button" onClick={() => void replay.run().then(setReplayed)} disabled={replay.running}>
          {t('audit.replay')}
        </button>
        <button type="button" onClick={() => void exporting.run()} disabled={exporting.running}>
          {t('audit.export')}
        </button>
      </div>
      <ErrorNote failure={verify.failure ?? replay.failure ?? exporting.failure} />
      {verification ? (
        <p className={verification.verified ? 'success' : 'error-note'} role="status" data-testid="verification">
          {verification.verified
            ? t('audit.verified', { events: verification.events })
            : t('audit.broken', {
                problems: verification.problems.map((problem) => `${problem.kind}@${problem.sequence}`).join(', '),
              })}
        </p>
      ) : null}
      {replay.running ? <p aria-live="polite">{t('audit.replaying')}</p> : null}
      {replayed ? (
        <p className={replayed.deterministic ? 'success' : 'error-note'} role="status" data-testid="replay">
          {replayed.deterministic
            ? t('audit.deterministic')
            : t('audit.divergent', { divergence: replayed.divergence ?? '' })}
        </p>
      ) : null}
    </Section>
  );
}

/** 审计 (auditor): one case's state as of any instant, chain, replay and bundle; many cases as one archive. */
export function Audit() {
  const { t } = useI18n();
  const [draft, setDraft] = useState('');
  const [caseId, setCaseId] = useState<string>();
  const history = useLoad(async () => (caseId ? loadHistory(caseId) : undefined), [caseId]);
  const recent = useLoad(
    async () => unwrap(await api.GET('/v1/cases', { params: { query: { page: 1, pageSize: 50 } } })).items,
    [],
  );
  const open = (event: FormEvent) => {
    event.preventDefault();
    setCaseId(draft.trim() || undefined);
  };
  return (
    <>
      <h1>{t('nav.audit')}</h1>
      <Section title={t('audit.pick')}>
        <form className="filters" onSubmit={open}>
          <Field label={t('case.id')} field="caseId" failure={history.error}>
            {(props) => (
              <input
                {...props}
                list="recent-cases"
                value={draft}
                onChange={(event) => setDraft(event.target.value)}
                required
              />
            )}
          </Field>
          <datalist id="recent-cases">
            {(recent.data ?? []).map((item) => (
              <option key={item.caseId} value={item.caseId} />
            ))}
          </datalist>
          <div className="actions">
            <button type="submit" className="primary">
              {t('audit.open')}
            </button>
          </div>
        </form>
      </Section>
      <ErrorNote failure={history.error} />
      <Loading when={history.loading && caseId !== undefined} />
      {caseId && history.data ? (
        <>
          <Checks key={`checks-${caseId}`} caseId={caseId} />
          <AsOf key={`as-of-${caseId}`} caseId={caseId} history={history.data} />
        </>
      ) : null}
      <Archive />
    </>
  );
}
