import { Global, Module } from '@nestjs/common';
import { PublishingService } from './publishing.service';
import { ReferenceDataService } from './reference-data.service';

@Global()
@Module({ providers: [ReferenceDataService, PublishingService], exports: [ReferenceDataService, PublishingService] })
export class ReferenceDataModule {}
