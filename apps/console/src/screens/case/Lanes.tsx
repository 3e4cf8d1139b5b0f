import type { CaseView, StepView } from '../../api/client';
import { LevelBadge, StatusBadge } from '../../components/ui';
import { dateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useCaseCatalogue, useReference, type Template } from '../../reference';

/** How many steps a step waits for, transitively: its column within its phase. */
function depth(template: Template | undefined, stepId: string, seen = new Set<string>()): number {
  const step = template?.steps.find((candidate) => candidate.id === stepId);
  if (!step || seen.has(stepId)) return 0;
  seen.add(stepId);
  return step.dependsOn.length ? 1 + Math.max(...step.dependsOn.map((id) => depth(template, id, new Set(seen)))) : 0;
}

/** Lanes in order: pre-review by depth, then formal by depth (the template's DAG); issuance comes after them. */
export function lanesOf(view: CaseView, template: Template | undefined): Array<{ phase: string; steps: StepView[] }> {
  const lanes = new Map<string, { phase: string; order: number; steps: StepView[] }>();
  for (const step of view.steps) {
    const level = depth(template, step.stepId);
    const key = `${step.phase}:${level}`;
    const lane = lanes.get(key) ?? {
      phase: step.phase,
      order: (step.phase === 'pre-review' ? 0 : 100) + level,
      steps: [],
    };
    lane.steps.push(step);
    lanes.set(key, lane);
  }
  return [...lanes.values()].sort((a, b) => a.order - b.order);
}

function StepCard({ step, template }: { step: StepView; template: Template | undefined }) {
  const { t, label } = useI18n();
  const reference = useReference();
  const waitsFor = template?.steps.find((candidate) => candidate.id === step.stepId)?.dependsOn ?? [];
  const clock = step.clock;
  const matterOf = (id: string) => template?.steps.find((candidate) => candidate.id === id)?.matterCode ?? id;
  return (
    <article
      className={`step level-edge-${clock?.warningLevel ?? 'none'}`}
      aria-label={reference.matterName(step.matterCode)}
      data-step={step.stepId}
    >
      <h4>{reference.matterName(step.matterCode)}</h4>
      <p className="muted">{reference.departmentName(step.department)}</p>
      <p>
        <StatusBadge status={step.status} /> {clock ? <LevelBadge level={clock.warningLevel} /> : null}
        {step.required ? null : <span className="badge">{t('step.optional')}</span>}
      </p>
      {step.opinion ? (
        <p>
          {t('step.opinion')}: {label('opinion', step.opinion)}
          {step.reasons ? ` — ${step.reasons}` : ''}
          {step.deemedBy ? ` (${label('deemed', step.deemedBy)})` : ''}
        </p>
      ) : null}
      {clock ? (
        <dl className="facts">
          <dt>{t('step.deadline')}</dt>
          <dd>
            {dateTime(clock.deadline)}{' '}
            {clock.provisional ? (
              <span className="badge provisional" title={t('step.provisionalHint')}>
                {t('step.provisional')}
              </span>
            ) : null}
          </dd>
          <dt>{t('step.remaining')}</dt>
          <dd>{clock.stoppedAt ? t('step.stopped') : t('step.days', { days: clock.remainingWorkingDays })}</dd>
          {clock.legalDeadline ? (
            <>
              <dt>{t('step.legalDeadline')}</dt>
              <dd>
                {dateTime(clock.legalDeadline)}{' '}
                {clock.legalOverdue ? <span className="badge level-red">{t('step.legalOverdue')}</span> : null}
              </dd>
            </>
          ) : null}
          {clock.suspended ? (
            <>
              <dt>{t('step.suspended')}</dt>
              <dd>{t('step.suspendedDays', { days: clock.suspendedDays })}</dd>
            </>
          ) : null}
          {step.extended ? (
            <>
              <dt>{t('step.extended')}</dt>
              <dd>{t('step.days', { days: clock.extensionDays })}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {step.exempt ? (
        <p className="small" data-testid={`exempt-${step.stepId}`}>
          {t('step.exemptBasis')}: {step.exempt.basis} · {step.exempt.condition}
        </p>
      ) : null}
      {waitsFor.length ? (
        <p className="muted small">
          {t('step.waitsFor')}: {waitsFor.map((id) => reference.matterName(matterOf(id))).join('、')}
        </p>
      ) : null}
    </article>
  );
}

/** The steps as parallel lanes by phase and dependency (pre-review → formal → issuance). */
export function Lanes({ view }: { view: CaseView }) {
  const { t, label } = useI18n();
  // The template of the case's own catalogue version: its dependencies are the ones the engine waits for.
  const { templates } = useCaseCatalogue(view.catalogVersion);
  const template = templates.find((candidate) => candidate.id === view.templateId);
  const issuance = view.issuance;
  return (
    <div className="lanes">
      {lanesOf(view, template).map((lane, index) => (
        <section className="lane" key={index} aria-label={label('phase', lane.phase)}>
          <h3>{label('phase', lane.phase)}</h3>
          {lane.steps.map((step) => (
            <StepCard key={step.stepId} step={step} template={template} />
          ))}
        </section>
      ))}
      <section className="lane" aria-label={t('detail.issuance')}>
        <h3>{t('detail.issuance')}</h3>
        {issuance ? (
          <article className={`step level-edge-${issuance.warningLevel}`}>
            <h4>{t('detail.issuance')}</h4>
            <p>
              <LevelBadge level={issuance.warningLevel} />
            </p>
            <dl className="facts">
              <dt>{t('step.deadline')}</dt>
              <dd>
                {dateTime(issuance.deadline)}{' '}
                {issuance.provisional ? <span className="badge provisional">{t('step.provisional')}</span> : null}
              </dd>
              <dt>{t('detail.licences')}</dt>
              <dd>{issuance.licences.map((licence) => licence.number).join('、') || '—'}</dd>
            </dl>
          </article>
        ) : (
          <p className="muted">{t('detail.issuancePending')}</p>
        )}
      </section>
    </div>
  );
}
