import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Working-day calendar overrides: holidays on weekdays and 调休 working weekend days, national or local. */
@Entity({ name: 'calendar_days' })
export class CalendarDayEntity {
  /** `CN` for the State Council notice; a region code for local extra holidays. */
  @PrimaryColumn({ name: 'region', type: 'text', primaryKeyConstraintName: 'pk_calendar_days' })
  region!: string;

  @PrimaryColumn({ name: 'date', type: 'date', primaryKeyConstraintName: 'pk_calendar_days' })
  date!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: 'holiday' | 'workday';

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'source', type: 'text' })
  source!: string;
}

/** Years whose holiday notice is loaded: deadlines in other years are provisional. */
@Entity({ name: 'calendar_years' })
export class CalendarYearEntity {
  @PrimaryColumn({ name: 'region', type: 'text', primaryKeyConstraintName: 'pk_calendar_years' })
  region!: string;

  @PrimaryColumn({ name: 'year', type: 'integer', primaryKeyConstraintName: 'pk_calendar_years' })
  year!: number;

  @Column({ name: 'source', type: 'text' })
  source!: string;
}
