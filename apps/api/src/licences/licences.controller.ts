import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { catalogDepartment, catalogMatterName, maskedCreditCode } from '@onewindow/catalog';
import { instant } from '@onewindow/contract/http';
import { findLicence } from '@onewindow/persistence';
import { Public } from '../auth/roles.decorator';
import { openApiSchema, ZodParam } from '../common/zod';
import { ReferenceDataService } from '../reference/reference-data.service';
import { rateLimits } from '../security/rate-limits';

export const licenceVerificationSchema = z
  .strictObject({
    number: z.string(),
    status: z.enum(['valid', 'revoked', 'unknown']),
    licence: z
      .strictObject({
        matterCode: z.string(),
        matterName: z.string(),
        department: z.strictObject({ code: z.string(), name: z.string() }),
        holderName: z.string(),
        holderCreditCode: z.string().describe('masked: only the first two and the last two characters'),
        seal: z.string().nullable(),
        issuedAt: instant,
        contentHash: z
          .string()
          .describe('SHA-256 of what the licence says (number, holder, matter, department, seal, date)'),
        revokedAt: instant.nullable(),
        revokeReason: z.string().nullable(),
      })
      .optional()
      .describe('absent for an unknown number'),
  })
  .meta({ id: 'LicenceVerification' });

const licenceNumber = z.string().trim().min(1).max(100).describe('the licence number, as printed');

/** 电子证照, verified by anyone: valid, revoked (its 告知承诺 decision revoked) or unknown. No API key. */
@ApiTags('public')
@Public()
@Controller('v1/licences')
export class LicencesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
  ) {}

  @Get(':number/verify')
  @Throttle({ default: { limit: () => rateLimits().publicPerMinute, ttl: 60_000 } })
  @ApiOkResponse({
    description: 'the licence’s status and what it says; an unknown number is answered `unknown`, not an error',
    schema: openApiSchema(licenceVerificationSchema),
  })
  @ApiTooManyRequestsResponse({ description: 'too many keyless requests from this address' })
  async verify(
    @ZodParam('number', licenceNumber) number: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof licenceVerificationSchema>> {
    response.setHeader('Cache-Control', 'no-store');
    const record = await findLicence(this.dataSource, number);
    if (!record) return { number, status: 'unknown' };
    const catalog = await this.reference.catalog();
    return {
      number,
      status: record.revokedAt === null ? 'valid' : 'revoked',
      licence: {
        matterCode: record.matterCode,
        matterName: catalogMatterName(catalog, record.matterCode),
        department: catalogDepartment(catalog, record.department),
        holderName: record.holderName,
        holderCreditCode: maskedCreditCode(record.holderCreditCode),
        seal: record.seal,
        issuedAt: record.issuedAt,
        contentHash: record.contentHash,
        revokedAt: record.revokedAt,
        revokeReason: record.revokeReason,
      },
    };
  }
}
