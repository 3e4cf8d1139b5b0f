/**
 * Catalogue types (事项目录): matters, materials, templates. Pure data, versioned: a case keeps the catalogue
 * version it started with.
 */

/**
 * Department code, stable on the wire. The national catalogue uses: `ndrc` 发展和改革 (发改), `natural-resources`
 * 自然资源和规划, `housing` 住房和城乡建设 (住建), `ecology` 生态环境, `civil-air-defence` 人防, `fire` 消防设计审查,
 * `utilities` 水电气等市政公用服务, `government-service` 政务服务中心 (出证、综合窗口); local catalogues may add more.
 */
export type DepartmentCode = string;

export interface Department {
  code: DepartmentCode;
  name: string;
}

/**
 * `working-days` and `calendar-days` for licensing limits; `working-hours` and `working-minutes` for the service
 * targets counted inside office hours (e.g. 医保报销 60 minutes, 水电气报装 8 hours), by the same calendar.
 */
export const LIMIT_UNITS = ['working-days', 'calendar-days', 'working-hours', 'working-minutes'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

export interface TimeLimit {
  value: number;
  unit: LimitUnit;
}

/** 七类办件 */
export const HANDLING_KINDS = [
  'immediate', // 即办件
  'promised', // 承诺件
  'joint', // 联办件
  'referred', // 上报件
  'special', // 特办件
  'supplement', // 补办件
  'returned', // 退回件 / 不予受理
] as const;
export type HandlingKind = (typeof HANDLING_KINDS)[number];

/** What happens when a department does not answer by its deadline. */
export type TimeoutRule =
  | 'deemed-consent' // 超时默认 / 超时默许
  | 'escalate'; // 督办 to the supervisor

export interface MaterialSpec {
  code: string;
  name: string;
  /** 主要材料 / 次要材料 */
  importance: 'key' | 'secondary';
  /** On the matter's 容缺 list: may be missing at acceptance (only secondary materials may be). */
  tolerable: boolean;
  /** May be replaced by a written commitment (告知承诺). */
  commitmentAllowed: boolean;
}

/** How a fee item is computed: a fixed amount, or an amount per unit of a quantity the applicant declares. */
export type FeeAmount = { fixedYuan: number } | { perUnitYuan: number; unit: string };

/** A fee item of a matter (统一收费项目和标准): published with its standard and legal basis (六公开, 三收). */
export interface FeeItem {
  code: string;
  name: string;
  /** 收费标准, in the words published at the window. */
  standard: string;
  amount: FeeAmount;
  /** 收费依据. */
  basis: string;
  /** Who may be exempt or pay less (减免), and on what basis; absent: no waiver is provided for. */
  waiver?: string;
}

/** The public service guide of a matter (办事指南, 公开承诺制): what a citizen reads before applying. */
export interface MatterGuide {
  /** 申请条件. */
  conditions: string[];
  /** 办理流程, in order. */
  procedure: string[];
  /** 办理窗口: where in the centre it is received. */
  window: string;
  /** 收费项目; empty: the matter is free of charge. */
  fees: FeeItem[];
  /** When it is free: why (e.g. 行政许可法第五十八条). */
  freeBasis?: string;
}

export interface MatterSpec {
  code: string;
  name: string;
  department: DepartmentCode;
  kind: HandlingKind;
  /** Construction-approval stage 1..4 (立项用地规划许可, 工程建设许可, 施工许可, 竣工验收), if any. */
  stage?: 1 | 2 | 3 | 4;
  /** 法定时限 (Art. 42: 20 working days by default). */
  legalLimit: TimeLimit;
  /** 承诺时限, never longer than the legal limit. */
  promisedLimit: TimeLimit;
  /** Art. 42 ¶1: one extension (10 working days by default); undefined when extension is not allowed. */
  extensionLimit?: TimeLimit;
  /** Art. 44: issue the licence within 10 working days of the decision. */
  issuanceLimit: TimeLimit;
  /** Art. 43: for 上报件, the lower-level review period (20 working days). */
  referralLimit?: TimeLimit;
  materials: MaterialSpec[];
  /** Art. 45 excluded periods may suspend this matter's clock. */
  suspensionAllowed: boolean;
  timeoutRule: TimeoutRule;
  /** 缺席默认: a department absent from a joint review meeting is taken to consent. */
  absentMeansConsent: boolean;
  /** "disagree" with no reasons counts as consent. */
  disagreeWithoutReasonsMeansConsent: boolean;
  /** 告知承诺制 allowed for this matter at all. */
  commitmentAllowed: boolean;
  /** 容缺受理 allowed for this matter at all. */
  toleranceAllowed: boolean;
  /** What happens when a 容缺 supplement deadline is missed. */
  missedSupplementRule: 'terminate' | 'withhold-decision';
  /** Legal basis, cited in notices. */
  legalBasis: string;
  /** 告知承诺: how long after the decision a check of the commitments may still revoke it (default 20 working days). */
  postDecisionCheckLimit?: TimeLimit;
  /** The public service guide (catalogue 2026.4 and later). */
  guide?: MatterGuide;
  /**
   * 免提交: the material this matter's licence stands for (e.g. business-registration's licence is the
   * business-licence material), given at intake by the electronic licence's number instead of a copy.
   */
  certifies?: string;
  /**
   * 审批豁免清单 (catalogue 2026.5 and later): projects meeting any of these conditions need no such approval; at
   * acceptance the step is closed as exempt with this basis, counted apart from approvals.
   */
  exemption?: MatterExemption;
}

/** A project figure an exemption is judged on, as the applicant declares it at receipt. */
export const EXEMPTION_FIGURES = ['investmentTenThousandYuan', 'floorAreaSquareMetres'] as const;
export type ExemptionFigure = (typeof EXEMPTION_FIGURES)[number];

/** 审批豁免: the project figures at or below which (以下, the limit included) the matter is not required. */
export interface MatterExemption {
  /** 豁免依据, e.g. 《建筑工程施工许可管理办法》第二条第二款. */
  basis: string;
  /** The condition in the published words. */
  condition: string;
  /** Any one of these suffices: a figure at or below its limit. */
  anyOf: Array<{ figure: ExemptionFigure; atMost: number }>;
}

/**
 * A matter as a case decides with it (the context recorded in its history): everything but the guide's text for
 * citizens, of which the kernel reads only the fee items (统一收费).
 */
export type CaseMatterSpec = Omit<MatterSpec, 'guide'> & { guide?: Pick<MatterGuide, 'fees'> };

export interface TemplateStep {
  /** Step id, unique in the template, e.g. `planning-permit`. */
  id: string;
  matterCode: string;
  /** Step ids that must have a favourable outcome before this one starts (the DAG). */
  dependsOn: string[];
  /** Optional steps do not block completion. */
  required: boolean;
  /** `pre-review`: may start before the land contract is signed (拿地即开工 预审). */
  phase: 'pre-review' | 'formal';
  /**
   * The template's own target for this step (e.g. a county's 321608 targets), instead of the matter's promised
   * limit; never longer than the matter's legal limit.
   */
  promisedLimit?: TimeLimit;
  /**
   * Materials this step produces for the steps after it (企业开办: the registration issues the business licence the
   * seal, invoice and insurance steps need): not asked for at receipt.
   */
  produces?: string[];
}

export interface TemplateSpec {
  id: string;
  name: string;
  description: string;
  /** 牵头部门 */
  leadDepartment: DepartmentCode;
  /** Stages covered, e.g. [1, 2, 3] for land-and-start. */
  stages: Array<1 | 2 | 3 | 4>;
  kind: HandlingKind;
  steps: TemplateStep[];
  /** Whole-case limit (joint: 45 working days, Art. 42 ¶2). */
  caseLimit: TimeLimit;
  /** A local target shorter than `caseLimit` (企业开办: 3 working days, the county's own 1): the promised case clock. */
  caseTarget?: TimeLimit;
  /** Stages handled as one (带方案出让: the design scheme approved with the land sale, stages 2 and 3 merged). */
  mergedStages?: Array<1 | 2 | 3 | 4>;
  /** Art. 42 ¶2: +15 working days with the government head's approval. */
  caseExtensionLimit?: TimeLimit;
  /**
   * The whole case may be suspended (an Art. 45 period for the joint review as a whole, e.g. a joint expert review),
   * holding every department's clock; otherwise only a step is (rules 2026-12b).
   */
  caseSuspensionAllowed?: boolean;
  /** The issuing step (出证, 联合审批专用章) after all opinions. */
  issuance: { department: DepartmentCode; limit: TimeLimit; seal?: string };
  /** One refusal ends the case (DOMAIN: unless the template says otherwise). */
  refusalEndsCase: boolean;
  /** Land-and-start: pre-review steps run before the land contract; formal acceptance when it is signed. */
  requiresLandContract: boolean;
  /** The material the signed land contract supplies (`land-contract`); read through `landContractMaterialOf`. */
  landContractMaterial?: string;
  /** Warning (预警) when this many working days or fewer are left. */
  warningThresholdWorkingDays: number;
  /** Red card when still unfinished this many working days past the deadline (supervision deadline). */
  supervisionGraceWorkingDays: number;
}

export interface CatalogSnapshot {
  /** Catalogue version, e.g. `2026.1`; a case keeps the version it started with. */
  version: string;
  departments: Department[];
  matters: MatterSpec[];
  templates: TemplateSpec[];
  /**
   * The whole-process target of a project (项目代码) across its stage cases: the national 120 working days from
   * project filing to completion acceptance, or a local target. Absent: the national one.
   */
  wholeProcess?: { limit: TimeLimit; basis: string };
}
