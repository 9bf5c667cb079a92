import { describe, expect, it } from 'vitest';
import { findPersonalInfo, type PiiKind } from '../../../core/privacy';

type Expected = readonly (readonly [PiiKind, string])[];

interface Case {
  readonly review: string;
  readonly names?: readonly string[];
  readonly expected: Expected;
}

function found(review: string, names: readonly string[] = []): Expected {
  return findPersonalInfo(review, { reviewerNames: names }).map((s) => [s.kind, s.text] as const);
}

/** Reviews that leak personal information, the way customers actually write it. */
const LEAKS: readonly Case[] = [
  { review: 'Loved it! If anyone wants to swap DVDs, email me at mike.trent1977@example.com.', expected: [['email', 'mike.trent1977@example.com']] },
  { review: "Great transfer. Write to sarah at example dot com if you have the director's cut.", expected: [['email', 'sarah at example dot com']] },
  { review: 'Hit me up: moviebuff [at] example [dot] net', expected: [['email', 'moviebuff [at] example [dot] net']] },
  { review: 'contact: dan(at)example(dot)org for the boxed set', expected: [['email', 'dan(at)example(dot)org']] },
  { review: 'My email is j o h n @ example . com, spelled out so the filter misses it', expected: [['email', 'j o h n @ example . com']] },
  { review: 'KAREN_AT_EXAMPLE_DOT_COM for trades', expected: [['email', 'KAREN_AT_EXAMPLE_DOT_COM']] },
  { review: 'Email: john dot smith at example dot com', expected: [['email', 'john dot smith at example dot com']] },
  { review: 'Mail me at film.fan@example.co.uk about the region 2 disc.', expected: [['email', 'film.fan@example.co.uk']] },
  { review: 'Call me at (408) 555-0123 to talk about it!', expected: [['phone', '(408) 555-0123']] },
  { review: 'My number is 408.555.0123, text anytime.', expected: [['phone', '408.555.0123']] },
  { review: 'Reach me on +1 408 555 0123 after 6.', expected: [['phone', '+1 408 555 0123']] },
  { review: '4085550123 is my cell, call if you want my copy', expected: [['phone', '4085550123']] },
  { review: 'Local folks: 555-0101, ask for the guy with the laserdiscs.', expected: [['phone', '555-0101']] },
  { review: 'Text me: five five five - zero one zero one', expected: [['phone', 'five five five - zero one zero one']] },
  { review: "five five five oh one oh one, that's my line", expected: [['phone', 'five five five oh one oh one']] },
  { review: 'call 5five5-0101 before 9', expected: [['phone', '5five5-0101']] },
  { review: 'my cell: 4 0 8 5 5 5 0 1 2 3 (no spam pls)', expected: [['phone', '4 0 8 5 5 5 0 1 2 3']] },
  { review: 'ring five-five-five-oh-one-two-three after dinner', expected: [['phone', 'five-five-five-oh-one-two-three']] },
  { review: 'Call 1-800-555-0199 to complain about the scratched disc!', expected: [['phone', '1-800-555-0199']] },
  { review: 'Call +44 20 7946 0958 if you are in London and want it.', expected: [['phone', '+44 20 7946 0958']] },
  { review: 'I live at 1234 Maple Avenue, come borrow my copy.', expected: [['street_address', '1234 Maple Avenue']] },
  { review: 'Drop it off at 12 N Main St Apt 4 if you are done with it.', expected: [['street_address', '12 N Main St Apt 4']] },
  { review: 'Mail it to PO Box 123 and I will send the sequel back.', expected: [['street_address', 'PO Box 123']] },
  { review: 'Trades welcome: P.O. Box 77, or RR 2 Box 15 in summer.', expected: [['street_address', 'P.O. Box 77'], ['street_address', 'RR 2 Box 15']] },
  { review: 'We watched at my place, 742 Evergreen Terrace, twice.', expected: [['street_address', '742 Evergreen Terrace']] },
  { review: 'send it to 350 5th Ave, New York, NY 10001 please', expected: [['street_address', '350 5th Ave, New York, NY 10001']] },
  { review: 'I live at 221B Baker Street, so naturally I loved it.', expected: [['street_address', '221B Baker Street']] },
  { review: 'i live at 1234 maple ave., apt 4b in springfield', expected: [['street_address', '1234 maple ave., apt 4b']] },
  { review: 'Anyone near 88 Ocean View Blvd want to trade?', expected: [['street_address', '88 Ocean View Blvd']] },
  { review: 'Our club meets at 1600 Pennsylvania Ave NW on Fridays.', expected: [['street_address', '1600 Pennsylvania Ave NW']] },
  { review: 'I live at 42 Wallaby and nobody rents this but me.', expected: [['street_address', '42 Wallaby']] },
  { review: 'Great sequel. - José Núñez', names: ['José Núñez'], expected: [['own_name', 'José Núñez']] },
  { review: 'jose nunez here, this one rocks', names: ['José Núñez'], expected: [['own_name', 'jose nunez']] },
  { review: 'Reviewed by NUNEZ, Jose', names: ['José Núñez'], expected: [['own_name', 'NUNEZ, Jose']] },
  { review: 'Mary-Kate Smith-Jones says: buy it', names: ['Mary-Kate Smith-Jones'], expected: [['own_name', 'Mary-Kate Smith-Jones']] },
  { review: 'Five stars. Thanks, John Q. Public', names: ['John Public'], expected: [['own_name', 'John Q. Public']] },
  { review: 'Juan de la Cruz approves this message', names: ['Juan De la Cruz'], expected: [['own_name', 'Juan de la Cruz']] },
  { review: '王芳推荐这部电影', names: ['王芳'], expected: [['own_name', '王芳']] },
  { review: 'see my list at www.reelfan-site.com/top10 for more', expected: [['url', 'www.reelfan-site.com/top10']] },
  {
    review: 'Email me at ann@example.org or call (212) 555-0147.',
    expected: [['email', 'ann@example.org'], ['phone', '(212) 555-0147']],
  },
  {
    review: "Signed, Ann O'Brien, 77 Harbor Rd, 555-0188",
    names: ["Ann O'Brien"],
    expected: [['own_name', "Ann O'Brien"], ['street_address', '77 Harbor Rd'], ['phone', '555-0188']],
  },
];

