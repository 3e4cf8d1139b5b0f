import { join } from 'node:path';
import { loadConfig, register } from 'tsconfig-paths';

/**
 * The packages' path aliases (tsconfig.json's `paths`) for code jest loads outside its module registry: the global
 * setup and teardown run under Node's own resolution, where jest's moduleNameMapper does not apply. Imported first by
 * them, for its effect.
 */
const config = loadConfig(join(__dirname, '..', '..'));
if (config.resultType === 'failed') throw new Error(`tsconfig.json: ${config.message}`);
register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });
