import { api, unwrap, type CaseView } from '../../api/client';
import { ErrorNote, LevelBadge, Loading, Section, StatusBadge } from '../../components/ui';
import { date, dateTime } from '../../format';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n/i18n';
import { useReference } from '../../reference';
import { canReadTimeline } from '../../roles';
import { useMe } from '../../session';
import { Fees } from './Fees';
import { Responsibility } from './Responsibility';
import { NoticePrint } from '../intake/NoticePrint';
import { Lanes } from './Lanes';
import { Timeline } from './Timeline';

export async function loadCase(caseId: string): Promise<CaseView> {
  return unwrap(await api.GET('/v1/cases/{caseId}', { params: { path: { caseId }, query: {} } }));
}

function Summary({ view }: { view: CaseView }) {
  const { t, label } = useI18n();
  const reference = useReference();
  return (
    <dl className="summary">
      <dt>{t('case.template')}</dt>
      <dd>{reference.templateName(view.templateId)}</dd>
      <dt>{t('case.status')}</dt>
      <dd>
        <StatusBadge status={view.status} />{' '}
        {view.priority ? <span className="badge">{t('case.priority')}</span> : null}
      </dd>
      <dt>{t('case.kind')}</dt>
      <dd>{label('kind', view.kind)}</dd>
      <dt>{t('case.applicant')}</dt>
      <dd>
        {view.applicant.name} ({view.applicant.creditCode})
      </dd>
      <dt>{t('case.project')}</dt>
      <dd>
        {view.project.name}
        {view.project.landParcel ? ` · ${view.project.landParcel}` : ''}
        {view.project.investmentTenThousandYuan !== undefined
          ? ` · ${t('case.investment', { value: view.project.investmentTenThousandYuan })}`
          : ''}
        {view.project.floorAreaSquareMetres !== undefined
          ? ` · ${t('case.floorArea', { value: view.project.floorAreaSquareMetres })}`
          : ''}
      </dd>
      <dt>{t('case.receivedAt')}</dt>
      <dd>{dateTime(view.receivedAt)}</dd>
      <dt>{t('case.acceptance')}</dt>
      <dd>
        {view.acceptanceMode ? label('decision', view.acceptanceMode) : '—'} {dateTime(view.acceptedAt)}
      </dd>
      <dt>{t('case.deadline')}</dt>
      <dd>
        {dateTime(view.deadline)}{' '}
        {view.deadlineProvisional ? <span className="badge provisional">{t('step.provisional')}</span> : null}
        {view.closed
          ? ` · ${t('step.stopped')}`
          : view.remainingWorkingDays !== undefined
            ? ` · ${t('step.days', { days: view.remainingWorkingDays })}`
            : ''}
      </dd>
      <dt>{t('case.rules')}</dt>
      <dd data-testid="case-rules">
        {view.rules.label}{' '}
        {view.rules.current ? null : <span className="badge provisional">{t('case.olderRules')}</span>}
      </dd>
      <dt>{t('case.level')}</dt>
      <dd>
        <LevelBadge level={view.warningLevel} />{' '}
        {view.legalOverdue ? <span className="badge level-red">{t('step.legalOverdue')}</span> : null}
      </dd>
      {view.closed ? (
        <>
          <dt>{t('case.closed')}</dt>
          <dd>
            {dateTime(view.closed.at)} · {label('status', view.closed.reason)}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** Missing documents with their due dates; suspensions and extensions of the clocks. */
function Periods({ view }: { view: CaseView }) {
  const { t, label } = useI18n();
  const reference = useReference();
  const extended = view.steps.filter((step) => step.extended);
  return (
    <div className="columns">
      <Section title={t('detail.missing')}>
        {view.missingDocuments.length === 0 ? (
          <p className="muted">{t('common.none')}</p>
        ) : (
          <ul className="plain">
            {view.missingDocuments.map((item, index) => (
              <li key={index}>
                <strong>{reference.materialName(item.materialCode)}</strong> · {label('missingReason', item.reason)} ·{' '}
                {t('detail.due')} {date(item.dueAt)}{' '}
                {item.suppliedAt ? t('detail.suppliedAt', { at: dateTime(item.suppliedAt) }) : t('detail.outstanding')}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t('detail.suspensions')}>
        {view.suspensions.length === 0 && !view.caseExtension && extended.length === 0 ? (
          <p className="muted">{t('common.none')}</p>
        ) : (
          <ul className="plain">
            {view.suspensions.map((suspension, index) => (
              <li key={index}>
                {label('suspension', suspension.reason)} · {suspension.note} · {dateTime(suspension.since)} →{' '}
                {suspension.resumedAt ? dateTime(suspension.resumedAt) : t('detail.ongoing')} ·{' '}
                {t('detail.expectedDays', { days: suspension.expectedWorkingDays })}
                {suspension.excludedDays !== undefined
                  ? ` · ${t('detail.excludedDays', { days: suspension.excludedDays })}`
                  : ''}
              </li>
            ))}
            {view.caseExtension ? (
              <li>
                {t('detail.caseExtension')} · {view.caseExtension.reason} · {view.caseExtension.approvedBy}
              </li>
            ) : null}
            {extended.map((step) => (
              <li key={step.stepId}>
                {t('step.extended')} · {reference.departmentName(step.department)} ·{' '}
                {reference.matterName(step.matterCode)}
                {step.clock ? ` · ${t('step.deadline')} ${dateTime(step.clock.deadline)}` : ''}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}

/** 办件详情: summary, lanes, missing documents, suspensions and extensions, the timeline. */
export function CaseDetail({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const me = useMe();
  const loaded = useLoad(() => loadCase(caseId), [caseId]);
  const view = loaded.data;
  const noticeItems = view?.missingDocuments.filter((item) => item.reason !== 'correction' && !item.suppliedAt) ?? [];
  return (
    <>
      <h1>
        {t('detail.title')} <code>{caseId}</code>
      </h1>
      <ErrorNote failure={loaded.error} />
      <Loading when={loaded.loading && !view} />
      {view ? (
        <>
          <Section
            title={t('detail.summary')}
            actions={
              <button type="button" onClick={loaded.reload}>
                {t('common.refresh')}
              </button>
            }
          >
            <Summary view={view} />
          </Section>
          <Section title={t('detail.lanes')}>
            <Lanes view={view} />
          </Section>
          <Periods view={view} />
          <Fees view={view} role={me.role} onChanged={loaded.reload} />
          <Responsibility view={view} role={me.role} onChanged={loaded.reload} />
          {noticeItems.length > 0 ? <NoticePrint view={view} /> : null}
          {canReadTimeline(me.role) ? (
            <Section title={t('detail.timeline')}>
              <Timeline caseId={caseId} />
            </Section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
