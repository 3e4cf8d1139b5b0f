import { Module } from '@nestjs/common';
import { CasesController } from './cases.controller';
import { CaseListService } from './case-list.service';
import { CasesService } from './cases.service';
import { MessagesService } from './messages.service';
import { CaseReadService } from './case-read.service';
import { ProjectionNotices } from './projection-notices.service';
import { QueryCodes } from './query-codes.service';
import { ProjectsModule } from '../projects/projects.module';

@Module({
  imports: [ProjectsModule],
  controllers: [CasesController],
  providers: [CasesService, MessagesService, CaseListService, CaseReadService, ProjectionNotices, QueryCodes],
  exports: [CaseReadService, QueryCodes],
})
export class CasesModule {}
