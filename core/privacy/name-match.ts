/**
 * The reviewer's own name in folded text: the full name, first + last name
 * (a middle name or initial may sit between), "Last, First", in any case and
 * with or without accents ("José Núñez" meets "jose nunez", "NUNEZ, Jose").
 *
 * policy: "Netflix users should not post personal information on any review
 * page ... Pseudonyms can be used for such postings." A review signed with
 * the real name defeats the pseudonym.
 */
import { escapeRegExp, foldTerm } from './text-fold';

/** Surname particles: "Juan De la Cruz" is "Juan" + "De la Cruz", not "Juan" + "Cruz" only. */
export const PARTICLES: ReadonlySet<string> = new Set(['de', 'del', 'della', 'la', 'le', 'los', 'las', 'van', 'von', 'der', 'den', 'da', 'di', 'do', 'dos', 'das', 'du', 'st', 'ten', 'ter', 'bin', 'ibn', 'al', 'el']);

/** Scripts written without spaces between words: a name there has no word boundary to look for. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

const BETWEEN_NAMES = "[\\s._'-]*";
const MIDDLE = `(?:[\\s._-]+\\p{L}[\\p{L}'-]*\\.?)?`;

/** One name word; apostrophes and hyphens inside it are optional ("O'Brien", "OBrien", "Smith Jones"). */
function tokenPattern(token: string): string {
  return token
    .split(/['.-]+/u)
    .filter((part) => part.length > 0)
    .map(escapeRegExp)
    .join("['.\\s-]?");
}

function bounded(pattern: string, firstChar: string, lastChar: string): string {
  const before = UNSPACED_SCRIPT.test(firstChar) ? '' : '(?<![\\p{L}\\p{N}])';
  const after = UNSPACED_SCRIPT.test(lastChar) ? '' : '(?![\\p{L}\\p{N}])';
  return `${before}(?:${pattern})${after}`;
}

/** A name's words, folded; ", " and spaces separate them. */
export function nameTokens(name: string): string[] {
  return foldTerm(name)
    .split(/[\s,]+/u)
    .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((t) => t.length > 0);
}

/** The ways one name is written, as regex sources over folded text, longest first. */
function nameForms(name: string): string[] {
  const tokens = nameTokens(name);
  if (tokens.length === 0) return [];
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  const edge = (pattern: string, a: string, b: string) => bounded(pattern, a.charAt(0), b.charAt(b.length - 1));
  if (tokens.length === 1) return [edge(tokenPattern(first), first, first)];
  const forms = new Set<string>();
  forms.add(edge(tokens.map(tokenPattern).join(BETWEEN_NAMES), first, last));
  const surnames: string[][] = [[last]];
  // "García Márquez", "De la Cruz": a two-word surname is also written whole.
  if (tokens.length >= 3) surnames.push(tokens.slice(-2));
  let p = tokens.length - 2;
  while (p >= 1 && PARTICLES.has(tokens[p]!)) p--;
  if (p < tokens.length - 2) surnames.push(tokens.slice(p + 1));
  for (const surname of surnames) {
    const surnamePattern = surname.map(tokenPattern).join(BETWEEN_NAMES);
    forms.add(edge(`${tokenPattern(first)}${MIDDLE}[\\s._-]*${surnamePattern}`, first, last));
    forms.add(edge(`${surnamePattern}\\s*,\\s*${tokenPattern(first)}`, surname[0]!, first));
  }
  return [...forms];
}

/** Moderation checks one reviewer's reviews in a row; building the pattern costs more than running it. */
const PATTERN_CACHE = new Map<string, RegExp | null>();
const PATTERN_CACHE_SIZE = 256;

/** One regex for all of the reviewer's names, or null when there are none. */
export function ownNamePattern(names: readonly string[]): RegExp | null {
  const key = JSON.stringify(names);
  const cached = PATTERN_CACHE.get(key);
  if (cached !== undefined) return cached;
  const forms = names.flatMap(nameForms);
  forms.sort((a, b) => b.length - a.length);
  const pattern = forms.length === 0 ? null : new RegExp(forms.join('|'), 'gu');
  if (PATTERN_CACHE.size >= PATTERN_CACHE_SIZE) PATTERN_CACHE.delete(PATTERN_CACHE.keys().next().value!);
  PATTERN_CACHE.set(key, pattern);
  return pattern;
}

export function findNameSpans(f: string, names: readonly string[]): { start: number; end: number }[] {
  const pattern = ownNamePattern(names);
  if (!pattern) return [];
  const found: { start: number; end: number }[] = [];
  for (const m of f.matchAll(pattern)) {
    if (m[0].length > 0) found.push({ start: m.index, end: m.index + m[0].length });
  }
  return found;
}

