import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the console's static build is (`npm run build:console` writes it): ONEWINDOW_CONSOLE_DIR, else dist/console. */
export function consoleDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ONEWINDOW_CONSOLE_DIR) return env.ONEWINDOW_CONSOLE_DIR;
  // From apps/api/src/console (ts-jest) or dist/apps/api/src/console (built): the repository is the first folder
  // up with a package.json.
  let folder = __dirname;
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) folder = dirname(folder);
  return join(folder, 'dist', 'console');
}

/**
 * The web console at /console: static files only (the page talks to the same HTTP API as any integrator, with the
 * key the user pastes), under the API's own strict Content-Security-Policy, which the build satisfies (no inline
 * script or style). Hashed assets are cached for good; index.html is revalidated so a new build shows at once.
 * Without a build, /console answers 503 saying how to make one.
 */
export function useConsole(app: NestExpressApplication, directory = consoleDirectory()): void {
  if (existsSync(join(directory, 'index.html'))) {
    app.useStaticAssets(directory, {
      prefix: '/console',
      index: 'index.html',
      redirect: true,
      setHeaders: (response: Response, path: string) => {
        response.setHeader(
          'Cache-Control',
          path.includes(`${join(directory, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    return;
  }
  app.use('/console', (_request: Request, response: Response, _next: NextFunction) => {
    response.status(503).json({
      error: {
        code: 'console-not-built',
        message: `the console is not built (no ${join(directory, 'index.html')}): run npm run build:console`,
      },
    });
  });
}
