import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { RatingsModule } from '../ratings/ratings.module';
import { PublicController } from './public.controller';
import { PublicService } from './public.service';

@Module({
  imports: [CasesModule, RatingsModule],
  controllers: [PublicController],
  providers: [PublicService],
  exports: [PublicService],
})
export class PublicModule {}
