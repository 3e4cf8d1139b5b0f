import { Module } from '@nestjs/common';
import { CatalogAdminController } from './catalog-admin.controller';
import { CatalogController } from './catalog.controller';

@Module({ controllers: [CatalogController, CatalogAdminController] })
export class CatalogModule {}
