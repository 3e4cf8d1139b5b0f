import { z } from 'zod';
import { instant, text, type SameShape } from '@onewindow/contract/http';
import type { ApiKeyRecord } from '@onewindow/persistence';

/** `/v1/admin/api-keys`: a new key, the key as created (its token shown once) and the list of keys. */

export const createApiKeySchema = z.strictObject({
  name: text(200).meta({ example: 'provincial platform' }),
  // The role's own rule (`known-role`) is checked by ApiKeysService, which answers invalid-role.
  role: z
    .string()
    .min(1)
    .describe(
      'window, supervisor, auditor, integrator, admin, department:<code> or integrator:<code> (acts for one department)',
    )
    .meta({ example: 'department:housing' }),
});

export type CreateApiKeyRequest = z.infer<typeof createApiKeySchema>;

export const createdApiKeySchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  token: z.string().describe('shown only in this answer; only its hash is stored'),
});

export const apiKeyListSchema = z.array(
  z.strictObject({
    id: z.string(),
    name: z.string(),
    role: z.string(),
    createdAt: instant,
    revokedAt: instant.nullable(),
  }),
);

const answerMatchesRecord: SameShape<z.infer<typeof apiKeyListSchema>[number], ApiKeyRecord> = true;
void answerMatchesRecord;
