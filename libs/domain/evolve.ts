import type { CaseEvent, ClockPatch } from './events';
import type { CaseState, HearingState, StepState } from './state';
import { initialCaseState } from './state';

function withClocks(state: CaseState, clocks: ClockPatch | undefined): CaseState {
  return clocks && Object.keys(clocks).length > 0 ? { ...state, clocks: { ...state.clocks, ...clocks } } : state;
}

function patchStep(state: CaseState, stepId: string, patch: Partial<StepState>): CaseState {
  const step = state.steps[stepId];
  return step ? { ...state, steps: { ...state.steps, [stepId]: { ...step, ...patch } } } : state;
}

function patchHearing(state: CaseState, stepId: string, patch: Partial<HearingState>): CaseState {
  const hearing = state.steps[stepId]?.hearing;
  return hearing ? patchStep(state, stepId, { hearing: { ...hearing, ...patch } }) : state;
}

/** Folds one event into the state. Pure and total: it never calls the calendar (deadlines travel in the events). */
export function evolve(current: CaseState, event: CaseEvent): CaseState {
  const handled = current.handledCommandIds.includes(event.commandId)
    ? current.handledCommandIds
    : [...current.handledCommandIds, event.commandId];
  const state: CaseState = { ...current, handledCommandIds: handled, version: current.version + 1 };
  switch (event.type) {
    case 'CaseSubmitted':
      return withClocks(
        {
          ...state,
          status: 'received',
          rulesVersion: event.rulesVersion ?? 1,
          caseId: event.caseId,
          templateId: event.templateId,
          catalogVersion: event.catalogVersion,
          applicant: event.applicant,
          project: event.project,
          receivedAt: event.receivedAt,
          documents: event.documents,
          ...(event.landContractSigned ? { landContract: { number: 'submitted', signedAt: event.receivedAt } } : {}),
          steps: Object.fromEntries(
            event.steps.map((step) => [
              step.stepId,
              { ...step, status: 'waiting', opinions: [], escalated: false, immediate: false } satisfies StepState,
            ]),
          ),
          stepOrder: event.steps.map((step) => step.stepId),
        },
        event.clocks,
      );
    case 'MissingMaterialsNotified':
      return withClocks(
        {
          ...state,
          status: 'awaiting-supplement',
          notices: event.noticeNumber,
          missing: [...state.missing, ...event.items],
        },
        event.clocks,
      );
    case 'SecondNoticeFlagged':
      return { ...state, flags: [...state.flags, `second-notice:${event.noticeNumber}`] };
    case 'CaseAccepted':
      return withClocks(
        {
          ...state,
          status: 'in-review',
          acceptance: { mode: event.mode, at: event.at, countedFrom: event.countedFrom },
          handling: event.handling,
          priority: event.priority,
          missing: [...state.missing, ...event.missing],
          commitments: [...state.commitments, ...event.commitments],
        },
        event.clocks,
      );
    case 'CaseFormallyAccepted':
      return withClocks(
        { ...state, formalAcceptance: { at: event.at, contractNumber: event.contractNumber } },
        event.clocks,
      );
    case 'CaseReturned':
      return { ...state, status: 'returned', closed: { at: event.at, reason: event.reason } };
    case 'DocumentsSupplemented': {
      const resolved = (item: CaseState['missing'][number]) =>
        !item.suppliedAt &&
        event.resolved.some((r) => r.materialCode === item.materialCode && r.stepId === item.stepId);
      return withClocks(
        {
          ...state,
          documents: [...state.documents, ...event.documents],
          missing: state.missing.map((item) => (resolved(item) ? { ...item, suppliedAt: event.at } : item)),
          decisionWithheld:
            state.decisionWithheld &&
            state.missing.some((item) => !item.suppliedAt && !resolved(item) && item.reason === 'tolerance'),
        },
        event.clocks,
      );
    }
    case 'StepStarted':
      return withClocks(
        patchStep(state, event.stepId, { status: 'in-review', startedAt: event.at, immediate: event.immediate }),
        event.clocks,
      );
    case 'OpinionRecorded': {
      const step = state.steps[event.stepId];
      if (!step) return state;
      const opinion = {
        kind: event.opinion,
        at: event.at,
        actor: event.actor,
        ...(event.reasons ? { reasons: event.reasons } : {}),
        ...(event.higherOrgan ? { higherOrgan: true } : {}),
      };
      const status: StepState['status'] =
        event.outcome === 'escalated'
          ? step.status
          : event.outcome === 'referred'
            ? 'referred'
            : event.outcome === 'awaiting-correction'
              ? 'awaiting-correction'
              : event.outcome;
      const finished = status === 'agreed' || status === 'deemed-consent' || status === 'refused';
      const corrections = (event.corrections ?? []).map((materialCode) => ({
        materialCode,
        stepId: event.stepId,
        reason: 'correction' as const,
        requestedAt: event.at,
      }));
      return withClocks(
        {
          ...patchStep(state, event.stepId, {
            status,
            opinions: [...step.opinions, opinion],
            ...(finished ? { finishedAt: event.at } : {}),
            ...(event.deemedBy ? { deemedBy: event.deemedBy } : {}),
            ...(event.outcome === 'escalated' ? { escalated: true } : {}),
          }),
          missing: [...state.missing, ...corrections],
        },
        event.clocks,
      );
    }
    case 'StepSkipped':
      return patchStep(state, event.stepId, { status: 'skipped', skippedBecause: event.becauseOf });
    case 'JointReviewHeld':
      return {
        ...state,
        jointReviews: [
          ...(state.jointReviews ?? []),
          { at: event.at, present: event.present, absent: event.absent, actor: event.actor },
        ],
      };
    case 'StepDeemedConsented':
      return withClocks(
        patchStep(state, event.stepId, { status: 'deemed-consent', deemedBy: event.rule, finishedAt: event.at }),
        event.clocks,
      );
    case 'StepEscalated':
    case 'StepUrged':
      return patchStep(state, event.stepId, { escalated: true });
    case 'ClockSuspended':
      return withClocks(
        {
          ...state,
          suspensions: [
            ...state.suspensions,
            {
              ...(event.id ? { id: event.id } : {}),
              ...(event.stepId ? { stepId: event.stepId } : {}),
              keys: event.keys,
              reason: event.reason,
              note: event.note,
              expectedWorkingDays: event.expectedWorkingDays,
              since: event.at,
              actor: event.actor,
            },
          ],
        },
        event.clocks,
      );
    case 'ClockResumed': {
      let index = -1;
      state.suspensions.forEach((suspension, i) => {
        const same = event.id ? suspension.id === event.id : suspension.keys.some((key) => event.keys.includes(key));
        if (!suspension.resumedAt && same) index = i;
      });
      const suspensions = state.suspensions.map((suspension, i) =>
        i === index ? { ...suspension, resumedAt: event.at, excludedDays: event.excludedDays } : suspension,
      );
      const corrected = Object.fromEntries(
        Object.entries(state.steps).map(([id, step]) => [
          id,
          step.status === 'awaiting-correction' && event.keys.includes(`step:${id}`)
            ? { ...step, status: 'in-review' as const }
            : step,
        ]),
      );
      return withClocks({ ...state, suspensions, steps: corrected }, event.clocks);
    }
    case 'ExtensionGranted': {
      const extension = {
        at: event.at,
        reason: event.reason,
        approvedBy: event.approvedBy,
        afterDeadline: event.afterDeadline,
      };
      const next = event.stepId
        ? patchStep(state, event.stepId, { extended: extension })
        : { ...state, caseExtension: extension };
      return withClocks(next, event.clocks);
    }
    case 'LandContractSigned':
      return { ...state, landContract: { number: event.contractNumber, signedAt: event.at } };
    case 'AlertRaised':
      return withClocks(state, event.clocks);
    case 'AllOpinionsReceived':
      return withClocks(
        { ...state, status: 'awaiting-issuance', refusedSteps: event.refused ?? state.refusedSteps },
        event.clocks,
      );
    case 'PostDecisionCheckOpened':
    case 'PostDecisionCheckEnded':
    case 'LegalLimitExceeded':
      return withClocks(state, event.clocks);
    case 'HearingRightNotified':
      return withClocks(
        patchStep(state, event.stepId, {
          hearing: { notifiedAt: event.at, requestBy: event.requestBy },
        }),
        event.clocks,
      );
    case 'HearingRequested':
      return withClocks(
        patchHearing(state, event.stepId, {
          requestedAt: event.at,
          requestedBy: event.requestedBy,
          holdBy: event.holdBy,
        }),
        event.clocks,
      );
    case 'HearingScheduled':
      return patchHearing(state, event.stepId, {
        scheduledFor: event.scheduledFor,
        place: event.place,
        scheduledAt: event.at,
      });
    case 'HearingHeld':
      return withClocks(patchHearing(state, event.stepId, { heldAt: event.at, record: event.record }), event.clocks);
    case 'HearingRequestLapsed':
      return withClocks(patchHearing(state, event.stepId, { lapsedAt: event.at }), event.clocks);
    case 'LicenceIssued':
      return withClocks(
        { ...state, licences: [...state.licences, ...event.licences], ...(event.seal ? { seal: event.seal } : {}) },
        event.clocks,
      );
    case 'CaseCompleted':
      return withClocks({ ...state, status: 'completed', closed: { at: event.at, reason: 'completed' } }, event.clocks);
    case 'CaseRefused':
      return withClocks({ ...state, status: 'refused', closed: { at: event.at, reason: event.reasons } }, event.clocks);
    case 'SupplementDeadlineMissed':
      return withClocks(state, event.clocks);
    case 'DecisionWithheld':
      return { ...state, decisionWithheld: true };
    case 'CaseTerminated':
      return withClocks(
        { ...state, status: 'terminated', closed: { at: event.at, reason: event.reason } },
        event.clocks,
      );
    case 'CommitmentVerified':
      return {
        ...state,
        commitments: state.commitments.map((commitment) =>
          commitment.materialCode === event.materialCode && !commitment.verified
            ? { ...commitment, verified: { result: event.result, at: event.at, note: event.note } }
            : commitment,
        ),
      };
    case 'CreditEventRecorded':
      return {
        ...state,
        creditEvents: [...state.creditEvents, { at: event.at, materialCode: event.materialCode, note: event.note }],
      };
    case 'DecisionRevoked':
      return withClocks({ ...state, status: 'revoked', closed: { at: event.at, reason: event.reason } }, event.clocks);
    case 'CaseWithdrawn':
      return withClocks(
        { ...state, status: 'withdrawn', closed: { at: event.at, reason: event.reason } },
        event.clocks,
      );
    case 'DeadlinesRecomputed':
      return withClocks(state, event.clocks);
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

export function fold(events: readonly CaseEvent[], from: CaseState = initialCaseState): CaseState {
  return events.reduce(evolve, from);
}
