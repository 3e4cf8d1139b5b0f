import type { MessageKey } from './i18n/zh';

export type Screen = 'dashboard' | 'intake' | 'cases' | 'inbox' | 'supervision' | 'audit' | 'catalog';

type RoleKind = 'window' | 'department' | 'supervisor' | 'auditor' | 'integrator' | 'admin';

/** Which roles each screen is for (admin sees every screen); the API refuses the same roles the same things. */
const SCREEN_ROLES: Record<Screen, readonly RoleKind[]> = {
  dashboard: ['window', 'department', 'supervisor', 'auditor', 'integrator'],
  intake: ['window'],
  cases: ['window', 'department', 'supervisor', 'auditor', 'integrator'],
  inbox: ['department'],
  supervision: ['supervisor'],
  audit: ['auditor'],
  catalog: [],
};

export const SCREENS: ReadonlyArray<{ screen: Screen; path: string; label: MessageKey }> = [
  { screen: 'dashboard', path: '/', label: 'nav.dashboard' },
  { screen: 'intake', path: '/intake', label: 'nav.intake' },
  { screen: 'cases', path: '/cases', label: 'nav.cases' },
  { screen: 'inbox', path: '/inbox', label: 'nav.inbox' },
  { screen: 'supervision', path: '/supervision', label: 'nav.supervision' },
  { screen: 'audit', path: '/audit', label: 'nav.audit' },
  { screen: 'catalog', path: '/catalog', label: 'nav.catalog' },
];

export function roleKind(role: string): RoleKind {
  return role.split(':')[0] as RoleKind;
}

export function canSee(role: string, screen: Screen): boolean {
  const kind = roleKind(role);
  return kind === 'admin' || SCREEN_ROLES[screen].includes(kind);
}

/** The case timeline (GET …/timeline) is for staff; integrators read the case view only. */
export function canReadTimeline(role: string): boolean {
  return roleKind(role) !== 'integrator';
}
