import type { MaterialSpec, MatterSpec, TimeLimit } from '../types';
import { DEFAULT_LIMITS, wd } from './defaults';

const key = (code: string, name: string, commitmentAllowed = false): MaterialSpec => ({
  code,
  name,
  importance: 'key',
  tolerable: false,
  commitmentAllowed,
});
const secondary = (code: string, name: string, tolerable = true, commitmentAllowed = false): MaterialSpec => ({
  code,
  name,
  importance: 'secondary',
  tolerable,
  commitmentAllowed,
});

/** Defaults shared by the licensing matters below; each matter overrides what its own rules say. */
function matter(
  fields: Pick<MatterSpec, 'code' | 'name' | 'department' | 'materials' | 'legalBasis'> &
    Partial<Omit<MatterSpec, 'code' | 'name' | 'department' | 'materials' | 'legalBasis'>> & {
      promisedLimit: TimeLimit;
    },
): MatterSpec {
  return {
    kind: 'promised',
    legalLimit: DEFAULT_LIMITS.decision,
    extensionLimit: DEFAULT_LIMITS.extension,
    issuanceLimit: DEFAULT_LIMITS.issuance,
    referralLimit: DEFAULT_LIMITS.referral,
    suspensionAllowed: true,
    timeoutRule: 'escalate',
    absentMeansConsent: false,
    disagreeWithoutReasonsMeansConsent: true,
    commitmentAllowed: true,
    toleranceAllowed: true,
    missedSupplementRule: 'terminate',
    ...fields,
  };
}

const applicantIdentity = [
  key('business-licence', '营业执照（统一社会信用代码）'),
  secondary('power-of-attorney', '授权委托书及受托人身份证明'),
];

