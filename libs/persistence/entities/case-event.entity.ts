import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * The audit log: every domain event of every case, append-only. Each row carries the hash of the previous row of
 * the same case and its own hash, so an edited, deleted or reordered row breaks the chain.
 */
@Entity({ name: 'case_events' })
@Unique('uq_case_events_case_sequence', ['caseId', 'sequence'])
export class CaseEventEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'bigint', primaryKeyConstraintName: 'pk_case_events' })
  id!: string;

  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  /** 1-based position in the case's log. */
  @Column({ name: 'sequence', type: 'integer' })
  sequence!: number;

  @Column({ name: 'type', type: 'text' })
  type!: string;

  @Column({ name: 'actor', type: 'jsonb' })
  actor!: Record<string, unknown>;

  @Column({ name: 'command_id', type: 'text', nullable: true })
  commandId!: string | null;

  /** When it happened (workflow time). */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  /** When the projection wrote it. */
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;

  /** The whole event as the workflow emitted it. */
  @Column({ name: 'payload', type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ name: 'hash', type: 'text' })
  hash!: string;
}
