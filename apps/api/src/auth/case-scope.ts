import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { caseDepartments } from '@onewindow/persistence';
import { ApiError } from '../common/api-error';
import { departmentOf, type Principal } from './principal';

/**
 * The department a key is confined to: `department:<code>` and `integrator:<code>` keys list and read only the cases
 * their department takes part in; the window, supervisors, auditors, the centre's integrator and admin see the
 * centre's.
 */
export function confinedDepartment(principal: Principal): string | undefined {
  return departmentOf(principal.role);
}

/** The 403 for a confined key reading a case its department has no step in, or undefined when it may. */
export function outsideScope(
  principal: Principal,
  caseId: string,
  departments: readonly string[],
): ApiError | undefined {
  const department = confinedDepartment(principal);
  if (department === undefined || departments.includes(department)) return undefined;
  return new ApiError(
    403,
    'case-outside-department',
    `role ${principal.role} reads only the cases ${department} takes part in; case ${caseId} has no ${department} step`,
  );
}

/** The list filter a confined key may ask for: its own department, set when absent, a 403 when another. */
export function scopedDepartmentFilter(principal: Principal, requested: string | undefined): string | undefined {
  const department = confinedDepartment(principal);
  if (department === undefined) return requested;
  if (requested !== undefined && requested !== department) {
    throw new ApiError(
      403,
      'case-outside-department',
      `role ${principal.role} lists only the cases ${department} takes part in, not department=${requested}`,
    );
  }
  return department;
}

/** Checks a confined key against the read model's departments of a case. */
@Injectable()
export class CaseScope {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Throws the 403 when a confined key may not read the case. `fallback` gives the departments when the read model
   * does not hold the case yet (the workflow's own view); without one, such a case is not found for a confined key.
   */
  async assertReadable(
    principal: Principal,
    caseId: string,
    fallback?: () => Promise<readonly string[]>,
  ): Promise<void> {
    if (confinedDepartment(principal) === undefined) return;
    const departments = (await caseDepartments(this.dataSource, caseId)) ?? (fallback ? await fallback() : undefined);
    if (departments === undefined) throw ApiError.notFound('case-not-found', `case ${caseId} does not exist`);
    const refusal = outsideScope(principal, caseId, departments);
    if (refusal) throw refusal;
  }
}
