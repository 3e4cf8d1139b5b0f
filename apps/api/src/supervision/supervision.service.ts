import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { listStartedSteps } from '../../../../libs/persistence';
import { supervisionOverview } from '../../../../libs/supervision';
import { RatingsService } from '../ratings/ratings.service';
import { ReferenceDataService } from '../reference/reference-data.service';

/** 电子监察: statistics per department and matter, and the open warning list, from the read model. */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ratings: RatingsService,
    private readonly reference: ReferenceDataService,
  ) {}

  async overview(now = new Date()) {
    const steps = await listStartedSteps(this.dataSource);
    const catalog = await this.reference.catalog();
    const calendar = await this.reference.calendar();
    const asOf = now.toISOString();
    return {
      asOf,
      ...supervisionOverview(steps, { calendar, matters: catalog?.matters ?? [], now: asOf }),
      ratings: await this.ratings.summary(now),
    };
  }
}
