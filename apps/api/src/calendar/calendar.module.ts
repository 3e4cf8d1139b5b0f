import { Module } from '@nestjs/common';
import { CalendarAdminController } from './calendar-admin.controller';
import { CalendarController } from './calendar.controller';

@Module({ controllers: [CalendarController, CalendarAdminController] })
export class CalendarModule {}