/** Ordinary review text: numbers everywhere, none of them personal. */
const ORDINARY: readonly Case[] = [
  { review: 'Rocky 4 is better than Rocky 3, no contest.', expected: [] },
  { review: 'Came out in 1999 and still holds up in 2004.', expected: [] },
  { review: "At 120 minutes it drags; the director's cut runs 142 minutes.", expected: [] },
  { review: '5 stars. 10/10 would rent again.', expected: [] },
  { review: 'The twist at 2:30 into the second disc is great.', expected: [] },
  { review: 'Gave it 5 stars way more than it deserved.', expected: [] },
  { review: 'I rented 3 copies of the DVD for a party.', expected: [] },
  { review: 'My top 10 list is not complete without this.', expected: [] },
  { review: 'Look at this. Com on, people, it is a classic.', expected: [] },
  { review: 'The dot com era satire holds up.', expected: [] },
  { review: "Ocean's 11 and Ocean's 12 were fun, 13 less so.", expected: [] },
  { review: 'Released 3/14/2004 on DVD; the 1999-2003 TV run was better.', expected: [] },
  { review: 'It cost $19.99 and was worth every cent.', expected: [] },
  { review: 'Chapter 12 has the best scene; skip to 1:02:45.', expected: [] },
  { review: 'Two hours I will not get back. One star.', expected: [] },
  { review: "I looked at it twice: once at home, once at a friend's.", expected: [] },
  { review: 'Five, four, three, two, one... liftoff! Best countdown scene ever.', expected: [] },
  { review: 'Oh, one of the best. Oh well.', expected: [] },
  { review: 'Miracle on 34th Street is a Christmas staple.', expected: [] },
  { review: 'The 2 leads are great, the 3 supporting actors even better.', expected: [] },
  { review: 'Aired on channel 4 at 8 pm; the 1 hour special is on disc 2.', expected: [] },
  { review: 'Jack and Rose are unforgettable.', names: ['José Núñez'], expected: [] },
  { review: 'Nunez? No, that was the other director.', names: ['José Núñez'], expected: [] },
  { review: 'ISBN 978-0-306-40615-7 is printed on the booklet.', expected: [] },
  { review: 'Rated PG-13, 2 discs, 16:9 widescreen, Dolby 5.1.', expected: [] },
  { review: 'Shot at 24 frames per second over 200 days.', expected: [] },
  { review: 'Watched it 3 times in a row.', expected: [] },
  { review: 'Episodes 1-6 are on disc one, 7-12 on disc two.', expected: [] },
  { review: 'From 1984 to 1989 this was on every weekend.', expected: [] },
  { review: 'I have 3 dogs. Park them in front of this and they stay quiet.', expected: [] },
  { review: 'The 2 best ways to watch it: alone or with 5 friends.', expected: [] },
  { review: 'Good for a rainy Sunday.', expected: [] },
  { review: 'You may first want to watch the original from 1978.', expected: [] },
];

describe('reviews that leak personal information are flagged', () => {
  it.each(LEAKS)('$review', ({ review, names, expected }) => {
    expect(found(review, names)).toEqual(expected);
  });
});

describe('ordinary review text is not flagged', () => {
  it.each(ORDINARY)('$review', ({ review, names, expected }) => {
    expect(found(review, names)).toEqual(expected);
  });
});

describe('spans point into the text as the customer typed it', () => {
  it('gives UTF-16 offsets into the original, accents and all', () => {
    const review = 'Ça marche! — Núñez, José 😀 (408) 555-0123';
    const spans = findPersonalInfo(review, { reviewerNames: ['José Núñez'] });
    expect(spans.map((s) => s.kind)).toEqual(['own_name', 'phone']);
    for (const s of spans) expect(review.slice(s.start, s.end)).toBe(s.text);
    expect(spans[1]!.start).toBe(review.indexOf('(408)'));
  });

  it('takes combining accents along when the name was typed decomposed', () => {
    const review = 'Signed: Jose\u0301 Nun\u0303ez!';
    const [span] = findPersonalInfo(review, { reviewerNames: ['José Núñez'] });
    expect(span?.text).toBe('Jose\u0301 Nun\u0303ez');
  });

  it('sees through zero-width characters and full-width digits', () => {
    expect(found('mail john\u200B@example.com')).toEqual([['email', 'john\u200B@example.com']]);
    expect(found('call ５５５-０１０１')).toEqual([['phone', '５５５-０１０１']]);
  });

  it('merges overlapping finds into one span, so nothing is left half-removed', () => {
    // An SMS gateway address holds a phone number: one span, an email.
    expect(found('text 4085550123@txt.example.net')).toEqual([['email', '4085550123@txt.example.net']]);
  });

  it('reports a web address where "at" is just a preposition', () => {
    expect(found('I signed up at netflix.com back in 2002.')).toEqual([['url', 'netflix.com']]);
  });

  it('matches a one-word reviewer name (a pseudonym) as a whole word only', () => {
    expect(found('CineFan42 says hi', ['CineFan42'])).toEqual([['own_name', 'CineFan42']]);
    expect(found('xCineFan42x says hi', ['CineFan42'])).toEqual([]);
  });
});
