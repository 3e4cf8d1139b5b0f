import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator';
import { openApiSchema, ZodParam, ZodQuery } from '../common/zod';
import { projectCodeSchema, projectsQuerySchema, projectsSchema, wholeProcessSchema } from './projects.schemas';
import { ProjectsService } from './projects.service';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('v1/projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get(':projectCode')
  @ApiOkResponse({
    description: 'the project’s whole-process clock: each stage case’s time, used and remaining against the target',
    schema: openApiSchema(wholeProcessSchema),
  })
  @ApiNotFoundResponse({ description: 'no case carries this project code' })
  get(@ZodParam('projectCode', projectCodeSchema) projectCode: string): Promise<z.infer<typeof wholeProcessSchema>> {
    return this.projects.required(projectCode);
  }
}

@ApiTags('supervision')
@ApiBearerAuth()
@Roles('supervisor', 'auditor')
@Controller('v1/supervision/projects')
export class SupervisedProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  @ApiOkResponse({
    description: '电子监察 of the whole process: projects with their stage time used, remaining and overdue',
    schema: openApiSchema(projectsSchema),
  })
  list(
    @ZodQuery(projectsQuerySchema) query: z.infer<typeof projectsQuerySchema>,
  ): Promise<z.infer<typeof projectsSchema>> {
    return this.projects.list(query);
  }
}
