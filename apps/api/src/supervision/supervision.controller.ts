import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { z } from 'zod';
import { openApiSchema, ZodQuery } from '../common/zod';
import { overviewCsv, overviewXlsx } from './supervision-export';
import { exportQuerySchema, overviewSchema, type Overview } from './supervision.schemas';
import { SupervisionService } from './supervision.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('supervision')
@ApiBearerAuth()
@Roles('supervisor', 'auditor')
@Controller('v1/supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get('overview')
  @ApiOkResponse({
    description:
      '电子监察: received, finished, on time, early, overdue, warnings, yellow and red cards, average working days used against the legal limit and the compression ratio — in total, per department and per matter — and the open warning list',
    schema: openApiSchema(overviewSchema),
  })
  overview(): Promise<Overview> {
    return this.supervision.overview();
  }

  @Get('overview/export')
  @ApiOkResponse({
    description:
      'the overview as a spreadsheet: XLSX with one sheet per table (departments, matters, reviewers, open ' +
      'warnings), or one table as CSV (UTF-8 with a byte-order mark); headers in Chinese and English',
    content: {
      [XLSX]: { schema: { type: 'string', format: 'binary' } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async export(@ZodQuery(exportQuerySchema) query: z.infer<typeof exportQuerySchema>): Promise<StreamableFile> {
    const overview = await this.supervision.overview();
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
}
