import { useState, type FormEvent } from 'react';
import { Link, Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { api, unwrap, type Schemas } from '../../api/client';
import { ErrorNote, Field, Loading, Section, StatusBadge } from '../../components/ui';
import { dateTime, yuan } from '../../format';
import { useAction, useLoad } from '../../hooks';
import { useI18n } from '../../i18n/i18n';

type Entry = Schemas['PublicGuideEntry'];
type Progress = Schemas['PublicProgress'];

const RATING_LEVELS = [
  'very-satisfied',
  'satisfied',
  'basically-satisfied',
  'dissatisfied',
  'very-dissatisfied',
] as const;

function fee(amount: Entry['fees'][number]['amount'], t: ReturnType<typeof useI18n>['t']): string {
  return 'fixedYuan' in amount
    ? t('public.feeFixed', { yuan: amount.fixedYuan })
    : t('public.feePerUnit', { yuan: amount.perUnitYuan, unit: amount.unit });
}

/** 办事指南: every matter of the active catalogue, by department; no sign-in. */
function GuideList() {
  const { t, limit } = useI18n();
  const guide = useLoad(async () => unwrap(await api.GET('/v1/public/guide', {})), []);
  return (
    <>
      <h1>{t('public.guideTitle')}</h1>
      <p className="muted">{t('public.guideIntro', { version: guide.data?.catalogVersion ?? '' })}</p>
      <ErrorNote failure={guide.error} />
      <Loading when={guide.loading && !guide.data} />
      <table>
        <caption>{t('public.guideCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('public.matter')}</th>
            <th scope="col">{t('case.department')}</th>
            <th scope="col">{t('public.promised')}</th>
            <th scope="col">{t('public.legal')}</th>
            <th scope="col">{t('public.fees')}</th>
            <th scope="col">{t('public.window')}</th>
          </tr>
        </thead>
        <tbody>
          {(guide.data?.matters ?? []).map((matter) => (
            <tr key={matter.code}>
              <td>
                <Link href={`/public/guide/${matter.code}`}>{matter.name}</Link>
              </td>
              <td>{matter.department.name}</td>
              <td>{limit(matter.promisedLimit)}</td>
              <td>{limit(matter.legalLimit)}</td>
              <td>{matter.free === null ? '—' : matter.free ? t('public.free') : t('public.charged')}</td>
              <td>{matter.window ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** One matter's guide (六公开), laid out to be read and printed. */
function GuideEntry({ code }: { code: string }) {
  const { t, limit } = useI18n();
  const entry = useLoad(
    async () => unwrap(await api.GET('/v1/public/guide/{matterCode}', { params: { path: { matterCode: code } } })),
    [code],
  );
  const data = entry.data;
  return (
    <>
      <p className="no-print">
        <Link href="/public/guide">{t('public.backToGuide')}</Link>{' '}
        <button type="button" onClick={() => window.print()}>
          {t('public.print')}
        </button>
      </p>
      <ErrorNote failure={entry.error} />
      <Loading when={entry.loading && !data} />
      {data ? (
        <article className="guide printable" aria-labelledby="guide-title">
          <h1 id="guide-title">{data.name}</h1>
          <dl className="summary">
            <dt>{t('case.department')}</dt>
            <dd>{data.department.name}</dd>
            <dt>{t('public.window')}</dt>
            <dd>{data.window ?? '—'}</dd>
            <dt>{t('public.promised')}</dt>
            <dd>{limit(data.promisedLimit)}</dd>
            <dt>{t('public.legal')}</dt>
            <dd>{limit(data.legalLimit)}</dd>
            <dt>{t('public.basis')}</dt>
            <dd>{data.basis}</dd>
          </dl>
          <Section title={t('public.conditions')}>
            <ol>
              {data.conditions.map((condition) => (
                <li key={condition}>{condition}</li>
              ))}
            </ol>
          </Section>
          <Section title={t('public.materials')}>
            <table>
              <caption>{t('public.materialsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('public.material')}</th>
                  <th scope="col">{t('public.importance')}</th>
                  <th scope="col">{t('public.tolerable')}</th>
                  <th scope="col">{t('public.commitment')}</th>
                </tr>
              </thead>
              <tbody>
                {data.materials.map((material) => (
                  <tr key={material.code}>
                    <td>{material.name}</td>
                    <td>{t(material.importance === 'key' ? 'public.key' : 'public.secondary')}</td>
                    <td>{material.tolerable ? t('common.yes') : t('common.no')}</td>
                    <td>{material.commitmentAllowed ? t('common.yes') : t('common.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <Section title={t('public.procedure')}>
            <ol>
              {data.procedure.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </Section>
          <Section title={t('public.fees')}>
            {data.fees.length === 0 ? (
              <p data-testid="free">
                {t('public.free')}
                {data.freeBasis ? `：${data.freeBasis}` : ''}
              </p>
            ) : (
              <table>
                <caption>{t('public.feesCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('public.feeItem')}</th>
                    <th scope="col">{t('public.feeStandard')}</th>
                    <th scope="col">{t('public.feeAmount')}</th>
                    <th scope="col">{t('public.feeBasis')}</th>
                    <th scope="col">{t('public.feeWaiver')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.fees.map((item) => (
                    <tr key={item.code}>
                      <td>{item.name}</td>
                      <td>{item.standard}</td>
                      <td>{fee(item.amount, t)}</td>
                      <td>{item.basis}</td>
                      <td>{item.waiver ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Section>
          <p className="muted">{t('public.guideVersion', { version: data.catalogVersion })}</p>
        </article>
      ) : null}
    </>
  );
}

/** 办件进度查询 and 好差评: the case number and the code on the receipt (or the credit code). */
function ProgressLookup() {
  const { t, label } = useI18n();
  const [caseId, setCaseId] = useState('');
  const [code, setCode] = useState('');
  const [progress, setProgress] = useState<Progress>();
  const [level, setLevel] = useState<(typeof RATING_LEVELS)[number]>('very-satisfied');
  const [comment, setComment] = useState('');
  const lookUp = useAction(async () => {
    setProgress(
      unwrap(
        await api.GET('/v1/public/cases/{caseId}/progress', {
          params: { path: { caseId: caseId.trim() }, header: { 'X-Query-Code': code } },
        }),
      ),
    );
  });
  const rate = useAction(async () => {
    unwrap(
      await api.POST('/v1/public/cases/{caseId}/rating', {
        params: { path: { caseId: caseId.trim() }, header: { 'X-Query-Code': code } },
        body: { level, ...(comment.trim() ? { comment } : {}) },
      }),
    );
    await lookUp.run();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void lookUp.run();
  };
  const rateSubmit = (event: FormEvent) => {
    event.preventDefault();
    void rate.run();
  };
  return (
    <>
      <h1>{t('public.progressTitle')}</h1>
      <form onSubmit={submit} className="opinion-form" aria-label={t('public.progressTitle')}>
        <Field label={t('public.caseId')}>
          {(props) => <input {...props} required value={caseId} onChange={(e) => setCaseId(e.target.value)} />}
        </Field>
        <Field label={t('public.code')} hint={t('public.codeHint')}>
          {(props) => (
            <input {...props} required autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} />
          )}
        </Field>
        <ErrorNote failure={lookUp.failure} />
        <button type="submit" className="primary" disabled={lookUp.running}>
          {t('public.lookUp')}
        </button>
      </form>
      {progress ? (
        <article aria-label={t('public.progressOf', { caseId: progress.caseId })}>
          <dl className="summary">
            <dt>{t('public.caseId')}</dt>
            <dd>{progress.caseId}</dd>
            <dt>{t('public.package')}</dt>
            <dd>{progress.packageName}</dd>
            <dt>{t('public.status')}</dt>
            <dd data-testid="public-status">
              <StatusBadge status={progress.status} />
            </dd>
            <dt>{t('public.deadline')}</dt>
            <dd>{progress.deadline ? dateTime(progress.deadline) : '—'}</dd>
          </dl>
          <table>
            <caption>{t('public.stepsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('public.matter')}</th>
                <th scope="col">{t('case.department')}</th>
                <th scope="col">{t('public.status')}</th>
                <th scope="col">{t('public.deadline')}</th>
                <th scope="col">{t('public.finishedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {progress.steps.map((step) => (
                <tr key={step.matterCode}>
                  <td>{step.matterName}</td>
                  <td>{step.department.name}</td>
                  <td>
                    {label('status', step.status)}
                    {step.suspended ? ` · ${t('public.suspended')}` : ''}
                    {step.exemptBasis ? <div className="muted small">{step.exemptBasis}</div> : null}
                  </td>
                  <td>{step.deadline ? dateTime(step.deadline) : '—'}</td>
                  <td>{step.finishedAt ? dateTime(step.finishedAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {progress.missingMaterials.some((item) => !item.supplied) ? (
            <Section title={t('public.toBring')}>
              <ul>
                {progress.missingMaterials
                  .filter((item) => !item.supplied)
                  .map((item) => (
                    <li key={item.materialCode}>
                      {item.name}
                      {item.dueAt ? ` · ${t('public.dueBy', { at: dateTime(item.dueAt) })}` : ''}
                    </li>
                  ))}
              </ul>
            </Section>
          ) : null}
          {progress.fees.length > 0 ? (
            <Section title={t('public.feesToPay')}>
              <ul data-testid="public-fees">
                {progress.fees.map((fee, index) => (
                  <li key={index}>
                    {fee.name} · {yuan(fee.amountYuan * 100)} · {label('status', fee.status)}
                    {fee.dueYuan > 0 ? ` · ${t('public.feeDue', { amount: yuan(fee.dueYuan * 100) })}` : ''}
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
          {progress.licences.length > 0 ? (
            <Section title={t('public.licences')}>
              <ul>
                {progress.licences.map((licence) => (
                  <li key={licence.number}>
                    {licence.matterName} · <code>{licence.number}</code>
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
          {progress.ratable ? (
            <form onSubmit={rateSubmit} className="opinion-form" aria-label={t('public.rateTitle')}>
              <Field label={t('public.rating')} field="level" failure={rate.failure}>
                {(props) => (
                  <select {...props} value={level} onChange={(e) => setLevel(e.target.value as typeof level)}>
                    {RATING_LEVELS.map((value) => (
                      <option key={value} value={value}>
                        {t(`public.level.${value}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('public.comment')} field="comment" failure={rate.failure}>
                {(props) => <input {...props} value={comment} onChange={(e) => setComment(e.target.value)} />}
              </Field>
              <ErrorNote failure={rate.failure} />
              <button type="submit" disabled={rate.running}>
                {t('public.rate')}
              </button>
            </form>
          ) : progress.rated ? (
            <p className="success" role="status">
              {t('public.thanks')}
            </p>
          ) : null}
        </article>
      ) : null}
    </>
  );
}

/** 电子证照 verification: anyone with a licence number sees whether it is valid, revoked or unknown. */
function LicenceCheck() {
  const { t } = useI18n();
  const [number, setNumber] = useState('');
  const [result, setResult] = useState<Schemas['LicenceVerification']>();
  const check = useAction(async () => {
    setResult(unwrap(await api.GET('/v1/licences/{number}/verify', { params: { path: { number: number.trim() } } })));
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void check.run();
  };
  return (
    <>
      <h1>{t('public.licenceTitle')}</h1>
      <form onSubmit={submit} className="opinion-form" aria-label={t('public.licenceTitle')}>
        <Field label={t('public.licenceNumber')}>
          {(props) => <input {...props} required value={number} onChange={(e) => setNumber(e.target.value)} />}
        </Field>
        <ErrorNote failure={check.failure} />
        <button type="submit" className="primary" disabled={check.running}>
          {t('public.verify')}
        </button>
      </form>
      {result ? (
        <article aria-label={t('public.licenceOf', { number: result.number })}>
          <p
            className={result.status === 'valid' ? 'success' : 'error-note'}
            role="status"
            data-testid="licence-status"
          >
            {t(`public.licence.${result.status}`)}
          </p>
          {result.licence ? (
            <dl className="summary">
              <dt>{t('public.matter')}</dt>
              <dd>{result.licence.matterName}</dd>
              <dt>{t('case.department')}</dt>
              <dd>{result.licence.department.name}</dd>
              <dt>{t('public.holder')}</dt>
              <dd>
                {result.licence.holderName} · <code>{result.licence.holderCreditCode}</code>
              </dd>
              <dt>{t('public.issuedAt')}</dt>
              <dd>{dateTime(result.licence.issuedAt)}</dd>
              {result.licence.seal ? (
                <>
                  <dt>{t('public.seal')}</dt>
                  <dd>{result.licence.seal}</dd>
                </>
              ) : null}
              {result.licence.revokedAt ? (
                <>
                  <dt>{t('public.revokedAt')}</dt>
                  <dd>
                    {dateTime(result.licence.revokedAt)} {result.licence.revokeReason ?? ''}
                  </dd>
                </>
              ) : null}
              <dt>{t('public.hash')}</dt>
              <dd>
                <code>{result.licence.contentHash}</code>
              </dd>
            </dl>
          ) : null}
        </article>
      ) : null}
    </>
  );
}

/** The centre's public pages, with no sign-in: the guide, the applicant's progress, licence verification. */
export function PublicSide() {
  const { t, language, setLanguage } = useI18n();
  return (
    <Router hook={useHashLocation}>
      <header className="public-header no-print">
        <nav aria-label={t('public.nav')}>
          <Link href="/public/guide">{t('public.guideTitle')}</Link>
          <Link href="/public/progress">{t('public.progressTitle')}</Link>
          <Link href="/public/licence">{t('public.licenceTitle')}</Link>
          <a href="#/">{t('public.staff')}</a>
          <button type="button" onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}>
            {language === 'zh' ? 'English' : '中文'}
          </button>
        </nav>
      </header>
      <main id="main" className="public">
        <Switch>
          <Route path="/public/guide">
            <GuideList />
          </Route>
          <Route path="/public/guide/:code">{(params) => <GuideEntry code={params.code} />}</Route>
          <Route path="/public/progress">
            <ProgressLookup />
          </Route>
          <Route path="/public/licence">
            <LicenceCheck />
          </Route>
          <Route>
            <GuideList />
          </Route>
        </Switch>
      </main>
    </Router>
  );
}
