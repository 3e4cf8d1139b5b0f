import { canonicalJson } from '../audit/canonical-json';
import { fnv1a64 } from '../calendar/calendar-version';
import { DEPARTMENTS } from './data/departments';
import { MATTERS } from './data/matters';
import { TEMPLATES } from './data/templates';
import type { CatalogSnapshot, MatterSpec, TemplateSpec } from './types';

export const DEFAULT_CATALOG_VERSION = '2026.1';

/** The catalogue shipped with this release (published to Postgres by the seed). */
export function defaultCatalog(): CatalogSnapshot {
  return structuredCloneJson({
    version: DEFAULT_CATALOG_VERSION,
    departments: DEPARTMENTS,
    matters: MATTERS,
    templates: TEMPLATES,
  });
}

function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
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

/** Every material code a template's matters ask for, once each, in catalogue order. */
export function materialCodesOfTemplate(snapshot: CatalogSnapshot, templateId: string): string[] {
  const matters = Object.values(mattersOfTemplate(snapshot, templateId));
  return [...new Set(matters.flatMap((matter) => matter.materials.map((material) => material.code)))];
}

/** A content digest of a snapshot (pure, runs in workflows): the same content always gives the same digest. */
export function catalogDigest(snapshot: CatalogSnapshot): string {
  return fnv1a64(canonicalJson(snapshot));
}
