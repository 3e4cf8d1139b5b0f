import { diffCatalogs, findTemplate, limitWithin, validateCatalog, type CatalogSnapshot } from './index';
import { parseCatalog } from './format';
import { defaultCatalog, shippedCatalogs } from './shipped';

const problemsOf = (input: unknown): Array<[string, string]> => {
  const parsed = parseCatalog(input);
  return parsed.ok ? [] : parsed.problems.map((problem) => [problem.path, problem.rule]);
};
const changed = (change: (copy: CatalogSnapshot) => void): CatalogSnapshot => {
  const copy = defaultCatalog();
  change(copy);
  return copy;
};

describe('the catalogue file format', () => {
  it('every shipped version parses and validates; the newest ships the templates beyond land-and-start', () => {
    const versions = shippedCatalogs();
    expect(versions.map((catalog) => catalog.version)).toEqual(['2026.1', '2026.2', '2026.3', '2026.4', '2026.5']);
    for (const catalog of versions)
      expect(parseCatalog(JSON.parse(JSON.stringify(catalog)))).toMatchObject({ ok: true });
    expect(defaultCatalog().templates.map((template) => template.id)).toEqual(
      expect.arrayContaining([
        'land-and-start',
        'land-and-start-with-scheme',
        'investment-filing',
        'business-setup',
        'property-registration',
        'construction-permit-321608',
        'medical-reimbursement',
        'utility-connection-application',
        'completion-acceptance',
      ]),
    );
  });

  it('names the path of each structural problem, list items by their code', () => {
    const input = JSON.parse(JSON.stringify(defaultCatalog())) as Record<string, unknown> & CatalogSnapshot;
    const permit = input.matters.find((matter) => matter.code === 'construction-permit')!;
    (permit.legalLimit as { unit: string }).unit = 'fortnights';
    delete (permit as Partial<typeof permit>).legalBasis;
    (input.templates[0] as unknown as Record<string, unknown>).colour = 'red';
    input.version = 'no spaces allowed';
    expect(problemsOf(input)).toEqual(
      expect.arrayContaining([
        ['version', 'format'],
        ['matters[construction-permit].legalLimit.unit', 'one-of'],
        ['matters[construction-permit].legalBasis', 'required'],
        ['templates[land-and-start].colour', 'unknown-field'],
      ]),
    );
    expect(problemsOf('not a catalogue')).toEqual([['(catalogue)', 'type']]);
  });

  it('runs every rule of validateCatalog after the structure', () => {
    const bad = changed((copy) => {
      findTemplate(copy, 'business-setup')!.caseTarget = { value: 5, unit: 'working-days' };
      findTemplate(copy, 'land-and-start-with-scheme')!.mergedStages = [2, 4];
      findTemplate(copy, 'land-and-start')!.landContractMaterial = 'no-such-material';
      findTemplate(copy, 'construction-permit-321608')!.steps[0].promisedLimit = { value: 8, unit: 'working-days' };
    });
    expect(problemsOf(bad)).toEqual([
      ['templates[land-and-start].landContractMaterial', 'unknown-material'],
      ['templates[land-and-start-with-scheme].mergedStages', 'unknown-stage'],
      ['templates[business-setup].caseTarget', 'target-exceeds-limit'],
      ['templates[construction-permit-321608].steps[construction-permit].promisedLimit', 'promised-exceeds-legal'],
    ]);
  });

  it('a department, matter or template listed twice, or a template with no required step, is refused', () => {
    const bad = changed((copy) => {
      copy.departments.push({ ...copy.departments[0] });
      findTemplate(copy, 'medical-reimbursement')!.steps[0].required = false;
    });
    expect(validateCatalog(bad).map((problem) => [problem.path, problem.rule])).toEqual([
      ['departments[ndrc]', 'duplicate-department'],
      ['templates[medical-reimbursement].steps', 'no-required-step'],
    ]);
  });
});

describe('limits across units', () => {
  const wd = (value: number) => ({ value, unit: 'working-days' as const });
  it('sub-day limits compare minute for minute, and against days by the office days they can touch', () => {
    expect(limitWithin({ value: 60, unit: 'working-minutes' }, { value: 1, unit: 'working-hours' })).toBe(true);
    expect(limitWithin({ value: 2, unit: 'working-hours' }, { value: 90, unit: 'working-minutes' })).toBe(false);
    expect(limitWithin({ value: 7, unit: 'working-hours' }, wd(1))).toBe(true);
    expect(limitWithin({ value: 8, unit: 'working-hours' }, wd(1))).toBe(false);
    expect(limitWithin({ value: 8, unit: 'working-hours' }, wd(1), 480)).toBe(true);
    expect(limitWithin(wd(1), { value: 8, unit: 'working-hours' })).toBe(false);
  });
});

describe('diff between two catalogue versions', () => {
  it('lists what was added, removed and changed, by path', () => {
    const [older, newer] = shippedCatalogs();
    const diff = diffCatalogs(older, newer);
    expect(diff).toMatchObject({ from: '2026.1', to: '2026.2', removed: [] });
    expect(diff.added).toEqual(expect.arrayContaining(['departments[tax]', 'templates[completion-acceptance]']));
    expect(diff.changed).toEqual(
      expect.arrayContaining([{ path: 'templates[land-and-start].landContractMaterial', to: 'land-contract' }]),
    );
    const tightened = structuredClone(newer);
    ((copy: CatalogSnapshot) => {
      copy.version = '2026.3-tight';
      copy.matters.find((matter) => matter.code === 'construction-permit')!.promisedLimit.value = 2;
      copy.templates = copy.templates.filter((template) => template.id !== 'medical-reimbursement');
    })(tightened);
    expect(diffCatalogs(newer, tightened)).toEqual({
      from: '2026.2',
      to: '2026.3-tight',
      added: [],
      removed: ['templates[medical-reimbursement]'],
      changed: [{ path: 'matters[construction-permit].promisedLimit.value', from: 3, to: 2 }],
    });
  });
});
