import type { Department } from '../types';

export const DEPARTMENTS: Department[] = [
  { code: 'ndrc', name: '发展和改革委员会' },
  { code: 'natural-resources', name: '规划和自然资源局' },
  { code: 'housing', name: '住房和城乡建设局' },
  { code: 'fire', name: '住房和城乡建设局（消防设计审查）' },
  { code: 'civil-air-defence', name: '人民防空办公室' },
  { code: 'ecology', name: '生态环境局' },
  { code: 'utilities', name: '供水、供电、燃气等市政公用服务单位' },
  { code: 'government-service', name: '政务服务中心（综合窗口、出证）' },
];
