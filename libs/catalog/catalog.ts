import { canonicalJson } from '@onewindow/audit/canonical-json';
import { fnv1a64 } from '@onewindow/calendar';
import type { CaseMatterSpec, CatalogSnapshot, MatterSpec, TemplateSpec, TimeLimit } from './types';

/** The national whole-process target (国办发〔2019〕11号): 120 working days, when a catalogue names no local one. */
export const NATIONAL_WHOLE_PROCESS: Required<CatalogSnapshot>['wholeProcess'] = {
  limit: { value: 120, unit: 'working-days' },
  basis: '国办发〔2019〕11号：工程建设项目审批全流程120个工作日',
};

export function wholeProcessLimitOf(snapshot: CatalogSnapshot): { limit: TimeLimit; basis: string } {
  return snapshot.wholeProcess ?? NATIONAL_WHOLE_PROCESS;
}

/** Orders catalogue versions as people read them: `2026.2` before `2026.10`. */
export function compareCatalogVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export function findTemplate(snapshot: CatalogSnapshot, templateId: string): TemplateSpec | undefined {
  return snapshot.templates.find((template) => template.id === templateId);
}

export function findMatter(snapshot: CatalogSnapshot, code: string): MatterSpec | undefined {
  return snapshot.matters.find((matter) => matter.code === code);
}

/** The matters a template uses, by code. */
export function mattersOfTemplate(snapshot: CatalogSnapshot, templateId: string): Record<string, MatterSpec> {
  const template = findTemplate(snapshot, templateId);
  if (!template) return {};
  const codes = new Set(template.steps.map((step) => step.matterCode));
  return Object.fromEntries(
    snapshot.matters.filter((matter) => codes.has(matter.code)).map((matter) => [matter.code, matter]),
  );
}

/** A matter as a case decides with it: its guide reduced to the fee items (the text is for citizens, not cases). */
export function caseMatter(matter: MatterSpec): CaseMatterSpec {
  const { guide, ...rest } = matter;
  return guide ? { ...rest, guide: { fees: guide.fees } } : rest;
}

/** Every material code a template's matters ask for, once each, in catalogue order. */
export function materialCodesOfTemplate(snapshot: CatalogSnapshot, templateId: string): string[] {
  const matters = Object.values(mattersOfTemplate(snapshot, templateId));
  return [...new Set(matters.flatMap((matter) => matter.materials.map((material) => material.code)))];
}

/** A content digest of a snapshot (pure, runs in workflows): the same content always gives the same digest. */
export function catalogDigest(snapshot: CatalogSnapshot): string {
  return fnv1a64(canonicalJson(snapshot));
}
