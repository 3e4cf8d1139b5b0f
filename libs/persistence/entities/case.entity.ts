import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model: one row per case, kept current by the projection activity. */
@Entity({ name: 'cases' })
export class CaseEntity {
  @PrimaryColumn({ name: 'case_id', type: 'text', primaryKeyConstraintName: 'pk_cases' })
  caseId!: string;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ name: 'template_id', type: 'text' })
  templateId!: string;

  @Column({ name: 'catalog_version', type: 'text' })
  catalogVersion!: string;

  @Column({ name: 'status', type: 'text' })
  status!: string;

  @Column({ name: 'kind', type: 'text', nullable: true })
  kind!: string | null;

  @Column({ name: 'applicant', type: 'jsonb' })
  applicant!: Record<string, unknown>;

  @Column({ name: 'project', type: 'jsonb' })
  project!: Record<string, unknown>;

  @Column({ name: 'departments', type: 'text', array: true, default: () => "'{}'" })
  departments!: string[];

  @Column({ name: 'deadline', type: 'timestamptz', nullable: true })
  deadline!: Date | null;

  @Column({ name: 'overdue', type: 'boolean', default: false })
  overdue!: boolean;

  @Column({ name: 'warning_level', type: 'text', default: 'none' })
  warningLevel!: string;

  @Column({ name: 'last_sequence', type: 'integer', default: 0 })
  lastSequence!: number;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
