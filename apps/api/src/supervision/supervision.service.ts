import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FINISHED_STEP_STATUSES, OPEN_STEP_STATUSES } from '@onewindow/case';
import {
  listApiKeys,
  listRectifications,
  ratingsByDepartment,
  ratingsByQuarter,
  listOpenSuspensions,
  listWarnedOpenSteps,
  supervisionCaseCounts,
  supervisionStepSums,
  type SupervisionQuery,
  exemptionCounts,
  feeSumsByGroup,
} from '@onewindow/persistence';
import {
  accountabilityByDepartment,
  departmentStats,
  evaluateDepartments,
  overviewFromSums,
  parseEvaluationWeights,
  quarterReviews,
  type EvaluationWeights,
  type RatingLevel,
  type SupervisionFilter,
  NO_CASES,
  NO_STEPS,
  rectificationsDue,
  statsOfSums,
  exemptionSummary,
  feeSummary,
} from '@onewindow/supervision';
import type { DemocraticReview, Evaluation } from './supervision.schemas';
import { RatingsService } from '../ratings/ratings.service';
import { AccountabilityService } from '../accountability/accountability.service';
import { ReferenceDataService } from '../reference/reference-data.service';

/** The steps a filter selects at an instant, with the kernel's finished and open (待办) step statuses. */
function supervisionQuery(filter: SupervisionFilter, now: string): SupervisionQuery {
  return { filter, now, finishedStatuses: FINISHED_STEP_STATUSES, openStatuses: OPEN_STEP_STATUSES };
}

/**
 * 电子监察: statistics per department, matter and reviewer, and the open warning list, aggregated by Postgres over the read
 * model (a year's steps never come into the API); the rules are libs/supervision's.
 */
@Injectable()
export class SupervisionService {
  /** 绩效评估's weights, from configuration: a bad value stops the API at start, naming it. */
  readonly weights: EvaluationWeights = parseEvaluationWeights(process.env.ONEWINDOW_EVALUATION_WEIGHTS);

  constructor(
    private readonly dataSource: DataSource,
    private readonly ratings: RatingsService,
    private readonly accountability: AccountabilityService,
    private readonly reference: ReferenceDataService,
  ) {}

  /**
   * 绩效评估 of every department with steps received in the period: its 电子监察 sums, the ratings its cases got, the
   * rectifications that fell due, the complaints about its cases and the 过错 findings against it in the period,
   * scored by libs/supervision's published method.
   */
  async evaluation(period: { from?: string; to?: string }, now = new Date()): Promise<Evaluation> {
    const asOf = now.toISOString();
    const calendar = await this.reference.calendar();
    const query = supervisionQuery({ ...period }, asOf);
    // Only what the evaluation reads: the step sums and case counts per department, ratings, rectifications.
    const [{ groups }, cases, ratings, rectifications, accountable] = await Promise.all([
      supervisionStepSums(this.dataSource, query, calendar.dayNumbers().utcOffsetMinutes),
      supervisionCaseCounts(this.dataSource, query),
      ratingsByDepartment(this.dataSource, period),
      listRectifications(this.dataSource),
      this.accountability.facts(now),
    ]);
    const byDepartment = departmentStats(groups, cases);
    const due = rectificationsDue(rectifications, period, asOf);
    const accountability = accountabilityByDepartment(accountable.complaints, accountable.records, period);
    const departments = new Set([
      ...Object.keys(byDepartment),
      ...ratings.map((row) => row.department),
      ...due.keys(),
      ...accountability.keys(),
    ]);
    // A department with ratings or rectifications but no step received in the period.
    const noSteps = statsOfSums(NO_STEPS, NO_CASES);
    const evaluated = evaluateDepartments(
      [...departments].map((department) => {
        const byLevel: Partial<Record<RatingLevel, number>> = {};
        for (const row of ratings.filter((rating) => rating.department === department)) byLevel[row.level] = row.count;
        return {
          department,
          steps: byDepartment[department] ?? noSteps,
          ratings: { byLevel },
          rectifications: due.get(department) ?? { due: 0, onTime: 0 },
          accountability: accountability.get(department),
        };
      }),
      this.weights,
    );
    return { asOf, from: period.from ?? null, to: period.to ?? null, weights: this.weights, departments: evaluated };
  }

  /** The departments' names in the active catalogue, for the exports. */
  async departmentNames(): Promise<Map<string, string>> {
    const catalog = await this.reference.catalog();
    return new Map((catalog?.departments ?? []).map((department) => [department.code, department.name]));
  }

  /**
   * 民主评议: the ratings of each department's cases per quarter of a year (the year of `now` when not asked), in the
   * calendar's local time.
   */
  async democraticReview(year: number | undefined, now = new Date()): Promise<DemocraticReview> {
    const calendar = await this.reference.calendar();
    const offset = calendar.dayNumbers().utcOffsetMinutes;
    const asked = year ?? new Date(now.getTime() + offset * 60_000).getUTCFullYear();
    return { year: asked, quarters: quarterReviews(await ratingsByQuarter(this.dataSource, asked, offset)) };
  }

  async overview(filter: SupervisionFilter = {}, now = new Date()) {
    const calendar = await this.reference.calendar();
    const asOf = now.toISOString();
    const query = supervisionQuery(filter, asOf);
    // The statements on pool connections at once: Postgres runs them side by side.
    const [{ groups, reviewers }, cases, warned, openSuspensions, keys, ratings, accountable, fees, exempt] =
      await Promise.all([
        supervisionStepSums(this.dataSource, query, calendar.dayNumbers().utcOffsetMinutes),
        supervisionCaseCounts(this.dataSource, query),
        listWarnedOpenSteps(this.dataSource, query),
        listOpenSuspensions(this.dataSource, query),
        listApiKeys(this.dataSource),
        this.ratings.summary(now),
        this.accountability.summary(now),
        feeSumsByGroup(this.dataSource, filter),
        exemptionCounts(this.dataSource, filter),
      ]);
    const names = new Map(keys.map((key) => [key.id, key.name]));
    const byReviewer = Object.fromEntries(
      Object.entries(reviewers).map(([id, stats]) => [id, { name: names.get(id) ?? null, ...stats }]),
    );
    const overview = overviewFromSums(groups, cases, warned, reviewers, { calendar, now: asOf });
    return {
      asOf,
      ...overview,
      byReviewer,
      openSuspensions,
      ratings,
      ...accountable,
      fees: feeSummary(fees),
      exemptions: exemptionSummary(exempt),
    };
  }
}
