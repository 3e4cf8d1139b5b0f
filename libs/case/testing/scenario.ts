import { chinaNationalCalendar, WorkingCalendar } from '@onewindow/calendar';
import { findTemplate, mattersOfTemplate, type CatalogSnapshot } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import type { Actor, CaseCommand, CaseEvent, Rejection, RejectionCode } from '../base';
import { decide, type KernelContext } from '../kernel';
import type { RulesVersion } from '../rules';
import { initialCaseState, type CaseState } from '../state';

export const calendar = new WorkingCalendar(chinaNationalCalendar());

export const window: Actor = { id: 'window-1', role: 'window' };
export const system: Actor = { id: 'system', role: 'system' };
export function dept(code: string): Actor {
  return { id: `reviewer-${code}`, role: `department:${code}`, department: code };
}

/** Asia/Shanghai local time → UTC instant: `local('2026-03-02 09:00')`. */
export function local(text: string): string {
  const [date, time = '09:00'] = text.split(' ');
  return new Date(Date.parse(`${date}T${time}:00+08:00`)).toISOString();
}

export function context(
  templateId = 'land-and-start',
  change?: (catalog: CatalogSnapshot) => void,
  cal = calendar,
): KernelContext {
  const catalog = defaultCatalog();
  change?.(catalog);
  const template = findTemplate(catalog, templateId);
  if (!template) throw new Error(`no template ${templateId}`);
  return { template, matters: mattersOfTemplate(catalog, templateId), calendar: cal, catalogVersion: catalog.version };
}

type Body<C> = C extends CaseCommand ? Omit<C, 'commandId' | 'at' | 'actor'> : never;

/** given / when / then over the real decider: `when` applies a command and returns its events. */
export class Scenario {
  state: CaseState = initialCaseState;
  readonly events: CaseEvent[] = [];
  private counter = 0;

  constructor(public ctx: KernelContext = context()) {}

  when(at: string, actor: Actor, body: Body<CaseCommand>, commandId = `cmd-${++this.counter}`): CaseEvent[] {
    const decision = decide(this.state, { ...body, at, actor, commandId }, this.ctx);
    if (!decision.ok) throw new Error(`rejected ${decision.rejection.code}: ${decision.rejection.message}`);
    for (const event of decision.events) this.events.push(event);
    this.state = decision.state;
    return decision.events;
  }

  rejects(
    at: string,
    actor: Actor,
    body: Body<CaseCommand>,
    code: RejectionCode,
    commandId = `cmd-${++this.counter}`,
  ): Rejection {
    const decision = decide(this.state, { ...body, at, actor, commandId }, this.ctx);
    if (decision.ok)
      throw new Error(`expected ${code}, got events ${decision.events.map((event) => event.type).join(', ')}`);
    if (decision.rejection.code !== code) {
      throw new Error(`expected ${code}, got ${decision.rejection.code}: ${decision.rejection.message}`);
    }
    return decision.rejection;
  }

  tick(at: string): CaseEvent[] {
    return this.when(at, system, { type: 'CheckClocks' });
  }

  step(stepId: string) {
    const step = this.state.steps[stepId];
    if (!step) throw new Error(`no step ${stepId}`);
    return step;
  }

  clock(key: string) {
    const clock = this.state.clocks[key];
    if (!clock) throw new Error(`no clock ${key}`);
    return clock;
  }
}

export function types(events: readonly CaseEvent[]): string[] {
  return events.map((event) => event.type);
}

/** Every material of the template's matters, as submitted documents. */
export function allDocuments(ctx: KernelContext, except: string[] = []): Array<{ materialCode: string }> {
  const codes = new Set(
    Object.values(ctx.matters).flatMap((matter) => matter.materials.map((material) => material.code)),
  );
  // Before the land contract (拿地即开工) the contract itself cannot be submitted.
  const contractLater = ctx.template.requiresLandContract;
  return [...codes]
    .filter((code) => !except.includes(code) && !(contractLater && code === 'land-contract'))
    .map((materialCode) => ({ materialCode }));
}