export const MATTERS: MatterSpec[] = [
  matter({
    code: 'enterprise-project-filing',
    name: '企业投资项目备案',
    department: 'ndrc',
    kind: 'immediate',
    stage: 1,
    legalLimit: wd(2),
    promisedLimit: wd(1),
    extensionLimit: undefined,
    suspensionAllowed: false,
    toleranceAllowed: false,
    commitmentAllowed: false,
    materials: [
      ...applicantIdentity,
      key('project-filing-form', '项目备案信息表（项目名称、建设地点、规模、内容、总投资）'),
    ],
    legalBasis: '《企业投资项目核准和备案管理条例》第十三条、第十四条（备案机关收到全部信息即为备案）',
  }),
  matter({
    code: 'land-use-planning-permit',
    name: '建设用地规划许可证核发',
    department: 'natural-resources',
    stage: 1,
    promisedLimit: wd(5),
    materials: [
      ...applicantIdentity,
      key('land-contract', '国有建设用地使用权出让合同'),
      key('project-filing-certificate', '项目备案证明'),
      secondary('site-survey-map', '地形图（1:500或1:1000）', true, true),
    ],
    legalBasis: '《城乡规划法》第三十八条；《行政许可法》第四十二条',
  }),
  matter({
    code: 'design-scheme-review',
    name: '建设工程设计方案审查（规划预审）',
    department: 'natural-resources',
    stage: 2,
    promisedLimit: wd(5),
    materials: [
      ...applicantIdentity,
      key('design-scheme', '建设工程设计方案（总平面图、建筑单体方案）'),
      secondary('planning-conditions', '规划条件（出让方案附件）'),
      secondary('traffic-impact-study', '交通影响评价报告', true, true),
    ],
    legalBasis: '《城乡规划法》第四十条；工程建设项目审批制度改革 拿地即开工 预审做法',
  }),
  matter({
    code: 'works-planning-permit',
    name: '建设工程规划许可证核发',
    department: 'natural-resources',
    stage: 2,
    promisedLimit: wd(5),
    materials: [
      ...applicantIdentity,
      key('land-contract', '国有建设用地使用权出让合同'),
      key('design-scheme', '经审查的建设工程设计方案'),
      secondary('site-survey-map', '地形图（1:500或1:1000）', true, true),
    ],
    legalBasis: '《城乡规划法》第四十条；《行政许可法》第四十二条',
  }),
  matter({
    code: 'construction-drawing-review',
    name: '施工图设计文件审查',
    department: 'housing',
    stage: 2,
    promisedLimit: wd(7),
    materials: [
      ...applicantIdentity,
      key('construction-drawings', '施工图设计文件（含计算书）'),
      key('geotechnical-report', '岩土工程勘察报告'),
      secondary('design-contract', '设计合同', true, true),
    ],
    legalBasis: '《房屋建筑和市政基础设施工程施工图设计文件审查管理办法》第十二条（一级以上20个工作日）',
  }),
  matter({
    code: 'fire-design-review',
    name: '特殊建设工程消防设计审查',
    department: 'fire',
    stage: 2,
    legalLimit: wd(15),
    promisedLimit: wd(5),
    commitmentAllowed: false,
    materials: [
      ...applicantIdentity,
      key('fire-design-documents', '消防设计文件'),
      secondary('fire-special-evaluation', '特殊消防设计技术资料', true, false),
    ],
    legalBasis: '《建设工程消防设计审查验收管理暂行规定》第十五条、第二十条（15个工作日）',
  }),
  matter({
    code: 'air-defence-construction-approval',
    name: '结合民用建筑修建防空地下室审批',
    department: 'civil-air-defence',
    stage: 2,
    promisedLimit: wd(5),
    materials: [
      ...applicantIdentity,
      key('air-defence-design', '防空地下室设计文件（或易地建设申请）'),
      secondary('planning-conditions', '规划条件（出让方案附件）'),
    ],
    legalBasis: '《人民防空法》第二十二条；《行政许可法》第四十二条',
  }),
  matter({
    code: 'eia-report-form-approval',
    name: '建设项目环境影响报告表审批',
    department: 'ecology',
    stage: 1,
    legalLimit: { value: 30, unit: 'calendar-days' },
    promisedLimit: wd(10),
    materials: [
      ...applicantIdentity,
      key('eia-report-form', '环境影响报告表'),
      secondary('eia-public-notice', '信息公开说明', true, true),
    ],
    legalBasis: '《环境影响评价法》第二十二条（报告表自收到之日起三十日内审批）',
  }),
  matter({
    code: 'pile-foundation-permit',
    name: '桩基础工程分段施工许可',
    department: 'housing',
    stage: 3,
    legalLimit: wd(7),
    promisedLimit: wd(2),
    materials: [
      ...applicantIdentity,
      key('land-contract', '国有建设用地使用权出让合同'),
      key('pile-drawings-review', '桩基础施工图审查合格意见'),
      key('construction-contract', '施工合同（桩基础部分）'),
      secondary('supervision-contract', '监理合同', true, true),
    ],
    legalBasis: '《建筑工程施工许可管理办法》第五条（七日内）；各地桩基分段施工许可做法',
  }),
  matter({
    code: 'construction-permit',
    name: '建筑工程施工许可证核发',
    department: 'housing',
    stage: 3,
    legalLimit: wd(7),
    promisedLimit: wd(3),
    materials: [
      ...applicantIdentity,
      key('land-contract', '国有建设用地使用权出让合同'),
      key('construction-contract', '施工合同'),
      key('quality-safety-measures', '保证工程质量和安全的具体措施'),
      secondary('supervision-contract', '监理合同', true, true),
      secondary('funding-proof', '建设资金已经落实承诺书', true, true),
    ],
    legalBasis: '《建筑法》第八条；《建筑工程施工许可管理办法》第四条、第五条',
  }),
  matter({
    code: 'utility-connection',
    name: '供水供电燃气接入（联合报装）',
    department: 'utilities',
    stage: 3,
    legalLimit: wd(10),
    promisedLimit: wd(5),
    extensionLimit: undefined,
    timeoutRule: 'deemed-consent',
    absentMeansConsent: true,
    materials: [
      ...applicantIdentity,
      key('connection-application', '接入申请表'),
      secondary('site-plan', '总平面图', true, true),
    ],
    legalBasis: '《优化营商环境条例》第二十八条（公用企事业单位服务时限公开）；本地联合报装规则：超时默认',
  }),
];
