import { readFileSync } from 'node:fs';
import { CLIENT_TYPES_FILE, clientTypes } from './codegen';

/** The console's typed client is the proof that integrators can generate one from /docs-json: it must not drift. */
describe('the console’s generated client types', () => {
  it('equal what the API’s current OpenAPI document generates (run npm run generate:client after an API change)', async () => {
    // given the committed types
    const committed = readFileSync(CLIENT_TYPES_FILE, 'utf8');
    // when they are generated again from the document the API builds now
    const generated = await clientTypes();
    // then nothing has changed
    expect(generated === committed).toBe(true);
  });
});