export const applicant = { name: '某某置业有限公司', creditCode: '91310000MA1FL0000X', creditRecord: 'good' as const };
export const project = { name: '临港某产业园一期', landParcel: 'PDS2026-0012' };

/** A submitted land-and-start case (by default Monday 2026-03-02, 09:00) with every document but those excepted. */
export function submitted(
  except: string[] = [],
  ctx = context(),
  extra: { creditRecord?: 'good' | 'bad'; receivedAt?: string; rulesVersion?: RulesVersion } = {},
): Scenario {
  const scenario = new Scenario(ctx);
  const receivedAt = extra.receivedAt ?? local('2026-03-02 09:00');
  scenario.when(receivedAt, window, {
    type: 'SubmitCase',
    caseId: 'C-1',
    templateId: ctx.template.id,
    applicant: { ...applicant, ...(extra.creditRecord ? { creditRecord: extra.creditRecord } : {}) },
    project,
    documents: allDocuments(ctx, except),
    receivedAt,
    ...(extra.rulesVersion ? { rulesVersion: extra.rulesVersion } : {}),
  });
  return scenario;
}

/** A land-and-start case received Monday 2026-03-02 09:00 and accepted at 10:00 with complete materials. */
export function accepted(ctx = context()): Scenario {
  const scenario = submitted([], ctx);
  scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
  return scenario;
}

/** A case received and accepted at the same local moment `at` (default Monday 2026-03-02 10:00). */
export function acceptedAt(at = '2026-03-02 10:00', ctx = context()): Scenario {
  const scenario = submitted([], ctx, { receivedAt: local(at) });
  scenario.when(local(at), window, { type: 'DecideAcceptance', decision: 'accept' });
  return scenario;
}

export const agree = (stepId: string) => ({ type: 'RecordOpinion', stepId, opinion: 'agree' }) as const;

/** An Art. 45 expert review of `stepId` (or of the whole case) expected to last `expectedWorkingDays`. */
export const suspend = (stepId: string | undefined, expectedWorkingDays: number) =>
  ({
    type: 'SuspendClock',
    ...(stepId ? { stepId } : {}),
    reason: 'expert-review',
    note: '专家评审，书面告知申请人',
    expectedWorkingDays,
  }) as const;

/** Rules 2 (cases submitted since 2026-12): a case received Monday 2026-03-02 09:00 with every document but `except`. */
export function submitted2(except: string[] = [], ctx = context(), receivedAt = local('2026-03-02 09:00')): Scenario {
  return submitted(except, ctx, { receivedAt, rulesVersion: 2 });
}

/** Rules 2: received Monday 2026-03-02 09:00, accepted at 10:00 with complete materials. */
export function accepted2(ctx = context()): Scenario {
  const scenario = submitted2([], ctx);
  scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
  return scenario;
}

/** A timer firing at `firedAt` for the instant `dueAt` it was set for (rules 2 clock checks). */
export function fire(scenario: Scenario, dueAt: string, firedAt = dueAt): CaseEvent[] {
  return scenario.when(dueAt, system, { type: 'CheckClocks', firedAt });
}

/** An integrator key scoped to one department (`integrator:<code>`). */
export function integrator(code?: string): Actor {
  return code
    ? { id: `integrator-${code}`, role: `integrator:${code}`, department: code }
    : { id: 'integrator', role: 'integrator' };
}

/** Rules 2026-12b (cases submitted since this release): a case received Monday 2026-03-02 09:00. */
export function submitted3(except: string[] = [], ctx = context(), receivedAt = local('2026-03-02 09:00')): Scenario {
  return submitted(except, ctx, { receivedAt, rulesVersion: 3 });
}

/** Rules 2026-12b: received Monday 2026-03-02 09:00, accepted at 10:00 with complete materials. */
export function accepted3(ctx = context()): Scenario {
  const scenario = submitted3([], ctx);
  scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
  return scenario;
}
