import { chinaNationalCalendar, WorkingCalendar } from '@onewindow/calendar';
import {
  assessDocuments,
  catalogDigest,
  findMatter,
  findTemplate,
  limitWithin,
  materialCodesOfTemplate,
  mattersOfTemplate,
  readySteps,
  topologicalOrder,
  validateCatalog,
  type CatalogSnapshot,
} from './index';
import { defaultCatalog } from './shipped';

const catalog = defaultCatalog();
const matters = mattersOfTemplate(catalog, 'land-and-start');
const LAND_AND_START = findTemplate(catalog, 'land-and-start')!;

function businessStep(copy: CatalogSnapshot, stepId: string) {
  return findTemplate(copy, 'business-setup')!.steps.find((step) => step.id === stepId)!;
}

function broken(change: (copy: CatalogSnapshot) => void): string[] {
  const copy = defaultCatalog();
  change(copy);
  return validateCatalog(copy).map((problem) => problem.rule);
}

describe('the shipped catalogue (newest version)', () => {
  it('validates clean', () => {
    expect(validateCatalog(catalog)).toEqual([]);
  });

  it('行政许可法 Art. 42: promised limits never exceed legal limits, even across units', () => {
    for (const matter of catalog.matters) expect(limitWithin(matter.promisedLimit, matter.legalLimit)).toBe(true);
    // EIA 报告表: 10 working days against 30 calendar days (环境影响评价法 Art. 22) — checked against the real calendar.
    const eia = findMatter(catalog, 'eia-report-form-approval')!;
    const calendar = new WorkingCalendar(chinaNationalCalendar());
    for (const start of ['2026-01-29T02:00:00Z', '2026-09-28T02:00:00Z', '2026-04-30T02:00:00Z']) {
      const promised = calendar.deadline(start, eia.promisedLimit.value);
      const legal = calendar.calendarDeadline(start, eia.legalLimit.value);
      expect(Date.parse(promised.at)).toBeLessThanOrEqual(Date.parse(legal.at));
    }
  });

  it('容缺受理 practice: only secondary materials are on a 容缺 list', () => {
    for (const matter of catalog.matters) {
      for (const material of matter.materials) if (material.tolerable) expect(material.importance).toBe('secondary');
    }
  });

  it('Art. 42 ¶1 / Art. 44 defaults: one 10-day extension and issuance within 10 working days', () => {
    const permit = findMatter(catalog, 'works-planning-permit')!;
    expect(permit.legalLimit).toEqual({ value: 20, unit: 'working-days' });
    expect(permit.extensionLimit).toEqual({ value: 10, unit: 'working-days' });
    expect(permit.issuanceLimit).toEqual({ value: 10, unit: 'working-days' });
    expect(LAND_AND_START.caseLimit).toEqual({ value: 45, unit: 'working-days' });
    expect(LAND_AND_START.caseExtensionLimit).toEqual({ value: 15, unit: 'working-days' });
  });

  it('the digest changes with the content and only with it', () => {
    expect(catalogDigest(defaultCatalog())).toBe(catalogDigest(catalog));
    const changed = defaultCatalog();
    changed.matters[0].promisedLimit = { value: 2, unit: 'working-days' };
    expect(catalogDigest(changed)).not.toBe(catalogDigest(catalog));
  });
});

describe('land-and-start (拿地即开工) template', () => {
  it('covers the four stages’ departments: 发改, 自然资源, 住建, 人防, 消防, 生态环境, utilities', () => {
    const departments = new Set(LAND_AND_START.steps.map((step) => matters[step.matterCode].department));
    expect([...departments].sort()).toEqual(
      ['civil-air-defence', 'ecology', 'fire', 'housing', 'natural-resources', 'ndrc', 'utilities'].sort(),
    );
  });

  it('is acyclic; the construction permit comes after drawing review and the works planning permit', () => {
    const order = topologicalOrder(LAND_AND_START)!;
    expect(order.indexOf('construction-permit')).toBeGreaterThan(order.indexOf('drawing-review'));
    expect(order.indexOf('construction-permit')).toBeGreaterThan(order.indexOf('works-planning-permit'));
    expect(order.indexOf('works-planning-permit')).toBeGreaterThan(order.indexOf('land-use-planning-permit'));
  });

  it('pre-review starts before the land contract; formal steps wait for it', () => {
    const none = new Set<string>();
    expect(readySteps(LAND_AND_START, none, none, false).sort()).toEqual([
      'design-scheme-review',
      'eia-approval',
      'project-filing',
    ]);
    const favourable = new Set(['project-filing', 'design-scheme-review']);
    expect(readySteps(LAND_AND_START, favourable, favourable, false).sort()).toEqual([
      'air-defence-approval',
      'drawing-review',
      'eia-approval',
      'fire-design-review',
    ]);
    expect(readySteps(LAND_AND_START, favourable, favourable, true)).toContain('land-use-planning-permit');
  });

  it('桩基分段施工: the piling permit is optional and may come before the construction permit', () => {
    const piling = LAND_AND_START.steps.find((step) => step.id === 'pile-foundation-permit')!;
    expect(piling.required).toBe(false);
    expect(piling.dependsOn).not.toContain('construction-permit');
  });
});

