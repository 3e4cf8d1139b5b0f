import { z } from 'zod';
import type { CatalogSnapshot } from '@onewindow/catalog';
import {
  CATALOG_VERSION_PATTERN,
  catalogSchema,
  departmentSchema,
  matterSchema,
  templateSchema,
} from '@onewindow/catalog/format';
import { instant, type SameShape } from '@onewindow/contract/http';

/** The catalogue routes: the version they read, the catalogue (libs/catalog's published format) they answer. */

const version = z.string().regex(CATALOG_VERSION_PATTERN, '1-40 letters, digits, dot, dash or underscore');

/** Only version is read (other parameters were never refused here); a bad one is answered invalid-version. */
export const versionQuerySchema = z.object({
  version: version.optional().describe('catalogue version; the active one when absent'),
});

export const versionParamSchema = version.describe('a published catalogue version');

export const mattersSchema = z.strictObject({
  version: z.string(),
  departments: z.array(departmentSchema),
  matters: z.array(matterSchema),
});

export const templatesSchema = z.strictObject({ version: z.string(), templates: z.array(templateSchema) });

/** The body of POST /v1/admin/catalog/versions: a whole catalogue version in the published format. */
export const catalogBodySchema = catalogSchema;

export const catalogVersionSchema = z
  .strictObject({
    version: z.string(),
    digest: z.string().describe('SHA-256 of the canonical JSON of the catalogue'),
    active: z.boolean(),
    publishedAt: instant,
    publishedBy: z.string().describe('who published it: seed, cli, or the admin key'),
    activatedAt: instant.optional(),
    counts: z.strictObject({ departments: z.number().int(), matters: z.number().int(), templates: z.number().int() }),
  })
  .meta({ id: 'CatalogVersion' });

export const catalogVersionsSchema = z
  .strictObject({ active: z.string().optional(), versions: z.array(catalogVersionSchema) })
  .meta({ id: 'CatalogVersions' });

export const publishedCatalogSchema = z
  .strictObject({
    version: catalogVersionSchema,
    created: z.boolean().describe('false when this exact content was already published under this version'),
  })
  .meta({ id: 'PublishedCatalog' });

const change = z.strictObject({
  path: z.string().describe('e.g. matters[construction-permit].promisedLimit'),
  from: z.unknown().optional(),
  to: z.unknown().optional(),
});

export const catalogDiffSchema = z
  .strictObject({
    from: z.string(),
    to: z.string(),
    added: z.array(z.string()).describe('departments[x], matters[x], templates[x] only in `to`'),
    removed: z.array(z.string()).describe('only in `from`'),
    changed: z.array(change).describe('fields whose value differs, by path'),
  })
  .meta({ id: 'CatalogDiff' });

const answersMatchCatalog: [
  SameShape<z.infer<typeof mattersSchema>, Omit<CatalogSnapshot, 'templates' | 'wholeProcess'>>,
  SameShape<z.infer<typeof templatesSchema>, Pick<CatalogSnapshot, 'version' | 'templates'>>,
  SameShape<z.infer<typeof catalogSchema>, CatalogSnapshot>,
] = [true, true, true];
void answersMatchCatalog;
