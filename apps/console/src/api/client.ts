import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type CaseView = Schemas['CaseView'];
export type StepView = Schemas['StepView'];
export type CaseListItem = Schemas['CaseListItem'];

const KEY_STORAGE = 'onewindow.apiKey';

/** The API key stays in this tab only (sessionStorage), never in a URL or a cookie. */
export const apiKey = {
  get: (): string | null => sessionStorage.getItem(KEY_STORAGE),
  set: (key: string) => sessionStorage.setItem(KEY_STORAGE, key),
  clear: () => sessionStorage.removeItem(KEY_STORAGE),
};

/** The typed client of our own API (generated from /docs-json), with the tab's key on every request. */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use({
  onRequest({ request }) {
    const key = apiKey.get();
    if (key) request.headers.set('Authorization', `Bearer ${key}`);
    return request;
  },
});

/** One problem with one field, as the API names it: `applicant.name`, `missing`, `stepId` … */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/** An answer of the API that is not a success: its status, the engine's code and words, and the fields named. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: FieldProblem[],
  ) {
    super(message);
  }

  /** The problems of one field, or of the fields under it (`missing` also matches `missing.0.materialCode`). */
  forField(field: string): FieldProblem[] {
    return this.problems.filter((problem) => problem.field === field || problem.field.startsWith(`${field}.`));
  }
}

type Envelope = Schemas['Error'];

/**
 * Field problems from every form of `error.details`: validation's `{ field, rule, message }` list, a published
 * catalogue's `{ path, rule, message }` list (the path is the field), or a refusal's `{ field, … }`.
 */
function problemsOf(code: string, message: string, details: Envelope['error']['details']): FieldProblem[] {
  if (Array.isArray(details)) {
    return details.map((problem) =>
      'field' in problem ? problem : { field: problem.path, rule: problem.rule, message: problem.message },
    );
  }
  if (details && typeof details.field === 'string') return [{ field: details.field, rule: code, message }];
  return [];
}

/** The data of an openapi-fetch answer, or an ApiFailure carrying the engine's refusal. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.error === undefined) return result.data as T;
  const envelope = result.error as Partial<Envelope> | undefined;
  const error = envelope?.error;
  if (!error) throw new ApiFailure(result.response.status, 'http-error', result.response.statusText, []);
  throw new ApiFailure(
    result.response.status,
    error.code,
    error.message,
    problemsOf(error.code, error.message, error.details),
  );
}

/** The file name an export's Content-Disposition gives, or the fallback. */
export function fileNameOf(response: Response, fallback: string): string {
  return /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? fallback;
}

/** Saves a downloaded file (an export) through the browser, under its name. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
