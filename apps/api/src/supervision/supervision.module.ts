import { Module } from '@nestjs/common';
import { RatingsModule } from '../ratings/ratings.module';
import { AccountabilityModule } from '../accountability/accountability.module';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';

@Module({
  imports: [RatingsModule, AccountabilityModule],
  controllers: [SupervisionController],
  providers: [SupervisionService],
})
export class SupervisionModule {}
