import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { listApiKeys, listStartedSteps } from '../../../../libs/persistence';
import { supervisionOverview } from '../../../../libs/supervision';
import { RatingsService } from '../ratings/ratings.service';
import { ReferenceDataService } from '../reference/reference-data.service';

/** 电子监察: statistics per department, matter and reviewer, and the open warning list, from the read model. */
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
    const overview = supervisionOverview(steps, { calendar, matters: catalog?.matters ?? [], now: asOf });
    const names = new Map((await listApiKeys(this.dataSource)).map((key) => [key.id, key.name]));
    const byReviewer = Object.fromEntries(
      Object.entries(overview.byReviewer).map(([id, stats]) => [id, { name: names.get(id) ?? null, ...stats }]),
    );
    return { asOf, ...overview, byReviewer, ratings: await this.ratings.summary(now) };
  }
}
