import type { TimeLimit } from '../types';

const wd = (value: number): TimeLimit => ({ value, unit: 'working-days' });

/** Limits fixed by the Administrative Licensing Law (行政许可法), used as catalogue defaults. */
export const DEFAULT_LIMITS = {
  /** Art. 42 ¶1: decision within 20 working days of acceptance. */
  decision: wd(20),
  /** Art. 42 ¶1: one extension of 10 working days, approved by the organ's head. */
  extension: wd(10),
  /** Art. 42 ¶2: joint or centralised handling within 45 working days … */
  joint: wd(45),
  /** … extended by 15 with the approval of the government head. */
  jointExtension: wd(15),
  /** Art. 44: licence issued within 10 working days of the decision. */
  issuance: wd(10),
  /** Art. 43: the lower organ reviews within 20 working days before referring upward. */
  referral: wd(20),
  /** Art. 32: one-time notice of everything missing within 5 working days of receipt. */
  oneTimeNotice: wd(5),
  /** 告知承诺 practice: the decision stays open to checks of the commitments this long after issuance. */
  postDecisionCheck: wd(20),
  /** Art. 47: a hearing is requested within 5 working days of being told of the right … */
  hearingRequest: wd(5),
  /** … and held within 20 (Art. 48: the parties told of it 7 days before). */
  hearing: wd(20),
  hearingNotice: wd(7),
  /** 好差评 practice: a bad rating is rectified within 15 working days. */
  ratingRectification: wd(15),
} as const;

export { wd };
