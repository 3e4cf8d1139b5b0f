import { Global, Module } from '@nestjs/common';
import { ReferenceDataService } from './reference-data.service';

@Global()
@Module({ providers: [ReferenceDataService], exports: [ReferenceDataService] })
export class ReferenceDataModule {}
