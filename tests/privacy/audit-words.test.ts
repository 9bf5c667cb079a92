import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../core/audit/schemas';
import { DESCRIBED_AUDIT_ACTIONS, describeAuditEntry } from '../../core/audit/audit-words';
import { CALLER_CHECK_AUDIT } from '../../core/customers/caller-check';

function entry(over: Partial<AuditEntry>): AuditEntry {
  return { id: '01J', at: '2026-12-05T17:00:00.000Z', staff: null, stationId: null, action: 'x.y', customerId: null, fields: null, reason: null, detail: null, ...over };
}
const carl = { username: 'carl', displayName: 'Carl Service' };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every audit action code the project writes: `action: '...'` literals (either side of a `?:`), the central API's list and the caller check's. */
function actionsWritten(): Set<string> {
  const found = new Set<string>(Object.values(CALLER_CHECK_AUDIT));
  for (const file of ['api', 'main', 'core'].flatMap((d) => sourceFiles(d))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/action: (?:[^,;{}]*?\? )?'([a-z_]+\.[a-z_]+)'(?: : '([a-z_]+\.[a-z_]+)')?/g)) {
      found.add(m[1]!);
      if (m[2]) found.add(m[2]);
    }
  }
  const union = /export type AuditAction =([^;]+);/.exec(readFileSync('api/audit/write-audit.ts', 'utf8'))?.[1] ?? '';
  for (const m of union.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) found.add(m[1]!);
  return found;
}

describe('audit rows in words', () => {
  it('says who opened whose account and why, with no code', () => {
    const text = describeAuditEntry(entry({ action: 'customer.viewed', staff: carl, customerId: 1042, customerName: 'Angela Wright', reason: 'phone_call', fields: ['email', 'phone'] }));
    expect(text).toBe('Carl Service opened Angela Wright’s account — phone call');
  });

  it('reads a refused change cleared, a sign-in failure and an affiliate decision as sentences', () => {
    expect(describeAuditEntry(entry({ action: 'sync.rejection_dismissed', staff: carl, reason: 'address.update 01JABC (CONFLICT)' }))).toBe('Carl Service cleared a change the central office had refused (address change)');
    expect(describeAuditEntry(entry({ action: 'auth.sign_in_failed', detail: { username: 'mallory', reason: 'unknown_username' } }))).toBe('Someone using the username “mallory” could not sign in (unknown username)');
    expect(describeAuditEntry(entry({ action: 'affiliate.decided', staff: carl, reason: 'Links checked', detail: { site: 'Film Fans', decision: 'approve' } }))).toBe('Carl Service approved the affiliate Film Fans — Links checked');
  });

  it('falls back to the customer’s number when the central office no longer has the name', () => {
    expect(describeAuditEntry(entry({ action: 'customer.address_updated', staff: carl, customerId: 7 }))).toBe('Carl Service changed customer no. 7’s address');
  });

  it('has a sentence for every action code the project writes', () => {
    const written = actionsWritten();
    // The scan must find the codes at all (a broken pattern would pass vacuously).
    expect(written.size).toBeGreaterThan(30);
    expect([...written].filter((a) => !DESCRIBED_AUDIT_ACTIONS.includes(a)).sort()).toEqual([]);
    for (const action of written) expect(describeAuditEntry(entry({ action, staff: carl, customerId: 1, customerName: 'Ann Lee' }))).not.toContain(action);
  });
});
