import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FINISHED_STEP_STATUSES, OPEN_STEP_STATUSES } from '@onewindow/case';
import {
  listApiKeys,
  listOpenSuspensions,
  listWarnedOpenSteps,
  supervisionCaseCounts,
  supervisionStepSums,
  type SupervisionQuery,
} from '@onewindow/persistence';
import { overviewFromSums, type SupervisionFilter } from '@onewindow/supervision';
import { RatingsService } from '../ratings/ratings.service';
import { ReferenceDataService } from '../reference/reference-data.service';

/**
 * 电子监察: statistics per department, matter and reviewer, and the open warning list, aggregated by Postgres over the read
 * model (a year's steps never come into the API); the rules are libs/supervision's.
 */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ratings: RatingsService,
    private readonly reference: ReferenceDataService,
  ) {}

  async overview(filter: SupervisionFilter = {}, now = new Date()) {
    const calendar = await this.reference.calendar();
    const asOf = now.toISOString();
    const query: SupervisionQuery = {
      filter,
      now: asOf,
      finishedStatuses: FINISHED_STEP_STATUSES,
      openStatuses: OPEN_STEP_STATUSES,
    };
    // Four statements on pool connections at once: Postgres runs them side by side.
    const [{ groups, reviewers }, cases, warned, openSuspensions, keys, ratings] = await Promise.all([
      supervisionStepSums(this.dataSource, query, calendar.dayNumbers().utcOffsetMinutes),
      supervisionCaseCounts(this.dataSource, query),
      listWarnedOpenSteps(this.dataSource, query),
      listOpenSuspensions(this.dataSource, query),
      listApiKeys(this.dataSource),
      this.ratings.summary(now),
    ]);
    const names = new Map(keys.map((key) => [key.id, key.name]));
    const byReviewer = Object.fromEntries(
      Object.entries(reviewers).map(([id, stats]) => [id, { name: names.get(id) ?? null, ...stats }]),
    );
    const overview = overviewFromSums(groups, cases, warned, reviewers, { calendar, now: asOf });
    return { asOf, ...overview, byReviewer, openSuspensions, ratings };
  }
}
