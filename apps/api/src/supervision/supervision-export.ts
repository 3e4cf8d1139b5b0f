import ExcelJS from 'exceljs';
import type { DemocraticReview, Evaluation, ExportTable, Overview } from './supervision.schemas';

type Cell = string | number | null;
interface Table {
  sheet: string;
  columns: string[];
  rows: Cell[][];
}

/** Headers say both names, so one file serves readers of either language. */
const STATS_COLUMNS = [
  '收件 received',
  '办结 finished',
  '按时 on time',
  '提前 early',
  '逾期 overdue',
  '超法定时限 past the legal limit',
  '随办件终止 cancelled',
  '在办 open',
  '预警 warnings',
  '黄牌 yellow cards',
  '红牌 red cards',
  '平均用时(工作日) average working days',
  '法定时限(工作日) legal limit',
  '压缩比 compression',
];

type Stats = Overview['total'];

function statsCells(stats: Stats): Cell[] {
  const round = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);
  return [
    stats.received,
    stats.finished,
    stats.onTime,
    stats.early,
    stats.overdue,
    stats.legalOverdue,
    stats.cancelled,
    stats.open,
    stats.warnings,
    stats.yellowCards,
    stats.redCards,
    round(stats.averageWorkingDaysUsed),
    round(stats.averageLegalWorkingDays),
    round(stats.compressionRatio),
  ];
}

function tables(overview: Overview): Record<ExportTable, Table> {
  const grouped = (sheet: string, first: string, groups: Record<string, Stats>): Table => ({
    sheet,
    columns: [first, ...STATS_COLUMNS],
    rows: [
      ...Object.entries(groups).map(([name, stats]) => [name, ...statsCells(stats)]),
      ['合计 total', ...statsCells(overview.total)],
    ],
  });
  return {
    departments: grouped('按部门 departments', '部门 department', overview.byDepartment),
    matters: grouped('按事项 matters', '事项 matter', overview.byMatter),
    reviewers: {
      sheet: '按人员 reviewers',
      columns: [
        '人员 reviewer',
        '密钥 key id',
        '部门 department',
        '收件 received',
        '办结 finished',
        '按时 on time',
        '逾期 overdue',
      ],
      rows: Object.entries(overview.byReviewer).map(([id, stats]) => [
        stats.name,
        id,
        stats.department,
        stats.received,
        stats.finished,
        stats.onTime,
        stats.overdue,
      ]),
    },
    warnings: {
      sheet: '预警 open warnings',
      columns: [
        '办件 case',
        '环节 step',
        '部门 department',
        '事项 matter',
        '级别 level',
        '期限 deadline',
        '剩余工作日 working days left',
        '计时暂停 clock held',
      ],
      rows: overview.openWarnings.map((warning) => [
        warning.caseId,
        warning.stepId,
        warning.department,
        warning.matterCode,
        warning.level,
        warning.deadline,
        warning.remainingWorkingDays,
        warning.suspended ? '是 yes' : '否 no',
      ]),
    },
    suspensions: {
      sheet: '中止计时 open suspensions',
      columns: [
        '办件 case',
        '中止 suspension',
        '环节 step',
        '部门 department',
        '全案 case-wide',
        '事由 reason',
        '开始 since',
        '预计结束 expected end',
        '超期 overrun',
      ],
      rows: overview.openSuspensions.map((suspension) => [
        suspension.caseId,
        suspension.suspensionId,
        suspension.stepId,
        suspension.department,
        suspension.caseWide ? '是 yes' : '否 no',
        suspension.reason,
        suspension.since,
        suspension.expectedEnd,
        suspension.overrun ? '是 yes' : '否 no',
      ]),
    },
  };
}

function workbook(overview: Overview, only?: ExportTable): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.created = new Date(overview.asOf);
  for (const [name, table] of Object.entries(tables(overview)) as Array<[ExportTable, Table]>) {
    if (only && name !== only) continue;
    const sheet = book.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(table.columns).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
    sheet.columns.forEach((column) => (column.width = 18));
  }
  return book;
}

