import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { TemporalSettings } from '@onewindow/config';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const TEMPORAL_SETTINGS = Symbol('TEMPORAL_SETTINGS');

@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

/** Provides the Temporal client under a Symbol token. */
@Global()
@Module({})
export class TemporalModule {
  static forRoot(settings: TemporalSettings): DynamicModule {
    return {
      module: TemporalModule,
      providers: [
        { provide: TEMPORAL_SETTINGS, useValue: settings },
        {
          provide: TEMPORAL_CLIENT,
          useFactory: () => {
            // Lazy: the API starts (and /health reports) even while Temporal is still coming up.
            const connection = Connection.lazy({
              address: settings.address,
              ...(settings.tls ? { tls: settings.tls } : {}),
              ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
            });
            return new Client({ connection, namespace: settings.namespace });
          },
        },
        TemporalConnectionCloser,
      ],
      exports: [TEMPORAL_CLIENT, TEMPORAL_SETTINGS],
    };
  }
}
