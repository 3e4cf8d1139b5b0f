import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One published version of the catalogue (matters and templates); a case keeps the version it started with. */
@Entity({ name: 'catalog_versions' })
export class CatalogVersionEntity {
  @PrimaryColumn({ name: 'version', type: 'text', primaryKeyConstraintName: 'pk_catalog_versions' })
  version!: string;

  @Column({ name: 'digest', type: 'text' })
  digest!: string;

  @Column({ name: 'snapshot', type: 'jsonb' })
  snapshot!: Record<string, unknown>;

  @Column({ name: 'active', type: 'boolean', default: false })
  active!: boolean;

  @Column({ name: 'published_at', type: 'timestamptz', default: () => 'now()' })
  publishedAt!: Date;
}
