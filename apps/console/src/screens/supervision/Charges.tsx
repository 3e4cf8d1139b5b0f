import type { Overview } from './Supervision';
import { Section, Tile } from '../../components/ui';
import { yuan } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useReference } from '../../reference';

/**
 * 统一收费 and 审批豁免 in 电子监察: the fees assessed in the period (paid, waived, still due, waivers awaiting a
 * decision) and the steps the exemption list closed, in total and per department, as the API sums the kernel's figures.
 */
export function Charges({ fees, exemptions }: Pick<Overview, 'fees' | 'exemptions'>) {
  const { t } = useI18n();
  const reference = useReference();
  const departments = [...new Set([...Object.keys(fees.byDepartment), ...Object.keys(exemptions.byDepartment)])];
  return (
    <Section title={t('charges.title')}>
      <ul className="tiles">
        <Tile
          count={yuan(fees.assessedFen)}
          label={t('charges.assessed', { count: fees.fees })}
          testId="fees-assessed"
        />
        <Tile count={yuan(fees.paidFen)} label={t('charges.paid')} testId="fees-paid" />
        <Tile count={yuan(fees.waivedFen)} label={t('charges.waived')} testId="fees-waived" />
        <Tile count={yuan(fees.dueFen)} label={t('charges.due')} testId="fees-due" />
        <Tile count={yuan(fees.cancelledFen)} label={t('charges.cancelled')} testId="fees-cancelled" />
        <Tile count={fees.waiversPending} label={t('charges.pending')} testId="fees-pending" />
        <Tile count={exemptions.exempt} label={t('charges.exempt')} testId="steps-exempt" />
      </ul>
      {departments.length > 0 ? (
        <table data-testid="charges-by-department">
          <caption>{t('charges.byDepartment')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('case.department')}</th>
              <th scope="col">{t('charges.assessedShort')}</th>
              <th scope="col">{t('charges.paid')}</th>
              <th scope="col">{t('charges.waived')}</th>
              <th scope="col">{t('charges.due')}</th>
              <th scope="col">{t('charges.cancelled')}</th>
              <th scope="col">{t('charges.exempt')}</th>
            </tr>
          </thead>
          <tbody>
            {departments.sort().map((code) => {
              const sums = fees.byDepartment[code];
              return (
                <tr key={code}>
                  <td>{reference.departmentName(code)}</td>
                  <td>{sums ? yuan(sums.assessedFen) : '—'}</td>
                  <td>{sums ? yuan(sums.paidFen) : '—'}</td>
                  <td>{sums ? yuan(sums.waivedFen) : '—'}</td>
                  <td>{sums ? yuan(sums.dueFen) : '—'}</td>
                  <td>{sums ? yuan(sums.cancelledFen) : '—'}</td>
                  <td>{exemptions.byDepartment[code] ?? 0}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}