describe('validation rules fire on broken catalogues', () => {
  it.each([
    ['cycle', (c: CatalogSnapshot) => void c.templates[0].steps[0].dependsOn.push('construction-permit')],
    ['unknown-dependency', (c: CatalogSnapshot) => void c.templates[0].steps[1].dependsOn.push('nope')],
    ['unknown-matter', (c: CatalogSnapshot) => void (c.templates[0].steps[1].matterCode = 'nope')],
    ['duplicate-step', (c: CatalogSnapshot) => void c.templates[0].steps.push({ ...c.templates[0].steps[0] })],
    [
      'promised-exceeds-legal',
      (c: CatalogSnapshot) => void (c.matters[1].promisedLimit = { value: 21, unit: 'working-days' }),
    ],
    [
      'promised-exceeds-legal',
      (c: CatalogSnapshot) =>
        void (findMatter(c, 'eia-report-form-approval')!.promisedLimit = { value: 20, unit: 'working-days' }),
    ],
    ['tolerable-key-material', (c: CatalogSnapshot) => void (c.matters[1].materials[0].tolerable = true)],
    ['unknown-department', (c: CatalogSnapshot) => void (c.matters[1].department = 'mayor')],
    [
      'pre-review-depends-on-formal',
      (c: CatalogSnapshot) => void c.templates[0].steps[0].dependsOn.push('land-use-planning-permit'),
    ],
    ['non-positive-limit', (c: CatalogSnapshot) => void (c.matters[2].legalLimit = { value: 0, unit: 'working-days' })],
    [
      'no-key-material',
      (c: CatalogSnapshot) =>
        void (c.matters[2].materials = c.matters[2].materials.filter((m) => m.importance !== 'key')),
    ],
    // 企业开办: the business licence is produced by its first step and used by the four after it
    ['produced-twice', (c: CatalogSnapshot) => void (businessStep(c, 'seal').produces = ['business-licence'])],
    [
      'produced-unused',
      (c: CatalogSnapshot) => void businessStep(c, 'business-licence').produces!.push('land-contract'),
    ],
    ['used-before-produced', (c: CatalogSnapshot) => void (businessStep(c, 'seal').dependsOn = [])],
  ])('%s', (code, change) => {
    expect(broken(change)).toContain(code);
  });
});

describe('assessDocuments: submitted materials against the template', () => {
  const all = Object.values(matters).flatMap((matter) =>
    matter.materials.map((material) => ({ materialCode: material.code })),
  );

  it('a complete submission is complete on every step', () => {
    const result = assessDocuments(LAND_AND_START, matters, all);
    expect(result.steps.every((step) => step.complete)).toBe(true);
    expect(result.unknownMaterials).toEqual([]);
  });

  it('容缺: a missing secondary material on the list is tolerable; a missing key material is not', () => {
    const withoutSupervision = all.filter((document) => document.materialCode !== 'supervision-contract');
    const permit = assessDocuments(LAND_AND_START, matters, withoutSupervision).steps.find(
      (step) => step.stepId === 'construction-permit',
    )!;
    expect(permit).toMatchObject({ missingKey: [], missingTolerable: ['supervision-contract'], complete: false });
    expect(permit.commitmentEligible).toContain('supervision-contract');

    const withoutContract = all.filter((document) => document.materialCode !== 'land-contract');
    const planning = assessDocuments(LAND_AND_START, matters, withoutContract).steps.find(
      (step) => step.stepId === 'land-use-planning-permit',
    )!;
    expect(planning.missingKey).toEqual(['land-contract']);
  });

  it('a secondary material off the 容缺 list is reported apart', () => {
    const without = all.filter((document) => document.materialCode !== 'fire-special-evaluation');
    const fire = assessDocuments(LAND_AND_START, matters, without).steps.find(
      (step) => step.stepId === 'fire-design-review',
    )!;
    expect(fire.missingTolerable).toEqual(['fire-special-evaluation']);
    const strict = defaultCatalog();
    findMatter(strict, 'fire-design-review')!.toleranceAllowed = false;
    const strictFire = assessDocuments(LAND_AND_START, mattersOfTemplate(strict, 'land-and-start'), without).steps.find(
      (step) => step.stepId === 'fire-design-review',
    )!;
    expect(strictFire).toMatchObject({ missingTolerable: [], missingSecondary: ['fire-special-evaluation'] });
  });

  it('unknown material codes and step ids are reported', () => {
    const result = assessDocuments(LAND_AND_START, matters, [
      { materialCode: 'birth-certificate' },
      { materialCode: 'business-licence', stepId: 'no-such-step' },
    ]);
    expect(result.unknownMaterials).toEqual(['birth-certificate']);
    expect(result.unknownSteps).toEqual(['no-such-step']);
  });

  it('a document for one step does not count for another', () => {
    const result = assessDocuments(LAND_AND_START, matters, [
      { materialCode: 'business-licence', stepId: 'project-filing' },
    ]);
    expect(result.steps.find((step) => step.stepId === 'project-filing')!.present).toEqual(['business-licence']);
    expect(result.steps.find((step) => step.stepId === 'construction-permit')!.present).toEqual([]);
  });
});

describe('materialCodesOfTemplate', () => {
  it('lists each material of the template’s matters once, and nothing for an unknown template', () => {
    const codes = materialCodesOfTemplate(defaultCatalog(), 'land-and-start');
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining(['business-licence', 'land-contract']));
    expect(materialCodesOfTemplate(defaultCatalog(), 'no-such-template')).toEqual([]);
  });
});
