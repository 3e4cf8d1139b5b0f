import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { actor } from '@onewindow/contract/http';
import {
  answerComplaint,
  closeAccountabilityRecord,
  findAccountabilityForUpdate,
  findCaseForUpdate,
  findComplaint,
  findComplaintForUpdate,
  insertComplaint,
  listAccountabilityFacts,
  listAccountabilityRecords,
  listComplaintFacts,
  listComplaints,
  actedOnStep,
  openAccountabilityRecords,
  type AccountabilityRecord,
  type Complaint,
} from '@onewindow/persistence';
import {
  accountabilityStats,
  answeredOnTime,
  complaintDeadline,
  complaintOverdue,
  complaintStats,
  opensAccountability,
  parseComplaintWorkingDays,
  type AccountabilityFinding,
  type AccountabilityStats,
  type ComplaintFinding,
  type ComplaintStats,
} from '@onewindow/supervision';
import { ReferenceDataService } from '../reference/reference-data.service';
import { outsideScope, scopedDepartmentFilter } from '../auth/case-scope';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { assertCaseId } from '../cases/case-errors';
import { actorOf } from '../cases/cases.service';

type Actor = z.infer<typeof actor>;

/** 评议投诉 and 过错责任追究: the rules are libs/supervision's; this service loads, locks and writes. */
@Injectable()
export class AccountabilityService {
  /** The answer limit of a complaint, from configuration: a bad value stops the API at start, naming it. */
  readonly complaintWorkingDays = parseComplaintWorkingDays(process.env.ONEWINDOW_COMPLAINT_WORKING_DAYS);

  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
  ) {}

  /**
   * Files the applicant's complaint about a case, relayed from the applicant's channel by the unscoped integrator
   * key (like 好差评); due for an answer in the configured working days.
   */
  async file(caseId: string, subject: string, principal: Principal, now = new Date()) {
    assertCaseId(caseId);
    if (principal.role !== 'integrator') {
      throw new ApiError(
        403,
        'complaint-from-applicant-side',
        `评议投诉 comes from the applicant side: an integrator key relays the platform's complaint; role ${principal.role} ` +
          'may not file one',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const found = await findCaseForUpdate(manager, caseId);
      if (!found) throw ApiError.notFound('case-not-found', `case ${caseId} does not exist`);
      const due = complaintDeadline(await this.reference.calendar(), now.toISOString(), this.complaintWorkingDays);
      const complaint: Complaint = {
        id: randomUUID(),
        caseId,
        departments: found.departments,
        subject,
        filedBy: actorOf(principal),
        filedAt: now.toISOString(),
        deadline: due.at,
        deadlineProvisional: due.provisional,
        answeredAt: null,
        finding: null,
        answer: null,
        answeredBy: null,
      };
      await insertComplaint(manager, complaint);
      return presentComplaint(complaint, now);
    });
  }

  /**
   * A supervisor answers a complaint with a finding, told back to the applicant; an upheld one opens an
   * accountability record against each of the case's departments at once.
   */
  async answer(id: string, finding: ComplaintFinding, answer: string, principal: Principal, now = new Date()) {
    assertSupervisor(principal, `complaint ${id}`);
    return this.dataSource.transaction(async (manager) => {
      const complaint = await findComplaintForUpdate(manager, id);
      if (!complaint) throw ApiError.notFound('complaint-not-found', `no complaint ${id}`);
      if (complaint.answeredAt !== null)
        throw ApiError.conflict('already-answered', `complaint ${id} was answered at ${complaint.answeredAt}`);
      const answered = await answerComplaint(manager, id, {
        answeredAt: now.toISOString(),
        finding,
        answer,
        answeredBy: actorOf(principal),
      });
      if (!answered) throw ApiError.conflict('already-answered', `complaint ${id} is already answered`);
      if (opensAccountability(finding)) await openAccountabilityRecords(manager, now.toISOString());
      return presentComplaint(answered, now);
    });
  }

  /** One complaint: the integrator that relays it back, supervisors, auditors, and the case's departments. */
  async complaint(id: string, principal: Principal, now = new Date()) {
    const complaint = await findComplaint(this.dataSource, id);
    if (!complaint) throw ApiError.notFound('complaint-not-found', `no complaint ${id}`);
    const refusal = outsideScope(principal, complaint.caseId, complaint.departments);
    if (refusal) throw refusal;
    return presentComplaint(complaint, now);
  }

  async complaints(
    principal: Principal,
    filter: { caseId?: string; department?: string; open?: boolean; limit: number },
    now = new Date(),
  ) {
    const department = scopedDepartmentFilter(principal, filter.department);
    const items = await listComplaints(this.dataSource, { ...filter, department });
    return { items: items.map((complaint) => presentComplaint(complaint, now)) };
  }

  /**
   * The records against a department (a department key sees its own), after opening those the facts call for
   * since the last look: a red card, a rectification past its deadline, an upheld complaint.
   */
  async records(
    principal: Principal,
    filter: { department?: string; caseId?: string; open?: boolean; limit: number },
    now = new Date(),
  ) {
    const department = scopedDepartmentFilter(principal, filter.department);
    await openAccountabilityRecords(this.dataSource, now.toISOString());
    const items = await listAccountabilityRecords(this.dataSource, { ...filter, department });
    return { items: items.map(presentRecord) };
  }

  /**
   * A supervisor closes a record with the finding, the reasons and the measure taken. Nobody judges their own
   * conduct: a key that acted on the step (any event of the step in its audit log) may not close the record about it.
   */
  async close(
    id: string,
    closing: { finding: AccountabilityFinding; reasons: string; measure?: string },
    principal: Principal,
    now = new Date(),
  ) {
    assertSupervisor(principal, `accountability record ${id}`);
    return this.dataSource.transaction(async (manager) => {
      const record = await findAccountabilityForUpdate(manager, id);
      if (!record) throw ApiError.notFound('accountability-not-found', `no accountability record ${id}`);
      const own =
        record.reviewer === principal.keyId ||
        (record.stepId !== null && (await actedOnStep(manager, record.caseId, record.stepId, principal.keyId)));
      if (own) {
        throw new ApiError(
          403,
          'own-conduct',
          `accountability record ${id} is about the opinion key ${principal.keyId} gave; another supervisor decides it`,
        );
      }
      if (record.closedAt !== null)
        throw ApiError.conflict('already-closed', `accountability record ${id} was closed at ${record.closedAt}`);
      const closed = await closeAccountabilityRecord(manager, id, {
        closedAt: now.toISOString(),
        finding: closing.finding,
        reasons: closing.reasons,
        measure: closing.measure ?? null,
        closedBy: actorOf(principal),
      });
      if (!closed) throw ApiError.conflict('already-closed', `accountability record ${id} is already closed`);
      return presentRecord(closed);
    });
  }

  /** 电子监察's complaints and accountability figures, after opening the records the facts call for. */
  async summary(now = new Date()): Promise<{ complaints: ComplaintStats; accountability: AccountabilityStats }> {
    const { complaints, records } = await this.facts(now);
    return { complaints: complaintStats(complaints, now.toISOString()), accountability: accountabilityStats(records) };
  }

  /** The complaints and records the evaluation counts, after opening the records the facts call for. */
  async facts(now = new Date()) {
    await openAccountabilityRecords(this.dataSource, now.toISOString());
    const [complaints, records] = await Promise.all([
      listComplaintFacts(this.dataSource),
      listAccountabilityFacts(this.dataSource),
    ]);
    return { complaints, records };
  }
}

/** Findings are a supervisor's: not an admin's, not a department's (403 `finding-by-supervisor`). */
function assertSupervisor(principal: Principal, what: string): void {
  if (principal.role !== 'supervisor')
    throw new ApiError(
      403,
      'finding-by-supervisor',
      `the finding on ${what} is a supervisor's to record; role ${principal.role} may not`,
    );
}

function presentComplaint(complaint: Complaint, now: Date) {
  return {
    id: complaint.id,
    caseId: complaint.caseId,
    departments: complaint.departments,
    subject: complaint.subject,
    filedBy: complaint.filedBy as Actor,
    filedAt: complaint.filedAt,
    deadline: complaint.deadline,
    provisional: complaint.deadlineProvisional,
    answeredAt: complaint.answeredAt,
    finding: complaint.finding,
    answer: complaint.answer,
    answeredBy: complaint.answeredBy as Actor | null,
    onTime:
      complaint.answeredAt === null
        ? null
        : answeredOnTime({ deadline: complaint.deadline, answeredAt: complaint.answeredAt }),
    overdue: complaintOverdue(complaint, now.toISOString()),
  };
}

function presentRecord(record: AccountabilityRecord) {
  return { ...record, closedBy: record.closedBy as Actor | null };
}
