import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { CASE_STATUSES, type CaseStatus } from '../../../../../libs/domain';
import { ToInteger } from '../../common/validation';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const LISTED_STATUSES = CASE_STATUSES.filter((status) => status !== 'draft');

export class ListCasesDto {
  @ApiPropertyOptional({ enum: LISTED_STATUSES })
  @IsOptional()
  @IsIn(LISTED_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ example: 'housing' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,40}$/)
  department?: string;

  @ApiPropertyOptional({ example: 'land-and-start' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  templateId?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: '特办件 only (true) or none of them (false)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  priority?: boolean;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(1)
  @Max(100000)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 200 })
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize: number = 20;
}
