/**
 * policy: "Netflix users should not post personal information on any review
 * page, as this information is made public. Pseudonyms can be used for such
 * postings."
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModerationItem } from '../../core/privacy/reviews';
import { databaseTargets } from '../api/harness';
import { addCustomer, addReview, addTitle, apiWorld, type ApiWorld, type BuiltCustomer } from '../api/world';

interface Queue {
  items: ModerationItem[];
  pendingFlagged: number;
  pendingUnflagged: number;
}

const TEXTS = {
  spelledEmail: 'Great noir, the transfer is sharp. Write to john at example dot com if you want to swap discs.',
  spelledPhone: 'Creepy and slow in a good way. Call me: five five five - 0101 after six.',
  addressAndName: 'I live at 42 Elm Street, come borrow my copy. - John Carter',
  plainEmail: 'Loved it. Email me at jcarter77@example.net for trades.',
  clean: 'The score alone is worth the rental. Four stars.',
};

describe.each(databaseTargets)('review moderation on $name', (target) => {
  let world: ApiWorld;
  let author: BuiltCustomer;
  const ids: Record<keyof typeof TEXTS, number> = {} as never;

  beforeAll(async () => {
    world = await apiWorld(target);
    author = await addCustomer(world.knex, { fullName: 'John Carter', pseudonym: 'NoirFan42', email: 'jcarter77@example.net', phone: '+14155550101' });
    const title = await addTitle(world.knex, 'Noir', 'The Big Sleep');
    for (const key of Object.keys(TEXTS) as (keyof typeof TEXTS)[]) ids[key] = await addReview(world.knex, author, title, TEXTS[key]);
  });
  afterAll(async () => world?.close());

  const queue = (query = '') => world.ok<Queue>('GET', `/v1/privacy/reviews/queue${query}`);
  const item = async (reviewId: number) => (await queue('?includeUnflagged=true')).items.find((i) => i.reviewId === reviewId)!;
  const moderate = (reviewId: number, body: Record<string, unknown>, role: 'supervisor' | 'cs_rep' = 'supervisor') =>
    world.call(role, 'POST', `/v1/privacy/reviews/${reviewId}/moderation`, body);

  it('flags spelled-out emails and phones, street addresses and the reviewer’s own name; the clean review is not queued', async () => {
    const q = await queue();
    expect(q.pendingFlagged).toBe(4);
    expect(q.pendingUnflagged).toBe(1);
    const kinds = (id: number) => q.items.find((i) => i.reviewId === id)!.flags.map((f) => f.kind);
    expect(kinds(ids.spelledEmail)).toEqual(['email']);
    expect(kinds(ids.spelledPhone)).toEqual(['phone']);
    expect(kinds(ids.addressAndName)).toEqual(['street_address', 'own_name']);
    const spelled = q.items.find((i) => i.reviewId === ids.spelledEmail)!;
    expect(spelled.body.slice(spelled.flags[0]!.start, spelled.flags[0]!.end)).toBe('john at example dot com');
    const phone = q.items.find((i) => i.reviewId === ids.spelledPhone)!;
    expect(phone.body.slice(phone.flags[0]!.start, phone.flags[0]!.end)).toBe('five five five - 0101');
    expect(q.items.map((i) => i.reviewId)).not.toContain(ids.clean);
  });

  it('shows reviews by pseudonym only: the reviewer’s name, email and phone are in no field but the text they wrote', async () => {
    const q = await queue('?includeUnflagged=true');
    for (const i of q.items) {
      expect(i.pseudonym).toBe('NoirFan42');
      const { body: _body, ...rest } = i;
      const json = JSON.stringify(rest);
      for (const secret of ['John Carter', 'jcarter77', '5550101']) expect(json).not.toContain(secret);
      expect(Object.keys(rest).sort()).toEqual(['bodyDigest', 'flags', 'pseudonym', 'reviewId', 'stars', 'state', 'titleName', 'writtenAt']);
    }
  });

  it('redacting replaces the flagged span, and neither the redaction log nor the audit row keeps the removed text', async () => {
    const before = await item(ids.spelledEmail);
    const res = await moderate(ids.spelledEmail, { bodyDigest: before.bodyDigest, action: 'redact' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      reviewId: ids.spelledEmail, state: 'redacted', spansRemoved: 1,
      body: 'Great noir, the transfer is sharp. Write to [removed] if you want to swap discs.',
    });
    const stored = await world.knex('reviews').where({ id: ids.spelledEmail }).first();
    expect(stored).toMatchObject({ moderation_state: 'redacted', body: res.json().body });
    const log = await world.knex('review_redactions').where({ review_id: ids.spelledEmail });
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0].spans)).toEqual([{ kind: 'email', start: 44, end: 67, length: 23, replacedStart: 44, replacedEnd: 53 }]);
    for (const table of ['review_redactions', 'audit_log', 'reviews', 'disclosures']) {
      const dump = JSON.stringify(await world.knex(table).select('*'));
      expect(dump, table).not.toContain('john at example dot com');
    }
    const audit = (await world.api.auditRows('review.moderated')).at(-1)!;
    expect(audit).toMatchObject({ staff_id: world.as.supervisor.staff.id });
    expect(await world.knex('audit_log').where({ id: audit.id }).first()).toMatchObject({ customer_id: author.id });
  });

  it('redacts an address and the signature together, and what the moderator selected besides', async () => {
    const it = await item(ids.addressAndName);
    const start = it.body.indexOf('borrow');
    const res = await moderate(ids.addressAndName, { bodyDigest: it.bodyDigest, action: 'redact', extraSpans: [{ start, end: start + 'borrow'.length }] });
    expect(res.json().body).toBe('I live at [removed], come [removed] my copy. - [removed]');
    expect(res.json().spansRemoved).toBe(3);
  });

  it('approving a review that still has flags needs a reason; with one it is published as written', async () => {
    const it = await item(ids.plainEmail);
    const refused = await moderate(ids.plainEmail, { bodyDigest: it.bodyDigest, action: 'approve' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/still has 1 flagged item/);
    const clean = await item(ids.clean);
    const ok = await moderate(ids.clean, { bodyDigest: clean.bodyDigest, action: 'approve' });
    expect(ok.json()).toMatchObject({ state: 'approved' });
  });

  it('rejecting needs a reason', async () => {
    const it = await item(ids.spelledPhone);
    expect((await moderate(ids.spelledPhone, { bodyDigest: it.bodyDigest, action: 'reject' })).statusCode).toBe(400);
    const ok = await moderate(ids.spelledPhone, { bodyDigest: it.bodyDigest, action: 'reject', reason: 'Contact details only' });
    expect(ok.json()).toMatchObject({ state: 'rejected' });
  });

  it('a decision on a text that changed since it was shown is refused', async () => {
    const it = await item(ids.plainEmail);
    await world.knex('reviews').where({ id: ids.plainEmail }).update({ body: `${TEXTS.plainEmail} Edited.` });
    const res = await moderate(ids.plainEmail, { bodyDigest: it.bodyDigest, action: 'redact' });
    expect(res.statusCode).toBe(409);
  });

  it('a rep cannot see the queue or moderate', async () => {
    expect((await world.call('cs_rep', 'GET', '/v1/privacy/reviews/queue')).statusCode).toBe(403);
    const it = await item(ids.plainEmail);
    expect((await moderate(ids.plainEmail, { bodyDigest: it.bodyDigest, action: 'redact' }, 'cs_rep')).statusCode).toBe(403);
  });
});
