/**
 * Which rules decide a case: fixed at submission (`CaseSubmitted.rulesVersion`), so a recorded history always replays
 * under the rules it ran by, and a case keeps the rules it started under to its end (its view says which). A
 * version is a table of named policies: the code asks `rules.<policy>`, never which version it is, and each change
 * of the law's reading is one row here.
 */
export const RULES_VERSIONS = [1, 2, 3, 4] as const;
export type RulesVersion = (typeof RULES_VERSIONS)[number];

export interface CaseRules {
  version: RulesVersion;
  /** When these rules took effect, as the case view labels them. */
  label: string;
  /** The 2026-12 clock arithmetic (`Clock.model` 2): like-with-like units, holds by id, the legal limit alongside. */
  clockModel2: boolean;
  /** Alarms take effect at their own instant (the legal time), whenever their timer fired. */
  alarmsAtTheirInstant: boolean;
  /**
   * Alarms due at or before a message's time take effect before the message is decided, so an outcome never
   * depends on when a timer ran (a late disagree cannot undo 超时默认; a late notice meets Art. 32's default).
   */
  alarmsBeforeMessages: boolean;
  /** Only the step's own department decides it (`department:<code>`, `integrator:<code>`), not the window. */
  ownDepartmentOnly: boolean;
  /** An admin key manages keys, catalogue and calendar, and decides no department's step (segregation of duties). */
  adminDecidesNoStep: boolean;
  /** A case-wide suspension or joint extension is the lead department's (牵头部门). */
  leadDepartmentDecidesCase: boolean;
  /** What the one-time notice (Art. 32) must list: any item, every missing key material, or every missing one. */
  noticeMustList: 'any' | 'key' | 'all';
  /** A 补正 names materials of the step's own matter (an unknown code would lock the step for good). */
  correctionsOfTheMatter: boolean;
  /** 补正 holds the whole case's clock too (the case waits for the applicant). */
  correctionHoldsCase: boolean;
  /** 即办件 only for matters the catalogue marks immediate (not the window's choice). */
  immediateByCatalogue: boolean;
  /** refusalEndsCase false: steps behind a refused one are skipped and the rest decide (partial approval). */
  partialApproval: boolean;
  /** The issuance waits (held, the applicant's time) for the 容缺 materials. */
  issuanceWaitsForTolerance: boolean;
  /** 拿地即开工: the joint limit counts from formal acceptance at the land contract. */
  formalAcceptanceAtContract: boolean;
  /** The case clock counts the template's target (shortened for 特办件), with the legal limit beside it. */
  caseClockToTarget: boolean;
  /** 告知承诺: the decision stays open to a post-decision check for the matters' period. */
  postDecisionCheck: boolean;
  /** No licence for a step without approval. */
  licencesOnlyForApproved: boolean;
  /** A closed case cancels its steps without an outcome (they leave every 待办), each with the case's reason. */
  closingCancelsSteps: boolean;
  /** A suspension whose stated period runs out raises a warning (the department's and the supervisor's). */
  suspensionOverrunAlarm: boolean;
  /** A case-wide suspension only where the template allows one. */
  caseSuspensionByTemplate: boolean;
  /** Recomputation also moves a legal deadline alone, and keeps an alarm that fired counted once. */
  recomputeLegalDeadlines: boolean;
  /** Materials an earlier step of the template produces are not asked for at receipt. */
  producedMaterials: boolean;
  /** The kernel counts the working days a step used, and its legal limit in working days, when it finishes. */
  countsStepTime: boolean;
  /** 审批豁免清单: at acceptance a step whose matter exempts the project is closed as exempt, with the basis. */
  exemptions: boolean;
}

const RULES_2026_11: CaseRules = {
  version: 1,
  label: '2026-11',
  clockModel2: false,
  alarmsAtTheirInstant: false,
  alarmsBeforeMessages: false,
  ownDepartmentOnly: false,
  adminDecidesNoStep: false,
  leadDepartmentDecidesCase: false,
  noticeMustList: 'any',
  correctionsOfTheMatter: false,
  correctionHoldsCase: false,
  immediateByCatalogue: false,
  partialApproval: false,
  issuanceWaitsForTolerance: false,
  formalAcceptanceAtContract: false,
  caseClockToTarget: false,
  postDecisionCheck: false,
  licencesOnlyForApproved: false,
  closingCancelsSteps: false,
  suspensionOverrunAlarm: false,
  caseSuspensionByTemplate: false,
  recomputeLegalDeadlines: false,
  producedMaterials: false,
  countsStepTime: false,
  exemptions: false,
};

const RULES_2026_12: CaseRules = {
  ...RULES_2026_11,
  version: 2,
  label: '2026-12',
  clockModel2: true,
  alarmsAtTheirInstant: true,
  ownDepartmentOnly: true,
  leadDepartmentDecidesCase: true,
  noticeMustList: 'key',
  correctionHoldsCase: true,
  immediateByCatalogue: true,
  partialApproval: true,
  issuanceWaitsForTolerance: true,
  formalAcceptanceAtContract: true,
  caseClockToTarget: true,
  postDecisionCheck: true,
  licencesOnlyForApproved: true,
};

const RULES_2026_12B: CaseRules = {
  ...RULES_2026_12,
  version: 3,
  label: '2026-12b',
  alarmsBeforeMessages: true,
  adminDecidesNoStep: true,
  noticeMustList: 'all',
  correctionsOfTheMatter: true,
  closingCancelsSteps: true,
  suspensionOverrunAlarm: true,
  caseSuspensionByTemplate: true,
  recomputeLegalDeadlines: true,
  producedMaterials: true,
  countsStepTime: true,
};

const RULES_2026_12C: CaseRules = {
  ...RULES_2026_12B,
  version: 4,
  label: '2026-12c',
  exemptions: true,
};

export const CASE_RULES: Readonly<Record<RulesVersion, CaseRules>> = {
  1: RULES_2026_11,
  2: RULES_2026_12,
  3: RULES_2026_12B,
  4: RULES_2026_12C,
};

/** The rules new cases start under. */
export const CURRENT_RULES: RulesVersion = 4;

/** The rules of a version (a case recorded without one ran before 2026-12: version 1). */
export function rulesOf(version: number | undefined): CaseRules {
  return CASE_RULES[(version ?? 1) as RulesVersion] ?? RULES_2026_11;
}
