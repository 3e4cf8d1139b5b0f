import { Column, Entity, PrimaryColumn } from 'typeorm';

/** API keys, stored as SHA-256 hashes only. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn({ name: 'id', type: 'text', primaryKeyConstraintName: 'pk_api_keys' })
  id!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  /** `window`, `department:<code>`, `supervisor`, `auditor`, `integrator`, `admin`. */
  @Column({ name: 'role', type: 'text' })
  role!: string;

  @Column({ name: 'key_hash', type: 'text', unique: true })
  keyHash!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
