import type { Role } from '../roles';
import type { DcCode } from './reference/places';

export interface DemoStaffMember {
  username: string;
  displayName: string;
  role: Role;
  /** PIN, documented so anyone can sign in to a demo; the writer stores only its argon2 hash. */
  secret: string;
  /** Warehouse staff work at one distribution center; office roles have none. */
  homeDc?: DcCode;
}

/**
 * Fixed demo sign-ins, one per role plus a warehouse user for every other
 * distribution center (each packing station signs in at its own DC).
 * Demo data only: a real deployment creates its staff through the admin screen.
 */
export const DEMO_STAFF: readonly DemoStaffMember[] = [
  { username: 'wanda', displayName: 'Wanda Warehouse', role: 'warehouse', secret: '1111', homeDc: 'SJC' },
  { username: 'carl', displayName: 'Carl Service', role: 'cs_rep', secret: '2222' },
  { username: 'sue', displayName: 'Sue Pervisor', role: 'supervisor', secret: '3333' },
  { username: 'adam', displayName: 'Adam Admin', role: 'admin', secret: '4444' },
  { username: 'walt', displayName: 'Walt Warehouse', role: 'warehouse', secret: '1111', homeDc: 'EWR' },
  { username: 'wes', displayName: 'Wes Warehouse', role: 'warehouse', secret: '1111', homeDc: 'ATL' },
  { username: 'wade', displayName: 'Wade Warehouse', role: 'warehouse', secret: '1111', homeDc: 'DFW' },
  { username: 'wendy', displayName: 'Wendy Warehouse', role: 'warehouse', secret: '1111', homeDc: 'ORD' },
  { username: 'wyatt', displayName: 'Wyatt Warehouse', role: 'warehouse', secret: '1111', homeDc: 'SEA' },
];

export function demoStaffId(username: string): string {
  return `stf_${username}`;
}
