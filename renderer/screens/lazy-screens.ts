import { lazy, type ComponentType } from 'react';
import type { ScreenId } from '../../core/roles';

/**
 * Each screen is its own chunk, loaded when first opened: the sign-in screen
 * a station shows at start needs none of them, so it parses and runs only its
 * own code (issue #14, start-up <= 2 s). `loadAll` warms them once the
 * sign-in screen is up, so opening a screen after signing in does not wait.
 */
const LOADERS: Record<ScreenId, () => Promise<ComponentType>> = {
  lookup: () => import('./lookup/LookupScreen').then((m) => m.LookupScreen),
  pack: () => import('./pack/PackScreen').then((m) => m.PackScreen),
  returns: () => import('./returns/ReturnsScreen').then((m) => m.ReturnsScreen),
  privacy: () => import('./privacy/PrivacyScreen').then((m) => m.PrivacyScreen),
  audit: () => import('./audit/AuditScreen').then((m) => m.AuditScreen),
  staff: () => import('./staff/StaffScreen').then((m) => m.StaffScreen),
  station: () => import('./station/StationScreen').then((m) => m.StationScreen),
  floor: () => import('./floor/FloorScreen').then((m) => m.FloorScreen),
};

export const LAZY_SCREENS = Object.fromEntries(
  Object.entries(LOADERS).map(([id, load]) => [id, lazy(async () => ({ default: await load() }))]),
) as unknown as Record<ScreenId, ComponentType>;

export function loadScreens(ids: readonly ScreenId[] = Object.keys(LOADERS) as ScreenId[]): Promise<unknown> {
  return Promise.all(ids.map((id) => LOADERS[id]()));
}
