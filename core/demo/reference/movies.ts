/** Word lists for invented film titles, genres and review text. */

export const GENRES: readonly string[] = [
  'Action', 'Adventure', 'Animation', 'Classics', 'Comedy', 'Crime', 'Documentary', 'Drama', 'Family',
  'Fantasy', 'Foreign', 'Horror', 'Musical', 'Romance', 'Sci-Fi', 'Thriller', 'Western',
];

export const ADJECTIVES: readonly string[] = [
  'Silent', 'Last', 'Broken', 'Hidden', 'Crimson', 'Golden', 'Forgotten', 'Dark', 'Endless', 'Frozen', 'Burning',
  'Lonely', 'Wild', 'Secret', 'Distant', 'Savage', 'Quiet', 'Scarlet', 'Electric', 'Fallen', 'Lost', 'Perfect',
  'Dangerous', 'Invisible', 'Final', 'Eternal', 'Hollow', 'Velvet', 'Restless', 'Shattered', 'Twisted', 'Bitter',
  'Sweet', 'Blue', 'Iron', 'Paper', 'Glass', 'Silver', 'Northern', 'Southern', 'Deadly', 'Tender', 'Reckless',
  'Long', 'Strange', 'Little', 'Big', 'Naked', 'Painted', 'Hungry',
];

export const NOUNS: readonly string[] = [
  'Harbor', 'Road', 'River', 'Garden', 'Kingdom', 'Promise', 'Witness', 'Horizon', 'Empire', 'Shadow', 'Frontier',
  'Hour', 'Summer', 'Winter', 'Station', 'Island', 'Mirror', 'Stranger', 'Heart', 'City', 'Storm', 'Game',
  'Signal', 'Letter', 'Bridge', 'Canyon', 'Affair', 'Circus', 'Orchard', 'Voyage', 'Ballad', 'Dynasty',
  'Experiment', 'Alibi', 'Labyrinth', 'Rebellion', 'Lighthouse', 'Carnival', 'Detective', 'Runaway', 'Empress',
  'Outlaw', 'Prophet', 'Sheriff', 'Thief', 'Pilot', 'Dancer', 'Ghost', 'Angel', 'Machine', 'Planet', 'Sky',
  'Moon', 'Tide', 'Desert', 'Saint', 'Secret', 'Night', 'Wolf', 'Velocity',
];

export const PLACES: readonly string[] = [
  'Lisbon', 'Paris', 'Tokyo', 'Havana', 'Cairo', 'Berlin', 'Vienna', 'Rome', 'Shanghai', 'Casablanca', 'Memphis',
  'Chicago', 'Montana', 'Brooklyn', 'Texas', 'Alaska', 'Montréal', 'São Paulo', 'Zürich', 'Málaga', 'Bogotá',
  'Reykjavík', 'Kraków', 'Marrakech', 'Tangier', 'Saigon', 'Kyoto', 'Seville', 'Monterrey', 'Nice', 'Macau',
];

export const TIMES: readonly string[] = [
  'Midnight', 'Sunday', 'Dawn', 'Twilight', 'Winter', 'Summer', 'Christmas', 'Tuesday', 'Autumn', 'Noon', 'August',
];

export const CHARACTER_NAMES: readonly string[] = [
  'Amélie', 'Élodie', 'Renée', 'Chloé', 'Søren', 'Björn', 'José', 'Inés', 'Zoë', 'Jack', 'Harry', 'Lola', 'Marty',
  'Vera', 'Max', 'Frankie', 'Oscar', 'Billy', 'Ruby', 'Clementine', 'Gus', 'Mabel', 'Otis', 'Ramona', 'Hugo',
];

export const WHO: readonly string[] = ['Man', 'Woman', 'Girl', 'Boy', 'Stranger', 'Detective', 'Spy', 'Dog', 'Thief'];

export const DID: readonly string[] = [
  'Knew Too Much', 'Came Back', 'Fell to Earth', 'Stole Christmas', 'Loved Tuesday', 'Sold the Moon',
  'Never Slept', 'Counted Stars', 'Lived Twice', 'Missed the Train',
];

export const SEQUELS: readonly string[] = [' 2', ' II', ' III', ': The Return', ' Part 2', ' Returns'];

export const DAMAGE_REASONS: readonly string[] = [
  'cracked near hub', 'deep scratch: skips in chapter 12', 'disc warped', 'sleeve torn, disc scratched',
  'customer reported: will not load', 'broken in the mail',
];

export const REVIEW_LINES: Readonly<Record<1 | 2 | 3 | 4 | 5, readonly string[]>> = {
  5: [
    'An absolute classic. {title} holds up after all these years.',
    'Watched it twice before sending it back.',
    'The ending floored me. Highly recommended.',
    'One of the best {genre} films I have seen.',
    'Beautifully shot; the score alone is worth the rental.',
  ],
  4: [
    'Really enjoyed {title}; the second half drags a little.',
    'Great performances and a solid story.',
    'Better than I expected from the trailer.',
    'A fun {genre} night in. Good extras on the disc too.',
  ],
  3: [
    'Decent, but I expected more.',
    'Good for a rainy Sunday.',
    'Some great scenes, some very slow ones.',
    'Fine for what it is.',
  ],
  2: [
    'Slow and predictable.',
    'The disc was fine; the movie was not.',
    'I wanted to like {title}, I really did.',
  ],
  1: [
    'Could not finish it.',
    'Not for me at all.',
    'Two hours I will not get back.',
  ],
};

/** Affiliate sites: small review and fan sites that link to the rental service. */
export const AFFILIATE_SITE_WORDS: readonly (readonly [string, string])[] = [
  ['Reel', 'Reviews'], ['Cult', 'Cinema Corner'], ['Midnight', 'Movie Club'], ['Silver', 'Screen Digest'],
  ['Popcorn', 'Picks'], ['Noir', 'Notebook'], ['Drive-In', 'Diaries'], ['Frame', 'by Frame'], ['Matinee', 'Monthly'],
  ['Widescreen', 'Weekly'], ['Classic', 'Film Guide'], ['Anime', 'Archive'], ['Western', 'Trail'], ['Horror', 'House'],
  ['Indie', 'Insider'], ['Family', 'Movie Night'], ['DVD', 'Deals Daily'], ['Director', 'Cut'], ['Documentary', 'Desk'],
  ['Foreign', 'Film Forum'], ['Sci-Fi', 'Signal'], ['Musical', 'Marquee'],
];
