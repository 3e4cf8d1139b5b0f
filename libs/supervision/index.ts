/**
 * 好差评 and 电子监察 rules: pure functions over rows the API has loaded, with the calendar and the instant passed in.
 * What counts as a closed case or a finished step, and every legal fact counted, comes from the kernel (libs/case).
 */
export * from './ratings';
export * from './facts';
export * from './statistics';
export * from './views';
export * from './cases';
export * from './whole-process';
export * from './reviewers';
export * from './filter';
export * from './rollup';
export * from './evaluation';
export * from './accountability';
export * from './charges';
