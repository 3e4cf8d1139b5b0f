import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model: one row per department step of a case. */
@Entity({ name: 'case_steps' })
export class CaseStepEntity {
  @PrimaryColumn({ name: 'case_id', type: 'text', primaryKeyConstraintName: 'pk_case_steps' })
  caseId!: string;

  @PrimaryColumn({ name: 'step_id', type: 'text', primaryKeyConstraintName: 'pk_case_steps' })
  stepId!: string;

  @Column({ name: 'matter_code', type: 'text' })
  matterCode!: string;

  @Column({ name: 'department', type: 'text' })
  department!: string;

  @Column({ name: 'status', type: 'text' })
  status!: string;

  @Column({ name: 'opinion', type: 'text', nullable: true })
  opinion!: string | null;

  @Column({ name: 'deadline', type: 'timestamptz', nullable: true })
  deadline!: Date | null;

  @Column({ name: 'deadline_provisional', type: 'boolean', default: false })
  deadlineProvisional!: boolean;

  @Column({ name: 'warning_level', type: 'text', default: 'none' })
  warningLevel!: string;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
