import type { CaseView } from '../../api/client';
import { Section } from '../../components/ui';
import { date, dateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useReference } from '../../reference';

/**
 * The printable 一次性告知书 (Art. 32) or 容缺受理 notice: every item still missing, its form and its deadline, and
 * the consequence of missing it. The screen shows it; printing keeps only this notice (styles.css, @media print).
 */
export function NoticePrint({ view }: { view: CaseView }) {
  const { t, label } = useI18n();
  const reference = useReference();
  const items = view.missingDocuments.filter((item) => item.reason !== 'correction' && !item.suppliedAt);
  const tolerance = items.some((item) => item.reason === 'tolerance');
  return (
    <Section
      title={t(tolerance ? 'notice.toleranceTitle' : 'notice.title')}
      actions={
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('notice.print')}
        </button>
      }
    >
      <div className="notice printable" data-testid="notice">
        <h2 className="print-title">{t(tolerance ? 'notice.toleranceTitle' : 'notice.title')}</h2>
        <p>
          {t('notice.to', { applicant: view.applicant.name })} {t('notice.about', { project: view.project.name })}
        </p>
        <p>{t('notice.case', { caseId: view.caseId, received: dateTime(view.receivedAt) })}</p>
        <table>
          <caption>{t('notice.items')}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('notice.material')}</th>
              <th scope="col">{t('notice.kind')}</th>
              <th scope="col">{t('notice.form')}</th>
              <th scope="col">{t('notice.deadline')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, index) => (
              <tr key={item.materialCode}>
                <td>{index + 1}</td>
                <td>{reference.materialName(item.materialCode)}</td>
                <td>{label('missingReason', item.reason)}</td>
                <td>
                  {item.form ?? t('notice.formDefault')}
                  {item.note ? ` · ${item.note}` : ''}
                </td>
                <td>{date(item.dueAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>{t(tolerance ? 'notice.toleranceConsequence' : 'notice.consequence')}</p>
        <p className="signature">
          {t('notice.issuer')} {date(view.acceptedAt ?? new Date().toISOString())}
        </p>
      </div>
    </Section>
  );
}
