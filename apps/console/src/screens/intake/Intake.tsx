import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { api, unwrap, type CaseView } from '../../api/client';
import { ErrorNote, Field, FieldErrors, Section } from '../../components/ui';
import { localDateTimeToInstant, typedNumber } from '../../format';
import { useAction } from '../../hooks';
import { useI18n } from '../../i18n/i18n';
import { useReference } from '../../reference';
import { loadCase } from '../case/CaseDetail';
import { Decision } from './Decision';
import { templateMaterials, type TemplateMaterial } from './materials';
import { NoticePrint } from './NoticePrint';

interface Receipt {
  caseId: string;
  templateId: string;
  applicantName: string;
  creditCode: string;
  creditRecord: '' | 'good' | 'bad';
  contact: string;
  projectName: string;
  projectCode: string;
  landParcel: string;
  investment: string;
  floorArea: string;
  receivedAt: string;
}

const EMPTY: Receipt = {
  caseId: '',
  templateId: '',
  applicantName: '',
  creditCode: '',
  creditRecord: '',
  contact: '',
  projectName: '',
  projectCode: '',
  landParcel: '',
  investment: '',
  floorArea: '',
  receivedAt: '',
};

/** The materials checklist: tick what was received; 主要/次要, 容缺 and 告知承诺 as the catalogue marks them. */
function Checklist(props: {
  materials: TemplateMaterial[];
  received: Set<string>;
  toggle: (code: string) => void;
  failure: unknown;
  /** 免提交: the materials an electronic licence may stand for, and the numbers given. */
  certifiable: ReadonlySet<string>;
  licences: ReadonlyMap<string, string>;
  setLicence: (code: string, number: string) => void;
}) {
  const { t } = useI18n();
  const order = [...props.received];
  return (
    <fieldset className="checklist">
      <legend>{t('intake.materials')}</legend>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('intake.received')}</th>
            <th scope="col">{t('notice.material')}</th>
            <th scope="col">{t('intake.importance')}</th>
            <th scope="col">{t('intake.tolerable')}</th>
            <th scope="col">{t('intake.commitment')}</th>
            <th scope="col">{t('intake.eLicence')}</th>
          </tr>
        </thead>
        <tbody>
          {props.materials.map((material) => {
            const id = `material-${material.code}`;
            return (
              <tr key={material.code}>
                <td>
                  <input
                    id={id}
                    type="checkbox"
                    checked={props.received.has(material.code)}
                    onChange={() => props.toggle(material.code)}
                  />
                </td>
                <td>
                  <label htmlFor={id}>{material.name}</label>
                  {material.landContract ? <small className="hint"> {t('intake.landContractLater')}</small> : null}
                </td>
                <td>
                  <span className={`badge ${material.key ? 'key' : ''}`}>
                    {t(material.key ? 'intake.key' : 'intake.secondary')}
                  </span>
                </td>
                <td>{material.tolerable ? <span className="badge">{t('intake.tolerableMark')}</span> : '—'}</td>
                <td>
                  {material.commitmentAllowed ? <span className="badge">{t('intake.commitmentMark')}</span> : '—'}
                </td>
                <td>
                  {props.certifiable.has(material.code) ? (
                    <>
                      <input
                        aria-label={t('intake.eLicenceFor', { material: material.name })}
                        value={props.licences.get(material.code) ?? ''}
                        onChange={(event) => props.setLicence(material.code, event.target.value)}
                      />
                      <FieldErrors
                        failure={props.failure}
                        field={`documents.${order.indexOf(material.code)}.licenceNumber`}
                      />
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <FieldErrors failure={props.failure} field="documents" />
    </fieldset>
  );
}

/** 收件/受理 (window): receive an application against the catalogue's list, then decide its acceptance. */
export function Intake() {
  const { t } = useI18n();
  const reference = useReference();
  const [receipt, setReceipt] = useState<Receipt>(EMPTY);
  const [received, setReceived] = useState<Set<string>>(new Set());
  const [view, setView] = useState<CaseView>();
  const [queryCode, setQueryCode] = useState<string>();
  const [licences, setLicences] = useState<Map<string, string>>(new Map());
  const certifiable = useMemo(
    () => new Set(reference.matters.flatMap((matter) => (matter.certifies ? [matter.certifies] : []))),
    [reference.matters],
  );
  const setLicence = (code: string, number: string) => {
    setLicences((current) => new Map(current).set(code, number));
    // A material given by its licence number is received.
    if (number.trim() !== '') setReceived((current) => new Set(current).add(code));
  };
  const templateId = receipt.templateId || reference.templates[0]?.id || '';
  const template = reference.templates.find((candidate) => candidate.id === templateId);
  const materials = useMemo(() => templateMaterials(template, reference.matters), [template, reference.matters]);
  const set = (key: keyof Receipt) => (event: { target: { value: string } }) =>
    setReceipt((current) => ({ ...current, [key]: event.target.value }));
  const toggle = (code: string) =>
    setReceived((current) => {
      const next = new Set(current);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });
  const start = useAction(async () => {
    const started = unwrap(
      await api.POST('/v1/cases', {
        body: {
          ...(receipt.caseId ? { caseId: receipt.caseId } : {}),
          templateId,
          applicant: {
            name: receipt.applicantName,
            creditCode: receipt.creditCode,
            ...(receipt.creditRecord ? { creditRecord: receipt.creditRecord } : {}),
            ...(receipt.contact ? { contact: receipt.contact } : {}),
          },
          project: {
            name: receipt.projectName,
            ...(receipt.projectCode ? { code: receipt.projectCode } : {}),
            ...(receipt.landParcel ? { landParcel: receipt.landParcel } : {}),
            ...(typedNumber(receipt.investment) !== undefined
              ? { investmentTenThousandYuan: typedNumber(receipt.investment) }
              : {}),
            ...(typedNumber(receipt.floorArea) !== undefined
              ? { floorAreaSquareMetres: typedNumber(receipt.floorArea) }
              : {}),
          },
          documents: [...received].map((materialCode) => {
            const licenceNumber = licences.get(materialCode)?.trim();
            return licenceNumber ? { materialCode, licenceNumber } : { materialCode };
          }),
          ...(receipt.receivedAt ? { receivedAt: localDateTimeToInstant(receipt.receivedAt) } : {}),
        },
      }),
    );
    setQueryCode(started.queryCode);
    setView(await waitForCase(started.caseId));
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void start.run();
  };
  const text = (key: keyof Receipt, label: string, field: string, required = false) => (
    <Field label={label} field={field} failure={start.failure}>
      {(props) => <input {...props} value={receipt[key]} onChange={set(key)} required={required} />}
    </Field>
  );
  const number = (key: 'investment' | 'floorArea', label: string, field: string) => (
    <Field label={label} field={field} failure={start.failure}>
      {(props) => <input {...props} type="number" min="0" step="any" value={receipt[key]} onChange={set(key)} />}
    </Field>
  );
  if (view) {
    const pending = view.status === 'received';
    return (
      <>
        <h1>{t('nav.intake')}</h1>
        <p className="success" role="status">
          {t('intake.started', { caseId: view.caseId })}{' '}
          {queryCode ? (
            <>
              {t('intake.queryCode')} <strong data-testid="query-code">{queryCode}</strong>{' '}
            </>
          ) : null}
          <Link href={`/cases/${encodeURIComponent(view.caseId)}`}>{t('intake.openCase')}</Link>
        </p>
        {pending ? (
          <Decision view={view} materials={materials} received={received} onDecided={setView} />
        ) : view.missingDocuments.some((item) => !item.suppliedAt && item.reason !== 'correction') ? (
          <NoticePrint view={view} />
        ) : null}
        <button
          type="button"
          onClick={() => (setView(undefined), setReceived(new Set()), setReceipt(EMPTY), setLicences(new Map()))}
        >
          {t('intake.another')}
        </button>
      </>
    );
  }
  return (
    <>
      <h1>{t('nav.intake')}</h1>
      <form onSubmit={submit}>
        <Section title={t('intake.application')}>
          <div className="grid">
            <Field label={t('case.template')} field="templateId" failure={start.failure}>
              {(props) => (
                <select {...props} value={templateId} onChange={set('templateId')}>
                  {reference.templates.map((candidate) => (
                    <option key={candidate.id} value={candidate.id}>
                      {candidate.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {text('caseId', t('intake.caseId'), 'caseId')}
            {text('applicantName', t('intake.applicantName'), 'applicant.name', true)}
            {text('creditCode', t('intake.creditCode'), 'applicant.creditCode', true)}
            <Field label={t('intake.creditRecord')} field="applicant.creditRecord" failure={start.failure}>
              {(props) => (
                <select {...props} value={receipt.creditRecord} onChange={set('creditRecord')}>
                  <option value="">{t('common.unknown')}</option>
                  <option value="good">{t('intake.creditGood')}</option>
                  <option value="bad">{t('intake.creditBad')}</option>
                </select>
              )}
            </Field>
            {text('contact', t('intake.contact'), 'applicant.contact')}
            {text('projectName', t('intake.projectName'), 'project.name', true)}
            {text('projectCode', t('intake.projectCode'), 'project.code')}
            {text('landParcel', t('intake.landParcel'), 'project.landParcel')}
            {number('investment', t('intake.investment'), 'project.investmentTenThousandYuan')}
            {number('floorArea', t('intake.floorArea'), 'project.floorAreaSquareMetres')}
            <Field
              label={t('intake.receivedAt')}
              field="receivedAt"
              failure={start.failure}
              hint={t('intake.receivedAtHint')}
            >
              {(props) => (
                <input {...props} type="datetime-local" value={receipt.receivedAt} onChange={set('receivedAt')} />
              )}
            </Field>
          </div>
        </Section>
        <Checklist
          materials={materials}
          received={received}
          toggle={toggle}
          failure={start.failure}
          certifiable={certifiable}
          licences={licences}
          setLicence={setLicence}
        />
        <ErrorNote failure={start.failure} />
        <div className="actions">
          <button type="submit" className="primary" disabled={start.running}>
            {t('intake.submit')}
          </button>
        </div>
      </form>
    </>
  );
}

/** A case answers 409 case-starting for a moment after its start; it is read again until it answers. */
async function waitForCase(caseId: string): Promise<CaseView> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await loadCase(caseId);
    } catch (error) {
      if (attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
