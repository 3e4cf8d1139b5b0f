import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { api, unwrap } from './api/client';
import { useLoad } from './hooks';

type Matters = Awaited<ReturnType<typeof loadMatters>>;
type Templates = Awaited<ReturnType<typeof loadTemplates>>;

/** A catalogue version's departments and matters: the active one when no version is named. */
async function loadMatters(version?: string) {
  return unwrap(await api.GET('/v1/catalog/matters', { params: { query: version ? { version } : {} } }));
}

/** A catalogue version's templates: the active one when no version is named. */
async function loadTemplates(version?: string) {
  return unwrap(await api.GET('/v1/catalog/templates', { params: { query: version ? { version } : {} } }));
}

export type Matter = Matters['matters'][number];
export type Template = Templates['templates'][number];

interface Reference {
  matters: Matter[];
  templates: Template[];
  departments: Matters['departments'];
  version: string | undefined;
  departmentName: (code: string) => string;
  matterName: (code: string) => string;
  /** A material's name from any matter of the catalogue (a code is one material wherever it is asked for). */
  materialName: (code: string) => string;
  templateName: (id: string) => string;
  /** Loads the active catalogue again (after an admin activates another version). */
  reload: () => void;
}

const ReferenceContext = createContext<Reference | undefined>(undefined);

/** The active catalogue (departments, matters, templates), loaded once after sign-in, for names and forms. */
export function ReferenceProvider({ children }: { children: ReactNode }) {
  const matters = useLoad(() => loadMatters(), []);
  const templates = useLoad(() => loadTemplates(), []);
  const { reload: reloadMatters } = matters;
  const { reload: reloadTemplates } = templates;
  const value = useMemo<Reference>(() => {
    const departments = matters.data?.departments ?? [];
    const list = matters.data?.matters ?? [];
    const templateList = templates.data?.templates ?? [];
    const materialNames = new Map(
      list.flatMap((matter) => matter.materials.map((material) => [material.code, material.name] as const)),
    );
    return {
      matters: list,
      templates: templateList,
      departments,
      version: matters.data?.version,
      departmentName: (code) => departments.find((department) => department.code === code)?.name ?? code,
      matterName: (code) => list.find((matter) => matter.code === code)?.name ?? code,
      materialName: (code) => materialNames.get(code) ?? code,
      templateName: (id) => templateList.find((template) => template.id === id)?.name ?? id,
      reload: () => {
        reloadMatters();
        reloadTemplates();
      },
    };
  }, [matters.data, templates.data, reloadMatters, reloadTemplates]);
  return <ReferenceContext.Provider value={value}>{children}</ReferenceContext.Provider>;
}

export function useReference(): Reference {
  const context = useContext(ReferenceContext);
  if (!context) throw new Error('useReference outside ReferenceProvider');
  return context;
}

/** A case's catalogue: the matters and templates of the version it was received under. */
export interface CaseCatalogue {
  matters: Matter[];
  templates: Template[];
  /** While that version loads (it is not the active one). */
  loading: boolean;
  failure?: Error;
}

/**
 * The catalogue version a case was received under, by which the engine decides it (its steps, dependencies, fee
 * items and standards): the active catalogue when the case has that version, else that version, loaded when the
 * case's version changes. What was loaded for another version (the case before) is never shown for this one.
 */
export function useCaseCatalogue(catalogVersion: string): CaseCatalogue {
  const reference = useReference();
  const own = catalogVersion !== '' && reference.version !== undefined && catalogVersion !== reference.version;
  // Each answer, a failure too, names the version it is for.
  const loaded = useLoad(async () => {
    if (!own) return undefined;
    try {
      const [matters, templates] = await Promise.all([loadMatters(catalogVersion), loadTemplates(catalogVersion)]);
      return { version: catalogVersion, matters: matters.matters, templates: templates.templates };
    } catch (failure) {
      return { version: catalogVersion, failure: failure instanceof Error ? failure : new Error(String(failure)) };
    }
  }, [own, catalogVersion]);
  if (!own) return { matters: reference.matters, templates: reference.templates, loading: false };
  const current = loaded.data?.version === catalogVersion ? loaded.data : undefined;
  if (!current) return { matters: [], templates: [], loading: true };
  if ('failure' in current) return { matters: [], templates: [], loading: false, failure: current.failure };
  return { matters: current.matters, templates: current.templates, loading: false };
}
