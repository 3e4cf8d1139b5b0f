import { createHash } from 'node:crypto';
import { strToU8, zipSync, type Zippable } from 'fflate';

/** One case's bundle (GET /v1/audit/export) as it goes into a multi-case archive. */
export interface ArchivedCase {
  caseId: string;
  verified: boolean;
  events: number;
  bundle: unknown;
}

export const ARCHIVE_FORMAT = 'onewindow-archive/1';

/**
 * A zip of many case bundles (审批档案 by filter): `cases/<caseId>.json` per case, each exactly what
 * `GET /v1/audit/export` answers, and `manifest.json` with the filter, and each file's SHA-256, event count and chain
 * verification, so an archive system can check every file on its own.
 */
export function zipArchive(filter: Record<string, unknown>, cases: readonly ArchivedCase[], exportedAt: string) {
  const files: Zippable = {};
  const entries = cases.map((item) => {
    const data = strToU8(JSON.stringify(item.bundle, null, 2));
    const file = `cases/${item.caseId}.json`;
    files[file] = data;
    return {
      caseId: item.caseId,
      file,
      sha256: createHash('sha256').update(data).digest('hex'),
      events: item.events,
      verified: item.verified,
    };
  });
  const manifest = {
    format: ARCHIVE_FORMAT,
    exportedAt,
    filter,
    verified: entries.every((entry) => entry.verified),
    cases: entries,
  };
  files['manifest.json'] = strToU8(JSON.stringify(manifest, null, 2));
  // Same input, same bytes: a fixed modification time for every entry.
  return Buffer.from(zipSync(files, { level: 6, mtime: new Date(exportedAt) }));
}
