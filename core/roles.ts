/**
 * The one role table. main, the central API, the renderer and the tests all
 * import it, so a role rule lives in exactly one place (STYLE: one source of truth).
 */
export const ROLES = ['warehouse', 'cs_rep', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  warehouse: 'Warehouse',
  cs_rep: 'Customer service',
  supervisor: 'Supervisor',
  admin: 'Administrator',
};

/** Role groups used by the contract and the API routes. */
export const ANY_STAFF: readonly Role[] = ROLES;
export const CS_AND_UP: readonly Role[] = ['cs_rep', 'supervisor', 'admin'];
export const WAREHOUSE_AND_UP: readonly Role[] = ['warehouse', 'supervisor', 'admin'];
export const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
export const ADMINS: readonly Role[] = ['admin'];

export type ScreenId = 'lookup' | 'pack' | 'returns' | 'privacy' | 'audit' | 'staff' | 'station' | 'floor';

export interface ScreenSpec {
  id: ScreenId;
  label: string;
  roles: readonly Role[];
  /** Single key that opens the screen from anywhere (keyboard-first stations). */
  hotkey: string;
}

/** Screens in navigation order. The renderer shows only those a role may use; main and the API enforce the methods behind them. */
export const SCREENS: readonly ScreenSpec[] = [
  { id: 'lookup', label: 'Lookup', roles: ANY_STAFF, hotkey: '1' },
  { id: 'pack', label: 'Pack', roles: WAREHOUSE_AND_UP, hotkey: '2' },
  { id: 'returns', label: 'Returns', roles: WAREHOUSE_AND_UP, hotkey: '3' },
  { id: 'privacy', label: 'Privacy', roles: SUPERVISORS, hotkey: '4' },
  { id: 'audit', label: 'Audit', roles: SUPERVISORS, hotkey: '5' },
  { id: 'staff', label: 'Staff', roles: SUPERVISORS, hotkey: '6' },
  { id: 'station', label: 'Station', roles: ADMINS, hotkey: '7' },
  { id: 'floor', label: 'Floor', roles: SUPERVISORS, hotkey: '8' },
];

export function screensFor(role: Role): ScreenSpec[] {
  return SCREENS.filter((s) => s.roles.includes(role));
}

export function isRoleAllowed(role: Role | null | undefined, allowed: readonly Role[] | 'public'): boolean {
  if (allowed === 'public') return true;
  return role != null && allowed.includes(role);
}
