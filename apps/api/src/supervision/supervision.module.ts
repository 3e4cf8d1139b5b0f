import { Module } from '@nestjs/common';
import { RatingsModule } from '../ratings/ratings.module';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';

@Module({ imports: [RatingsModule], controllers: [SupervisionController], providers: [SupervisionService] })
export class SupervisionModule {}
