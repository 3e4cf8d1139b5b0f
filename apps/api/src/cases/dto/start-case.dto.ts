import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CASE_ID_PATTERN } from '../../../../../libs/contract';
import { IsInstant, IsOptionalNotNull } from '../../common/validation';

export class ApplicantDto {
  @ApiProperty({ example: '某某置业有限公司' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ description: '统一社会信用代码 or ID number', example: '91310000MA1FL0000X' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  creditCode!: string;

  @ApiPropertyOptional({ enum: ['good', 'bad'], default: 'good', description: 'a bad credit record bars 容缺受理' })
  @IsOptionalNotNull()
  @IsIn(['good', 'bad'])
  creditRecord?: 'good' | 'bad';

  @ApiPropertyOptional({ example: '13800000000' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(64)
  contact?: string;
}

export class ProjectDto {
  @ApiProperty({ example: '临港新片区某产业园一期' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ description: '项目代码', example: '2611-310115-04-01-123456' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(64)
  code?: string;

  @ApiPropertyOptional({ description: '地块编号', example: 'PDS2026-0012' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(64)
  landParcel?: string;
}

export class DocumentDto {
  @ApiProperty({ description: 'material code from the catalogue', example: 'project-filing-form' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  materialCode!: string;

  @ApiPropertyOptional({
    description: 'the step the document is for, when a material serves several',
    example: 'planning-permit',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  stepId?: string;
}

export class StartCaseDto {
  @ApiPropertyOptional({ description: '办件编号; assigned when absent', example: 'OW-2026-000123' })
  @IsOptionalNotNull()
  @Matches(CASE_ID_PATTERN, {
    message: 'caseId must be 1-64 letters, digits, dot, dash or underscore, starting with a letter or digit',
  })
  caseId?: string;

  @ApiProperty({ example: 'land-and-start' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  templateId!: string;

  @ApiProperty({ type: ApplicantDto })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant!: ApplicantDto;

  @ApiProperty({ type: ProjectDto })
  @ValidateNested()
  @Type(() => ProjectDto)
  project!: ProjectDto;

  @ApiProperty({ type: [DocumentDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => DocumentDto)
  documents!: DocumentDto[];

  @ApiPropertyOptional({ description: 'the land contract is already signed (no pre-review phase)', default: false })
  @IsOptionalNotNull()
  @IsBoolean()
  landContractSigned?: boolean;

  @ApiPropertyOptional({
    description: 'when the materials were received; defaults to now',
    format: 'date-time',
    example: '2026-03-02T01:30:00Z',
  })
  @IsOptionalNotNull()
  @IsInstant()
  receivedAt?: string;
}
