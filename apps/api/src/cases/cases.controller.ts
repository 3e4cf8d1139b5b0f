import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiConflictResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { CasesService } from './cases.service';
import { StartCaseDto } from './dto/start-case.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Roles('window', 'integrator')
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'the case workflow started' })
  @ApiConflictResponse({ description: 'a case with this id exists' })
  @ApiUnprocessableEntityResponse({ description: 'the body breaks a rule; details name each field' })
  start(@Body() body: StartCaseDto) {
    return this.cases.start(body);
  }

  @Get(':caseId')
  @ApiOkResponse({ description: 'the case as the workflow sees it now' })
  @ApiNotFoundResponse({ description: 'no such case' })
  get(@Param('caseId') caseId: string) {
    return this.cases.summary(caseId);
  }
}
