import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ROLES } from '../../core/roles';
import { MUTATORS, MUTATOR_NAMES } from '../../core/sync/mutators/index';
import { OPT_OUT_VALUE, optOutWins, PREFERENCE_FIELDS } from '../../core/sync/mutators/preferences-set';
import { scopeFor, scopeSignature } from '../../core/sync/scopes';
import { canTransition, OPEN_SHIPMENT_STATUSES, SHIPMENT_STATUSES, transitionProblem } from '../../core/sync/shipment-status';
import { keyString, parseKeyString, SYNCED_TABLES } from '../../core/sync/tables';
import { incrementUlid, nextMutationIdAfter } from '../../main/sync/mutation-ids';

describe('the shipment status state machine', () => {
  it('walks the happy path allocated -> picked -> packed -> labeled -> shipped -> returned', () => {
    const path = ['allocated', 'picked', 'packed', 'labeled', 'shipped', 'returned'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!), `${path[i - 1]} -> ${path[i]}`).toBe(true);
  });

  it('lets a packer pick and pack in one scan, and void until the piece leaves', () => {
    expect(canTransition('allocated', 'packed')).toBe(true);
    for (const from of OPEN_SHIPMENT_STATUSES) expect(canTransition(from, 'void')).toBe(true);
    expect(canTransition('shipped', 'void')).toBe(false);
  });

  it('never leaves returned or void, never goes backwards, and says why in words', () => {
    for (const to of SHIPMENT_STATUSES) {
      expect(canTransition('returned', to)).toBe(false);
      expect(canTransition('void', to)).toBe(false);
    }
    expect(canTransition('labeled', 'packed')).toBe(false);
    expect(transitionProblem('A100', 'packed', 'packed')).toBe('Order A100 is already packed.');
    expect(transitionProblem('A100', 'void', 'shipped')).toBe('Order A100 is void; nothing can change it any more.');
    expect(transitionProblem('A100', 'allocated', 'shipped')).toBe('Order A100 is allocated; it can only become picked or packed or void, not shipped.');
    expect(transitionProblem('A100', 'labeled', 'shipped')).toBeNull();
  });
});

describe('the mutator registry', () => {
  it('holds every mutator the capabilities need, once, each with roles and a schema', () => {
    expect(new Set(MUTATOR_NAMES).size).toBe(MUTATOR_NAMES.length);
    expect([...MUTATOR_NAMES]).toEqual(
      expect.arrayContaining([
        'address.update', 'audit.record', 'customer.updateContact', 'labelEvent.record', 'preferences.set',
        'shipment.packAndLabel', 'shipment.markShipped', 'shipment.checkIn', 'shipment.requeue', 'shipment.void',
      ]),
    );
    for (const [name, def] of MUTATORS) {
      expect(def.name).toBe(name);
      expect(def.roles.length, name).toBeGreaterThan(0);
      for (const role of def.roles) expect(ROLES).toContain(role);
      expect(def.args).toBeInstanceOf(z.ZodType);
    }
  });

  it('registers exactly the intents the station sends, nothing kept for tests only', () => {
    // Every name the station's code hands to the outbox: `mutate('name', ...)`, `mutate(session, 'name', ...)`, and the audit outbox's own.
    const sent = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          const text = readFileSync(path, 'utf8');
          for (const m of text.matchAll(/\bmutate\(\s*(?:session,\s*)?'([a-z][A-Za-z]*\.[A-Za-z]+)'/g)) sent.add(m[1]!);
          for (const m of text.matchAll(/\bname: '([a-z][A-Za-z]*\.[A-Za-z]+)',\s*\n\s*args:/g)) sent.add(m[1]!);
        }
      }
    };
    walk(join(import.meta.dirname, '../../main'));
    expect([...sent].sort()).toEqual([...MUTATOR_NAMES].sort());
  });

  it('keeps warehouse staff away from customer data changes', () => {
    for (const name of ['preferences.set', 'customer.updateContact', 'address.update']) {
      expect(MUTATORS.get(name)!.roles).not.toContain('warehouse');
    }
  });
});

describe('opt-out wins (policy: unsubscribe anytime)', () => {
  it('keeps an opt-out against an opt-in, for each preference and its own polarity', () => {
    for (const field of PREFERENCE_FIELDS) {
      const out = OPT_OUT_VALUE[field];
      expect(optOutWins(field, out, !out)).toBe('current');
      expect(optOutWins(field, !out, out)).toBe('incoming');
    }
    expect(OPT_OUT_VALUE.partner_mailings_excluded).toBe(true);
    expect(OPT_OUT_VALUE.email_newsletter).toBe(false);
  });
});

describe('scopes from role and station', () => {
  it('gives warehouse the packing scope only, CS the customers scope only, supervisors both', () => {
    expect(scopeFor('warehouse', 'SJC')).toEqual({ distributionCenter: 'SJC', customers: false });
    expect(scopeFor('cs_rep', 'SJC')).toEqual({ distributionCenter: null, customers: true });
    expect(scopeFor('supervisor', 'EWR')).toEqual({ distributionCenter: 'EWR', customers: true });
    expect(scopeSignature(scopeFor('warehouse', 'SJC'))).not.toBe(scopeSignature(scopeFor('cs_rep', 'SJC')));
  });
});

describe('row keys', () => {
  it('round-trip single and composite keys', () => {
    expect(keyString('rental_queue', { customer_id: 5, title_id: 12 })).toBe('5|12');
    expect(parseKeyString('rental_queue', '5|12')).toEqual({ customer_id: 5, title_id: 12 });
    expect(parseKeyString('distribution_centers', 'SJC')).toEqual({ code: 'SJC' });
    expect(SYNCED_TABLES.shipments.columns).toContain('server_version');
    expect(SYNCED_TABLES.audit_log.columns).not.toContain('server_version');
  });
});

describe('mutation ids', () => {
  it('grow strictly even when the clock steps back or two ids share a millisecond', () => {
    const last = '01HZX3K8Q0ZZZZZZZZZZZZZZZZ';
    expect(incrementUlid(last)).toBe('01HZX3K8Q10000000000000000');
    expect(incrementUlid('01HZX3K8Q0AAAAAAAAAAAAAAAA')).toBe('01HZX3K8Q0AAAAAAAAAAAAAAAB');
    const earlier = '01HZX3K8P0AAAAAAAAAAAAAAAA';
    const next = nextMutationIdAfter(last, earlier);
    expect(next > last).toBe(true);
    expect(nextMutationIdAfter(null, earlier)).toBe(earlier);
    expect(nextMutationIdAfter(earlier, last)).toBe(last);
  });
});
