import { catalogDepartment, catalogMatterName, guideEntry, guideSummaries } from './guide';
import { defaultCatalog } from './shipped';

describe('the public service guide (办事指南) from the active catalogue', () => {
  const catalog = defaultCatalog();

  it('lists every matter with its department, limits, window and whether it is free', () => {
    const list = guideSummaries(catalog);
    expect(list).toHaveLength(catalog.matters.length);
    const permit = list.find((entry) => entry.code === 'construction-permit')!;
    expect(permit).toMatchObject({
      department: { code: 'housing', name: '住房和城乡建设局' },
      promisedLimit: { value: 3, unit: 'working-days' },
      legalLimit: { value: 7, unit: 'working-days' },
      free: false,
    });
    expect(permit.window).toContain('窗口');
  });

  it('a matter’s guide: basis, conditions, materials with 容缺 and 告知承诺, procedure, fees with standard and basis', () => {
    const entry = guideEntry(catalog, 'construction-permit')!;
    expect(entry.catalogVersion).toBe(catalog.version);
    expect(entry.basis).toContain('《建筑法》');
    expect(entry.conditions.length).toBeGreaterThan(0);
    expect(entry.procedure.length).toBeGreaterThan(2);
    expect(entry.materials.some((material) => material.importance === 'key')).toBe(true);
    expect(entry.fees).toEqual([
      expect.objectContaining({
        code: 'infrastructure-fee',
        amount: { perUnitYuan: 100, unit: '平方米（建筑面积）' },
        basis: expect.stringContaining('国发〔2013〕36号'),
      }),
    ]);
    expect(entry.freeBasis).toBeNull();
    expect(entry.packages.map((template) => template.id)).toContain('land-and-start');
  });

  it('names a matter and a department by code; the code stands for the name when the catalogue lacks it', () => {
    expect(catalogMatterName(catalog, 'construction-permit')).toBe(
      catalog.matters.find((matter) => matter.code === 'construction-permit')!.name,
    );
    expect(catalogDepartment(catalog, 'housing')).toEqual({ code: 'housing', name: '住房和城乡建设局' });
    expect(catalogMatterName(catalog, 'no-such-matter')).toBe('no-such-matter');
    expect(catalogDepartment(catalog, 'no-such-department')).toEqual({
      code: 'no-such-department',
      name: 'no-such-department',
    });
    expect(catalogMatterName(undefined, 'construction-permit')).toBe('construction-permit');
    expect(catalogDepartment(undefined, 'housing')).toEqual({ code: 'housing', name: 'housing' });
  });

  it('a free matter says why it is free; an unknown matter has no guide', () => {
    const filing = guideEntry(catalog, 'enterprise-project-filing')!;
    expect(filing).toMatchObject({ free: true, fees: [] });
    expect(filing.freeBasis).toContain('不收费');
    expect(guideEntry(catalog, 'no-such-matter')).toBeUndefined();
  });

  it('a material is tolerable or replaceable only where the matter allows it at all', () => {
    for (const matter of catalog.matters) {
      const entry = guideEntry(catalog, matter.code)!;
      if (!matter.toleranceAllowed) expect(entry.materials.every((material) => !material.tolerable)).toBe(true);
      if (!matter.commitmentAllowed)
        expect(entry.materials.every((material) => !material.commitmentAllowed)).toBe(true);
    }
  });
});
