import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SupervisionFilter } from '@onewindow/supervision';
import { Roles } from '../auth/roles.decorator';
import { openApiSchema, ZodQuery } from '../common/zod';
import { z } from 'zod';
import { evaluationXlsx, overviewCsv, overviewXlsx } from './supervision-export';
import {
  democraticReviewQuerySchema,
  democraticReviewSchema,
  evaluationQuerySchema,
  evaluationSchema,
  exportQuerySchema,
  overviewQuerySchema,
  overviewSchema,
  type DemocraticReview,
  type Evaluation,
  type EvaluationQuery,
  type ExportQuery,
  type Overview,
  type OverviewQuery,
} from './supervision.schemas';
import { SupervisionService } from './supervision.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The steps the overview (and its export) counts, as the query names them. */
function filterOf(query: OverviewQuery | ExportQuery): SupervisionFilter {
  return {
    period: query.period,
    ...(query.from ? { from: new Date(query.from).toISOString() } : {}),
    ...(query.to ? { to: new Date(query.to).toISOString() } : {}),
    ...(query.department ? { department: query.department } : {}),
    ...(query.matter ? { matter: query.matter } : {}),
  };
}

/** The evaluation's period, as instants in UTC. */
function periodOf(query: EvaluationQuery): { from?: string; to?: string } {
  return {
    ...(query.from ? { from: new Date(query.from).toISOString() } : {}),
    ...(query.to ? { to: new Date(query.to).toISOString() } : {}),
  };
}

@ApiTags('supervision')
@ApiBearerAuth()
@Roles('supervisor', 'auditor')
@Controller('v1/supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get('overview')
  @ApiOkResponse({
    description:
      '电子监察: received, finished, on time, early, overdue, warnings, yellow and red cards, average working days used against the legal limit and the compression ratio, and the same steps counted in cases — in total, per department and per matter — and the open warning list, of the steps in the period, department and matter asked for; the 好差评 summary covers every rating',
    schema: openApiSchema(overviewSchema),
  })
  overview(@ZodQuery(overviewQuerySchema) query: OverviewQuery): Promise<Overview> {
    return this.supervision.overview(filterOf(query));
  }

  @Get('overview/export')
  @ApiOkResponse({
    description:
      'the overview as a spreadsheet: XLSX with one sheet per table (departments, matters, reviewers, open ' +
      'warnings, open suspensions), or one table as CSV (UTF-8 with a byte-order mark); headers in Chinese and English',
    content: {
      [XLSX]: { schema: { type: 'string', format: 'binary' } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async export(@ZodQuery(exportQuerySchema) query: ExportQuery): Promise<StreamableFile> {
    const overview = await this.supervision.overview(filterOf(query));
    const stamp = overview.asOf.slice(0, 10);
    const file =
      query.format === 'xlsx'
        ? { data: await overviewXlsx(overview), type: XLSX, name: `supervision-${stamp}.xlsx` }
        : {
            data: await overviewCsv(overview, query.table),
            type: 'text/csv; charset=utf-8',
            name: `supervision-${query.table}-${stamp}.csv`,
          };
    return new StreamableFile(file.data, {
      type: file.type,
      disposition: `attachment; filename="${file.name}"`,
      length: file.data.length,
    });
  }

  @Get('evaluation')
  @ApiOkResponse({
    description:
      '绩效评估: each department scored out of 100 from the engine’s facts of the period — on time, the ⅓ speed ' +
      'target, alerts, ratings, rectifications on time — with each component’s rate and points and the weights ' +
      '(method: docs/domain-rules.md)',
    schema: openApiSchema(evaluationSchema),
  })
  evaluation(@ZodQuery(evaluationQuerySchema) query: EvaluationQuery): Promise<Evaluation> {
    return this.supervision.evaluation(periodOf(query));
  }

  @Get('democratic-review')
  @ApiOkResponse({
    description: '民主评议: the ratings of each department’s cases per quarter of a year',
    schema: openApiSchema(democraticReviewSchema),
  })
  democraticReview(
    @ZodQuery(democraticReviewQuerySchema) query: z.infer<typeof democraticReviewQuerySchema>,
  ): Promise<DemocraticReview> {
    return this.supervision.democraticReview(query.year);
  }

  @Get('evaluation/export')
  @ApiOkResponse({
    description: '绩效评估 of the period and 民主评议 of the year `from` falls in (this year without it), as XLSX',
    content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
  })
  async evaluationExport(@ZodQuery(evaluationQuerySchema) query: EvaluationQuery): Promise<StreamableFile> {
    const evaluation = await this.supervision.evaluation(periodOf(query));
    const review = await this.supervision.democraticReview(undefined, query.from ? new Date(query.from) : undefined);
    const names = await this.supervision.departmentNames();
    const data = await evaluationXlsx(evaluation, review, (code) => names.get(code) ?? code);
    const name = `evaluation-${evaluation.asOf.slice(0, 10)}.xlsx`;
    return new StreamableFile(data, {
      type: XLSX,
      disposition: `attachment; filename="${name}"`,
      length: data.length,
    });
  }
}
