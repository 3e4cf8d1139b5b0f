import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { TemporalSettings } from '../../../libs/config';
import { dataSourceOptions } from '../../../libs/persistence';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CasesModule } from './cases/cases.module';
import { CatalogModule } from './catalog/catalog.module';
import { HealthModule } from './health/health.module';
import { RatingsModule } from './ratings/ratings.module';
import { ReferenceDataModule } from './reference/reference-data.module';
import { SupervisionModule } from './supervision/supervision.module';
import { TemporalModule } from './temporal/temporal.module';

export interface ApiSettings {
  databaseUrl: string;
  temporal: TemporalSettings;
}

@Module({})
export class AppModule {
  static forRoot(settings: ApiSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(settings.databaseUrl), retryAttempts: 3, retryDelay: 1000 }),
        TemporalModule.forRoot(settings.temporal),
        ReferenceDataModule,
        AuthModule,
        HealthModule,
        CasesModule,
        CatalogModule,
        CalendarModule,
        AuditModule,
        SupervisionModule,
        RatingsModule,
      ],
    };
  }
}
