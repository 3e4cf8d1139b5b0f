import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '@onewindow/activities';
import { verifyChain } from '@onewindow/audit';
import { defaultOfficeHours, WorkingCalendar, type HolidayNoticeInput } from '@onewindow/calendar';
import { materialCodesOfTemplate } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import {
  caseStateQuery,
  caseWorkflowId,
  CASE_WORKFLOW_TYPE,
  messageSignals,
  type CaseStartInput,
  type MessageName,
  type MessagePayload,
} from '@onewindow/contract';
import type { CaseView } from '@onewindow/case';
import {
  createDataSource,
  loadCalendarData,
  NATIONAL_REGION,
  readCaseEvents,
  toChainRow,
  publishNotice,
  type CalendarSettings,
} from '@onewindow/persistence';
import { createTimeSkippingEnv } from '@onewindow/test/support/time-skipping';
import { recordHistory } from '@onewindow/test/support/workflow-cases';

/**
 * A land-and-start case run start to finish through signals on the time-skipping server: weeks of legal
 * deadlines in seconds, with the real activities writing to the real Postgres.
 */
describe('land-and-start case on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let dataSource: DataSource;
  const region = `WF-${Date.now()}`;
  const settings: CalendarSettings = {
    regions: [NATIONAL_REGION, region],
    officeClose: '17:30',
    officeHours: defaultOfficeHours('17:30'),
    timeZone: 'Asia/Shanghai',
    utcOffsetMinutes: 480,
  };
  const taskQueue = 'land-and-start';
  let worker: Worker;
  let running: Promise<void>;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    dataSource = createDataSource(process.env.DATABASE_URL!);
    await dataSource.initialize();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: process.env.ONEWINDOW_WORKFLOW_BUNDLE! },
      activities: createActivities({ dataSource, calendarSettings: settings }),
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await dataSource?.destroy();
  });

  const window = { id: 'window-7', role: 'window' };
  const dept = (code: string) => ({ id: `reviewer-${code}`, role: `department:${code}`, department: code });
  let counter = 0;
  const id = () => `cmd-${++counter}`;

  async function signal<N extends MessageName>(caseId: string, name: N, payload: Omit<MessagePayload<N>, 'commandId'>) {
    await env.client.workflow
      .getHandle(caseWorkflowId(caseId))
      .signal(messageSignals[name], { ...payload, commandId: id() });
  }

  /** The case view once `ready` holds (signals are processed asynchronously; the first task loads the context). */
  async function state(caseId: string, ready: (view: CaseView) => boolean = () => true): Promise<CaseView> {
    let last: unknown;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      try {
        const view = await env.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery, {});
        if (ready(view)) return view;
        last = view.status;
      } catch (error) {
        last = error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`case ${caseId} never reached the expected state (last: ${String(last)})`);
  }

  const stepOf = (view: CaseView, stepId: string) => view.steps.find((step) => step.stepId === stepId)!;

  function startInput(caseId: string, receivedAt: string, except: string[]): CaseStartInput {
    const codes = new Set(materialCodesOfTemplate(defaultCatalog(), 'land-and-start'));
    return {
      caseId,
      templateId: 'land-and-start',
      applicant: { name: '临港某置业有限公司', creditCode: '91310000MA1FL0000X', creditRecord: 'good' },
      project: { name: '临港某产业园一期', landParcel: 'PDS2026-0012' },
      documents: [...codes]
        .filter((code) => code !== 'land-contract' && !except.includes(code))
        .map((materialCode) => ({ materialCode })),
      receivedAt,
      actor: window,
      commandId: id(),
    };
  }

  it('runs from pre-review to issued permits over weeks through signals alone: holidays, a calendar update, a suspension, an extension, a deemed consent', async () => {
    const startedAt = new Date(await env.currentTimeMs()).toISOString();
    const national = new WorkingCalendar(
      await loadCalendarData(dataSource, { ...settings, regions: [NATIONAL_REGION] }),
    );
    // A local extra holiday on the 3rd working day ahead falls inside every step's deadline.
    const holiday = national.addWorkingDays(national.localDate(startedAt), 3);
    const localNotice = (holidays: HolidayNoticeInput['holidays']): HolidayNoticeInput => ({
      region,
      year: Number(holidays[0].from.slice(0, 4)),
      title: '测试地区关于地方节日放假的通知',
      documentNumber: `测政办〔${holidays[0].from.slice(0, 4)}〕${holidays.length}号`,
      issuedOn: national.localDate(startedAt),
      holidays,
      workdays: [],
    });
    await publishNotice(dataSource, localNotice([{ name: '地方节日', from: holiday, to: holiday }]), 'test');
    const caseId = `LAS-${Date.now()}`;
    const handle = await env.client.workflow.start(CASE_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: caseWorkflowId(caseId),
      args: [startInput(caseId, startedAt, ['traffic-impact-study'])],
    });

    // 容缺受理: the traffic study (secondary, on the list) comes later.
    await signal(caseId, 'acceptance-decided', {
      actor: window,
      decision: 'accept-with-tolerance',
      commitmentLetter: true,
      supplementWithinWorkingDays: 3,
    });
    let view = await state(caseId, (v) => v.status === 'in-review');
    const scheme = stepOf(view, 'design-scheme-review');
    // The holiday moves the 5-working-day deadline one working day later than the national calendar would.
    expect(scheme.clock!.deadline).toBe(national.deadline(startedAt, 6).at);
    expect(view.steps.find((step) => step.stepId === 'project-filing')!.status).toBe('agreed');

    // calendar-updated: a second local holiday is published; open deadlines move one more working day.
    const eiaBefore = stepOf(view, 'eia-approval').clock!.deadline;
    const second = national.addWorkingDays(holiday, 2);
    // (A holiday in another year than the first would be that year's own notice.)
    await publishNotice(
      dataSource,
      second.slice(0, 4) === holiday.slice(0, 4)
        ? localNotice([
            { name: '地方节日', from: holiday, to: holiday },
            { name: '地方节日（补充）', from: second, to: second },
          ])
        : localNotice([{ name: '地方节日（补充）', from: second, to: second }]),
      'test',
    );
    await signal(caseId, 'calendar-updated', { actor: { id: 'calendar-admin', role: 'admin' } });
    view = await state(caseId, (v) => stepOf(v, 'eia-approval').clock!.deadline !== eiaBefore);
    const local = new WorkingCalendar(await loadCalendarData(dataSource, settings));
    expect(stepOf(view, 'eia-approval').clock!.deadline).toBe(local.deadline(startedAt, 10).at);

    await env.sleep('1 day');
    await signal(caseId, 'documents-supplemented', {
      actor: window,
      documents: [{ materialCode: 'traffic-impact-study' }],
    });
    await signal(caseId, 'department-opinion', {
      actor: dept('natural-resources'),
      stepId: 'design-scheme-review',
      opinion: 'agree',
    });
    await signal(caseId, 'department-opinion', { actor: dept('ecology'), stepId: 'eia-approval', opinion: 'agree' });

    // Art. 45: expert review of the drawings suspends that step for a while.
    await signal(caseId, 'clock-suspended', {
      actor: dept('housing'),
      stepId: 'drawing-review',
      reason: 'expert-review',
      note: '超限高层建筑抗震设防专项审查',
      expectedWorkingDays: 5,
    });
    await env.sleep('7 days');
    await signal(caseId, 'clock-resumed', { actor: dept('housing'), stepId: 'drawing-review' });
    view = await state(caseId, (v) => v.suspensions[0]?.resumedAt !== undefined);
    const drawing = view.steps.find((step) => step.stepId === 'drawing-review')!;
    // Art. 45: exactly the working days between suspension and resumption are added.
    const suspension = view.suspensions[0];
    expect(drawing.clock!.suspendedDays).toBe(local.workingDaysBetween(suspension.since, suspension.resumedAt!));
    expect(drawing.clock!.suspendedDays).toBeGreaterThan(0);
    expect(view.suspensions[0]).toMatchObject({ reason: 'expert-review', excludedDays: drawing.clock!.suspendedDays });

    // Art. 42 ¶1: one extension for the fire design review, approved by the head.
    await signal(caseId, 'extension-granted', {
      actor: dept('fire'),
      stepId: 'fire-design-review',
      reason: '特殊消防设计需专家论证',
      approvedBy: '消防审查科 负责人',
    });
    await signal(caseId, 'department-opinion', { actor: dept('housing'), stepId: 'drawing-review', opinion: 'agree' });
    await signal(caseId, 'department-opinion', { actor: dept('fire'), stepId: 'fire-design-review', opinion: 'agree' });
    await signal(caseId, 'department-opinion', {
      actor: dept('civil-air-defence'),
      stepId: 'air-defence-approval',
      opinion: 'agree',
    });

    // The land contract is signed: formal acceptance of the pre-reviewed matters.
    await env.sleep('2 days');
    await signal(caseId, 'land-contract-signed', { actor: window, contractNumber: '沪规划资源让(2026)12号' });
    await signal(caseId, 'department-opinion', {
      actor: dept('natural-resources'),
      stepId: 'land-use-planning-permit',
      opinion: 'agree',
    });
    await signal(caseId, 'department-opinion', {
      actor: dept('natural-resources'),
      stepId: 'works-planning-permit',
      opinion: 'agree',
    });
    view = await state(caseId, (v) => stepOf(v, 'works-planning-permit').status === 'agreed');
    expect(view.steps.find((step) => step.stepId === 'utility-connection')!.status).toBe('in-review');
    expect(view.steps.find((step) => step.stepId === 'construction-permit')!.status).toBe('in-review');

    // The utilities never answer: after their 5 working days, 超时默认 (the matter's rule).
    await env.sleep('10 days');
    view = await state(caseId, (v) => stepOf(v, 'utility-connection').status !== 'in-review');
    expect(view.steps.find((step) => step.stepId === 'utility-connection')).toMatchObject({
      status: 'deemed-consent',
      deemedBy: 'timeout',
    });

    await signal(caseId, 'department-opinion', {
      actor: dept('housing'),
      stepId: 'construction-permit',
      opinion: 'agree',
    });
    view = await state(caseId, (v) => v.status !== 'in-review');
    expect(view.status).toBe('awaiting-issuance');
    await signal(caseId, 'licence-issued', {
      actor: window,
      licences: [{ stepId: 'construction-permit', number: `310115-${caseId}` }],
    });
    const final: CaseView = await handle.result();
    expect(final.status).toBe('completed');
    expect(
      final.steps.filter((step) => step.required).every((step) => ['agreed', 'deemed-consent'].includes(step.status)),
    ).toBe(true);

    // Every event reached the audit log, in order, hash-chained; the read model says completed.
    const chain = (await readCaseEvents(dataSource, caseId)).map(toChainRow);
    expect(chain).toHaveLength(final.eventCount);
    expect(verifyChain(chain)).toEqual([]);
    const [readModel] = await dataSource.query<Array<{ status: string }>>(
      'SELECT status FROM cases WHERE case_id = $1',
      [caseId],
    );
    expect(readModel.status).toBe('completed');

    await recordHistory('land-and-start-completed', handle);
  });

  it('terminates a case whose 容缺 materials miss their deadline', async () => {
    const caseId = `LAS-MISS-${Date.now()}`;
    const handle = await env.client.workflow.start(CASE_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: caseWorkflowId(caseId),
      args: [
        startInput(caseId, new Date(await env.currentTimeMs()).toISOString(), [
          'supervision-contract',
          'traffic-impact-study',
        ]),
      ],
    });
    await signal(caseId, 'acceptance-decided', {
      actor: window,
      decision: 'accept-with-tolerance',
      commitmentLetter: true,
      supplementWithinWorkingDays: 2,
    });
    const final: CaseView = await handle.result();
    expect(final.status).toBe('terminated');
    expect(final.closed!.reason).toContain('not supplied by its deadline');
    expect(final.templateId).toBe('land-and-start');
    await recordHistory('land-and-start-tolerance-missed', handle);
  });
});