/** Every table as one sheet of an XLSX workbook. */
export async function overviewXlsx(overview: Overview): Promise<Buffer> {
  return Buffer.from(await workbook(overview).xlsx.writeBuffer());
}

/** One table as CSV in UTF-8 with a byte-order mark (so spreadsheet programs read the Chinese right). */
export async function overviewCsv(overview: Overview, table: ExportTable): Promise<Buffer> {
  const book = workbook(overview, table);
  const csv = await book.csv.writeBuffer({ sheetName: tables(overview)[table].sheet });
  return Buffer.concat([Buffer.from('\ufeff'), Buffer.from(csv)]);
}

const COMPONENT_HEADERS: Record<keyof Evaluation['weights'], string> = {
  onTime: '按时办结 on time',
  speed: '提速 speed (⅓ target)',
  alerts: '预警纠错 alerts',
  ratings: '好差评 ratings',
  rectifications: '整改 rectifications',
  accountability: '过错责任 accountability',
};

/**
 * 绩效评估 and 民主评议 as one XLSX workbook: a sheet of the departments' scores (each component's rate and points,
 * with the weights in the header) and a sheet of the ratings per department and quarter.
 */
export async function evaluationXlsx(
  evaluation: Evaluation,
  review: DemocraticReview,
  departmentName: (code: string) => string,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.created = new Date(evaluation.asOf);
  const components = Object.keys(COMPONENT_HEADERS) as Array<keyof Evaluation['weights']>;
  const scores = book.addWorksheet('绩效评估 evaluation', { views: [{ state: 'frozen', ySplit: 1 }] });
  scores.addRow([
    '名次 rank',
    '部门 department',
    '',
    '得分 score',
    '收件 received',
    '办结 finished',
    '红牌 red cards',
    '评价 ratings',
    '差评 bad ratings',
    '投诉 complaints',
    '投诉成立 upheld',
    '问责 accountability records',
    '过错 at fault',
    ...components.flatMap((component) => [
      `${COMPONENT_HEADERS[component]} 比率 rate`,
      `${COMPONENT_HEADERS[component]} 得分 points (/${evaluation.weights[component]})`,
    ]),
  ]).font = { bold: true };
  for (const row of evaluation.departments) {
    scores.addRow([
      row.rank,
      row.department,
      departmentName(row.department),
      row.score,
      row.received,
      row.finished,
      row.redCards,
      row.ratings,
      row.badRatings,
      row.complaints,
      row.upheldComplaints,
      row.accountabilityOpened,
      row.atFault,
      ...components.flatMap((component) => {
        const score = row.components[component];
        return [
          score.rate === null ? null : Math.round(score.rate * 1000) / 1000,
          score.rate === null ? null : score.points,
        ];
      }),
    ]);
  }
  scores.addRow([]);
  scores.addRow([
    `期间 period: ${evaluation.from ?? '—'} – ${evaluation.to ?? evaluation.asOf}; 无数据的项不计分，其余按权重折算为百分制 (a component with nothing to measure is left out, the others scaled to 100)`,
  ]);
  scores.columns.forEach((column) => (column.width = 16));
  const levels = ['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'] as const;
  const quarters = book.addWorksheet('民主评议 democratic review', { views: [{ state: 'frozen', ySplit: 1 }] });
  quarters.addRow([
    '季度 quarter',
    '部门 department',
    '',
    '评价数 ratings',
    '非常满意',
    '满意',
    '基本满意',
    '不满意',
    '非常不满意',
    '满意率 satisfaction',
    '平均分 average',
  ]).font = { bold: true };
  for (const row of review.quarters) {
    quarters.addRow([
      row.quarter,
      row.department,
      departmentName(row.department),
      row.ratings,
      ...levels.map((level) => row.byLevel[level] ?? 0),
      row.satisfaction,
      row.average,
    ]);
  }
  quarters.columns.forEach((column) => (column.width = 14));
  return Buffer.from(await book.xlsx.writeBuffer());
}
