import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MESSAGE_NAMES } from '@onewindow/contract/http';
import { openApiDocument } from '../app';
import { AuditController } from '../audit/audit.controller';
import { AuditService } from '../audit/audit.service';
import { ApiKeysController } from '../auth/api-keys.controller';
import { ApiKeysService } from '../auth/api-keys.service';
import type { Principal } from '../auth/principal';
import { CalendarAdminController } from '../calendar/calendar-admin.controller';
import { CalendarController } from '../calendar/calendar.controller';
import { CatalogAdminController } from '../catalog/catalog-admin.controller';
import { ProjectsController, SupervisedProjectsController } from '../projects/projects.controller';
import { ProjectsService } from '../projects/projects.service';
import { PublishingService } from '../reference/publishing.service';
import { CaseListService } from '../cases/case-list.service';
import { CasesController } from '../cases/cases.controller';
import { CasesService } from '../cases/cases.service';
import { MessagesService } from '../cases/messages.service';
import { CatalogController } from '../catalog/catalog.controller';
import { HealthController } from '../health/health.controller';
import { HealthService } from '../health/health.service';
import { RatingsController } from '../ratings/ratings.controller';
import { RatingsService } from '../ratings/ratings.service';
import { ReferenceDataService } from '../reference/reference-data.service';
import { SupervisionController } from '../supervision/supervision.controller';
import { SupervisionService } from '../supervision/supervision.service';
import { ErrorFilter } from './error.filter';
import { RouteTable } from './routes';

/** The document and the routing of every controller, with services that only record what reached them. */
describe('the OpenAPI document: one path per message beside the generic ones', () => {
  let app: INestApplication;
  let document: OpenAPIObject;
  const sent: Array<{ caseId: string; name: string }> = [];

  beforeAll(async () => {
    const messages = {
      update: (caseId: string, name: string) => {
        sent.push({ caseId, name });
        return Promise.resolve({ ok: true, commandId: 'c-1', duplicate: false, events: [], lastSequence: 1 });
      },
    };
    const stubs = [
      AuditService,
      ApiKeysService,
      CaseListService,
      CasesService,
      HealthService,
      RatingsService,
      ProjectsService,
      PublishingService,
    ];
    const moduleRef = await Test.createTestingModule({
      controllers: [
        AuditController,
        ApiKeysController,
        CalendarController,
        CalendarAdminController,
        CasesController,
        CatalogController,
        CatalogAdminController,
        ProjectsController,
        SupervisedProjectsController,
        HealthController,
        RatingsController,
        SupervisionController,
      ],
      providers: [
        ...[...stubs, ReferenceDataService, SupervisionService, DataSource].map((provide) => ({
          provide,
          useValue: {},
        })),
        { provide: MessagesService, useValue: messages },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    const principal: Principal = { keyId: 'k-1', name: 'test', role: 'admin' };
    app.use((req: Request & { principal?: Principal }, _res: unknown, next: () => void) => {
      req.principal = principal;
      next();
    });
    document = openApiDocument(app);
    app.useGlobalFilters(new ErrorFilter(new RouteTable(document)));
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it.each([
    ['signals', 'signal'],
    ['updates', 'update'],
  ])('/v1/cases/{caseId}/%s/<message>: its own body and operationId, the generic route’s answers', (kind, verb) => {
    const generic = document.paths[`/v1/cases/{caseId}/${kind}/{name}`].post!;
    for (const name of MESSAGE_NAMES) {
      const operation = document.paths[`/v1/cases/{caseId}/${kind}/${name}`]?.post;
      expect([name, operation?.operationId]).toEqual([name, `${verb}_${name.replace(/-/g, '_')}`]);
      expect(operation!.requestBody).toMatchObject({
        required: true,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/Message.${name}` } } },
      });
      expect(Object.keys(operation!.responses)).toEqual(Object.keys(generic.responses));
      expect((operation!.parameters ?? []).map((parameter) => 'name' in parameter && parameter.name)).toEqual([
        'caseId',
        'Idempotency-Key',
      ]);
    }
    expect(generic.requestBody).toMatchObject({
      content: { 'application/json': { schema: { anyOf: expect.any(Array) } } },
    });
  });

  it('a message body is its contract schema without the actor, the commandId optional', () => {
    const schemas = document.components!.schemas! as Record<string, { properties?: object; required?: string[] }>;
    for (const name of MESSAGE_NAMES) {
      expect(schemas[`Message.${name}`].properties).not.toHaveProperty('actor');
      expect(schemas[`Message.${name}`].properties).toHaveProperty('commandId');
      expect(schemas[`Message.${name}`].required ?? []).not.toContain('commandId');
    }
    expect(schemas['Message.department-opinion'].required).toEqual(['stepId', 'opinion']);
  });

  it('every $ref names a component of the document', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (match) => match[1],
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs))
      expect([ref, document.components?.schemas?.[ref]]).toEqual([ref, expect.anything()]);
    expect(JSON.stringify(document)).not.toMatch(/"\$ref":"#\/(definitions|\$defs)\//);
  });

  it('the per-message paths are served by the generic route; other methods on them are 405', async () => {
    const answer = await request(app.getHttpServer())
      .post('/v1/cases/C-1/updates/department-opinion')
      .send({ stepId: 'planning-permit', opinion: 'agree' })
      .expect(200);
    expect(answer.body).toMatchObject({ ok: true, commandId: 'c-1' });
    expect(sent).toEqual([{ caseId: 'C-1', name: 'department-opinion' }]);
    const wrongMethod = await request(app.getHttpServer()).get('/v1/cases/C-1/signals/withdrawn').expect(405);
    expect(wrongMethod.headers.allow).toBe('POST');
  });

  it('a case id that cannot exist is a 404 before any service is asked', async () => {
    const answer = await request(app.getHttpServer())
      .post(`/v1/cases/${'x'.repeat(80)}/updates/withdrawn`)
      .send({ reason: '撤回' })
      .expect(404);
    expect(answer.body.error.code).toBe('case-not-found');
    expect(sent).toHaveLength(1);
  });
});
