import { BarElement, CategoryScale, Chart, Legend, LinearScale, Title, Tooltip, type ChartOptions } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { useI18n } from '../../i18n/i18n';
import type { Overview } from './Supervision';

Chart.register(CategoryScale, LinearScale, BarElement, Title, Tooltip, Legend);

/** Colours that stay apart for colour-blind readers (Okabe-Ito), the same in every chart. */
const COLOURS = {
  onTime: '#009E73',
  early: '#56B4E9',
  overdue: '#D55E00',
  warning: '#E69F00',
  yellow: '#F0E442',
  red: '#CC3311',
  used: '#0072B2',
  legal: '#999999',
  target: '#009E73',
};

function options(title: string, stacked = false): ChartOptions<'bar'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { title: { display: true, text: title }, legend: { position: 'bottom' } },
    scales: { x: { stacked }, y: { stacked, beginAtZero: true, ticks: { precision: 0 } } },
  };
}

type Stats = Overview['total'];

/** On time, early and overdue steps per group (department or matter). */
export function OnTimeChart({
  groups,
  title,
  names,
}: {
  groups: Record<string, Stats>;
  title: string;
  names: (code: string) => string;
}) {
  const { t } = useI18n();
  const codes = Object.keys(groups);
  return (
    <div className="chart" role="img" aria-label={title}>
      <Bar
        options={options(title)}
        data={{
          labels: codes.map(names),
          datasets: [
            {
              label: t('stats.onTime'),
              data: codes.map((code) => groups[code].onTime),
              backgroundColor: COLOURS.onTime,
            },
            { label: t('stats.early'), data: codes.map((code) => groups[code].early), backgroundColor: COLOURS.early },
            {
              label: t('stats.overdue'),
              data: codes.map((code) => groups[code].overdue),
              backgroundColor: COLOURS.overdue,
            },
          ],
        }}
      />
    </div>
  );
}

/** 预警, 黄牌 and 红牌 per group, stacked. */
export function CardsChart({
  groups,
  title,
  names,
}: {
  groups: Record<string, Stats>;
  title: string;
  names: (code: string) => string;
}) {
  const { t } = useI18n();
  const codes = Object.keys(groups);
  return (
    <div className="chart" role="img" aria-label={title}>
      <Bar
        options={options(title, true)}
        data={{
          labels: codes.map(names),
          datasets: [
            {
              label: t('stats.warnings'),
              data: codes.map((code) => groups[code].warnings),
              backgroundColor: COLOURS.warning,
            },
            {
              label: t('stats.yellowCards'),
              data: codes.map((code) => groups[code].yellowCards),
              backgroundColor: COLOURS.yellow,
            },
            {
              label: t('stats.redCards'),
              data: codes.map((code) => groups[code].redCards),
              backgroundColor: COLOURS.red,
            },
          ],
        }}
      />
    </div>
  );
}

/**
 * Average working days used against the legal limit, and the reform's target: a third of the legal limit (a
 * reduction by two thirds).
 */
export function DaysChart({
  groups,
  title,
  names,
}: {
  groups: Record<string, Stats>;
  title: string;
  names: (code: string) => string;
}) {
  const { t } = useI18n();
  const codes = Object.keys(groups).filter((code) => groups[code].averageLegalWorkingDays !== null);
  return (
    <div className="chart" role="img" aria-label={title}>
      <Bar
        options={options(title)}
        data={{
          labels: codes.map(names),
          datasets: [
            {
              label: t('stats.used'),
              data: codes.map((code) => groups[code].averageWorkingDaysUsed ?? 0),
              backgroundColor: COLOURS.used,
            },
            {
              label: t('stats.legal'),
              data: codes.map((code) => groups[code].averageLegalWorkingDays ?? 0),
              backgroundColor: COLOURS.legal,
            },
            {
              label: t('stats.target'),
              data: codes.map((code) => (groups[code].averageLegalWorkingDays ?? 0) / 3),
              backgroundColor: COLOURS.target,
            },
          ],
        }}
      />
    </div>
  );
}
