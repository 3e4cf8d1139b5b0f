import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { CaseScope } from './case-scope';
import { AuthGuard } from './auth.guard';
import { MeController } from './me.controller';

@Global()
@Module({
  controllers: [ApiKeysController, MeController],
  providers: [ApiKeysService, CaseScope, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ApiKeysService, CaseScope],
})
export class AuthModule {}
