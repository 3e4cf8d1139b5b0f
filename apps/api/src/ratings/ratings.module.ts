import { Module } from '@nestjs/common';
import { RatingsController } from './ratings.controller';
import { RatingsService } from './ratings.service';

@Module({ controllers: [RatingsController], providers: [RatingsService], exports: [RatingsService] })
export class RatingsModule {}
