import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { codeMatches } from '@onewindow/auth';
import {
  catalogDepartment,
  catalogMatterName,
  guideEntry,
  guideSummaries,
  type CatalogSnapshot,
} from '@onewindow/catalog';
import { isClosedStatus, type CaseView } from '@onewindow/case';
import { isCaseRated, recentLookupFailures, recordLookupFailure } from '@onewindow/persistence';
import type { RatingLevel } from '@onewindow/supervision';
import { ApiError } from '../common/api-error';
import { CaseReadService } from '../cases/case-read.service';
import { QueryCodes } from '../cases/query-codes.service';
import { RatingsService } from '../ratings/ratings.service';
import { ReferenceDataService } from '../reference/reference-data.service';
import type { z } from 'zod';
import type { progressSchema } from './public.schemas';

/** Failed lookups of one case, from any address, after which it is refused for a while (a guessed code). */
export const LOOKUP_FAILURES_ALLOWED = 5;
export const LOOKUP_LOCK_MINUTES = 15;

/** The actor a rating given on the applicant's own channel is recorded with. */
const APPLICANT_CHANNEL = { id: 'applicant-channel', role: 'applicant' };

type Progress = z.infer<typeof progressSchema>;

/**
 * The public side: the guide from the active catalogue (keyless), and the applicant's channel, answered only with the
 * case's query code (查询码, on the receipt; a credit code is public, so it opens nothing). A wrong code is answered
 * exactly like an unknown case (404), counted against the case (the address is kept with it), and the case is
 * refused for a while after five.
 */
@Injectable()
export class PublicService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queryCodes: QueryCodes,
    private readonly reference: ReferenceDataService,
    private readonly reads: CaseReadService,
    private readonly ratings: RatingsService,
  ) {}

  private async activeCatalog(): Promise<CatalogSnapshot> {
    const catalog = await this.reference.catalog();
    if (!catalog) throw ApiError.notFound('not-found', 'no catalogue version is active');
    return catalog;
  }

  async guide() {
    const catalog = await this.activeCatalog();
    return { catalogVersion: catalog.version, matters: guideSummaries(catalog) };
  }

  async guideEntry(matterCode: string) {
    const entry = guideEntry(await this.activeCatalog(), matterCode);
    if (!entry) throw ApiError.notFound('not-found', `the active catalogue has no matter ${matterCode}`);
    return entry;
  }

  /**
   * The case, when `code` is its query code; else 404, the same as for no case, and the failure is counted against
   * the case. The count, the check and the record run under the case's lookup lock, so wrong codes sent in parallel
   * are refused after five as surely as one after the other.
   */
  private async unlocked(caseId: string, code: string | undefined, address: string): Promise<CaseView> {
    const notFound = () => ApiError.notFound('case-not-found', `no case ${caseId} with this code`);
    // The refusal is returned, not thrown, from the transaction: a failure recorded must be committed.
    const outcome = await this.dataSource.transaction(async (manager): Promise<CaseView | ApiError> => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`public-lookup:${caseId}`]);
      if ((await recentLookupFailures(manager, caseId, LOOKUP_LOCK_MINUTES)) >= LOOKUP_FAILURES_ALLOWED) {
        return new ApiError(
          429,
          'too-many-attempts',
          `too many wrong codes for case ${caseId}: try again in ${LOOKUP_LOCK_MINUTES} minutes, or ask at the window`,
        );
      }
      const refused = async () => {
        await recordLookupFailure(manager, caseId, address);
        return notFound();
      };
      let view: CaseView;
      try {
        view = await this.reads.view(caseId);
      } catch (error) {
        // A case still starting (just received) is not there yet for anyone: not a wrong code, so not counted.
        if (error instanceof ApiError && error.code === 'case-starting') return notFound();
        if (error instanceof ApiError && error.status < 500) return refused();
        throw error;
      }
      return codeMatches(await this.queryCodes.of(caseId), code) ? view : refused();
    });
    if (outcome instanceof ApiError) throw outcome;
    return outcome;
  }

  async progress(caseId: string, code: string | undefined, address: string): Promise<Progress> {
    const view = await this.unlocked(caseId, code, address);
    const catalog = (await this.reference.catalog(view.catalogVersion)) ?? (await this.activeCatalog());
    const materialName = (code: string) =>
      catalog.matters.flatMap((matter) => matter.materials).find((material) => material.code === code)?.name ?? code;
    const template = catalog.templates.find((candidate) => candidate.id === view.templateId);
    const rated = await isCaseRated(this.dataSource, caseId);
    return {
      caseId: view.caseId,
      packageName: template?.name ?? view.templateId,
      project: (view.project as { name?: string }).name ?? null,
      status: view.status,
      receivedAt: view.receivedAt,
      acceptedAt: view.acceptedAt ?? null,
      deadline: view.deadline ?? null,
      overdue: view.overdue,
      closed: view.closed ?? null,
      steps: view.steps.map((step) => ({
        matterCode: step.matterCode,
        matterName: catalogMatterName(catalog, step.matterCode),
        department: catalogDepartment(catalog, step.department),
        status: step.status,
        deadline: step.clock?.deadline ?? null,
        finishedAt: step.finishedAt ?? null,
        suspended: step.clock?.suspended ?? false,
        exemptBasis: step.exempt?.basis ?? null,
      })),
      missingMaterials: view.missingDocuments.map((item) => ({
        materialCode: item.materialCode,
        name: materialName(item.materialCode),
        reason: item.reason,
        dueAt: item.dueAt ?? null,
        supplied: item.suppliedAt !== undefined,
      })),
      fees: (view.fees?.items ?? []).map((fee) => ({
        name: fee.name,
        amountYuan: fee.amountFen / 100,
        status: fee.status,
        dueYuan: fee.dueFen / 100,
      })),
      licences: (view.issuance?.licences ?? []).map((licence) => {
        const step = view.steps.find((candidate) => candidate.stepId === licence.stepId);
        return {
          number: licence.number,
          matterName: step ? catalogMatterName(catalog, step.matterCode) : '',
        };
      }),
      rated,
      ratable: isClosedStatus(view.status) && !rated,
    };
  }

  /** 好差评 on the applicant's own channel: once, after the case is finished. */
  async rate(caseId: string, code: string | undefined, address: string, level: RatingLevel, comment?: string) {
    await this.unlocked(caseId, code, address);
    const rated = await this.ratings.record(caseId, level, comment, APPLICANT_CHANNEL);
    return { caseId: rated.caseId, level: rated.level };
  }
}
