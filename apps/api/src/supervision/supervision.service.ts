import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MatterSpec } from '../../../../libs/catalog';
import { RatingsService } from '../ratings/ratings.service';
import { ReferenceDataService } from '../reference/reference-data.service';

interface StepRow {
  case_id: string;
  step_id: string;
  matter_code: string;
  department: string;
  status: string;
  deadline: Date | null;
  warning_level: string;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface SupervisionStats {
  received: number;
  finished: number;
  onTime: number;
  early: number;
  overdue: number;
  open: number;
  warnings: number;
  yellowCards: number;
  redCards: number;
  /** Average working days used by finished steps. */
  averageWorkingDaysUsed: number | null;
  /** Average legal limit (working days) of the same steps. */
  averageLegalWorkingDays: number | null;
  /** 1 − used / legal: the reform asks for two thirds or more. */
  compressionRatio: number | null;
}

const FINISHED = new Set(['agreed', 'deemed-consent', 'refused']);

/** 电子监察: statistics per department and matter, and the open warning list, from the read model. */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ratings: RatingsService,
    private readonly reference: ReferenceDataService,
  ) {}

  async overview(now = new Date()) {
    const rows = await this.dataSource.query<StepRow[]>(
      `SELECT case_id, step_id, matter_code, department, status, deadline, warning_level, started_at, finished_at
       FROM case_steps WHERE started_at IS NOT NULL`,
    );
    const catalog = await this.reference.catalog();
    const matters = new Map<string, MatterSpec>((catalog?.matters ?? []).map((matter) => [matter.code, matter]));
    const calendar = await this.reference.calendar();
    const stats = (selected: StepRow[]): SupervisionStats => {
      const finished = selected.filter((row) => FINISHED.has(row.status) && row.finished_at);
      const late = (row: StepRow) => row.deadline !== null && (row.finished_at ?? now) > row.deadline;
      const used = finished.map((row) =>
        calendar.workingDaysBetween(row.started_at!.toISOString(), row.finished_at!.toISOString()),
      );
      const legal = finished.flatMap((row) => {
        const limit = matters.get(row.matter_code)?.legalLimit;
        return limit?.unit === 'working-days' ? [limit.value] : [];
      });
      const average = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
      const averageUsed = average(used);
      const averageLegal = average(legal);
      return {
        received: selected.length,
        finished: finished.length,
        onTime: finished.filter((row) => !late(row)).length,
        early: finished.filter(
          (row) =>
            row.deadline &&
            calendar.localDate(row.finished_at!.toISOString()) < calendar.localDate(row.deadline.toISOString()),
        ).length,
        overdue: selected.filter(late).length,
        open: selected.length - finished.length,
        warnings: selected.filter((row) => row.warning_level === 'warning').length,
        yellowCards: selected.filter((row) => row.warning_level === 'yellow').length,
        redCards: selected.filter((row) => row.warning_level === 'red').length,
        averageWorkingDaysUsed: averageUsed,
        averageLegalWorkingDays: averageLegal,
        compressionRatio: averageUsed !== null && averageLegal ? 1 - averageUsed / averageLegal : null,
      };
    };
    const group = (key: (row: StepRow) => string) => {
      const groups = new Map<string, StepRow[]>();
      for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
      return Object.fromEntries(
        [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([name, selected]) => [name, stats(selected)]),
      );
    };
    const openWarnings = rows
      .filter(
        (row) =>
          !FINISHED.has(row.status) && (row.warning_level !== 'none' || (row.deadline !== null && row.deadline < now)),
      )
      .map((row) => ({
        caseId: row.case_id,
        stepId: row.step_id,
        department: row.department,
        matterCode: row.matter_code,
        level:
          row.deadline !== null && row.deadline < now && row.warning_level === 'none' ? 'yellow' : row.warning_level,
        deadline: row.deadline?.toISOString() ?? null,
        remainingWorkingDays: row.deadline
          ? calendar.remainingWorkingDays(now.toISOString(), row.deadline.toISOString())
          : null,
      }))
      .sort((a, b) => (a.deadline ?? '').localeCompare(b.deadline ?? ''));
    return {
      asOf: now.toISOString(),
      total: stats(rows),
      byDepartment: group((row) => row.department),
      byMatter: group((row) => row.matter_code),
      openWarnings,
      ratings: await this.ratings.summary(now),
    };
  }
}
