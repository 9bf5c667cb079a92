/**
 * Files the desk's new name words under their deletion variants (migration
 * 063): the triggers on `customers` keep which words exist and how many names
 * use each, but folding a word ("ægir" is "aegir") is JavaScript, the same
 * `foldName` the search compares with (core/lookup/name-search.ts).
 *
 * Run after the writes that bring names, in their transaction (a pull page,
 * a local change to a customer, a customer fetched from the central office, a
 * seed), and when the station opens (the words migration 063 found). Missing
 * a run costs speed, never a result: the search reads a word not yet filed as
 * it is. Constant SQL with the words as one JSON parameter
 * per chunk, prepared on the writer's connection: an initial sync files its
 * whole vocabulary in a handful of statements.
 */
import { deletionVariants, foldName } from '../../core/lookup/name-search';
import { preparedAll, preparedRun, type Db } from './prepared';

const UNFILED = 'SELECT word FROM name_words WHERE folded IS NULL';
const FILE_VARIANTS = `INSERT INTO name_word_variants (variant, word) SELECT value ->> 0, value ->> 1 FROM json_each(?) WHERE true ON CONFLICT DO NOTHING`;
const MARK_FILED = `UPDATE name_words SET folded = j.value ->> 1 FROM json_each(?) j WHERE name_words.word = j.value ->> 0`;
/** Words per statement pair: a few thousand variants, well inside one statement's memory. */
const CHUNK = 500;

/** Files every word not yet filed; resolves to how many. */
export async function fileNewNameWords(db: Db): Promise<number> {
  const words = (await preparedAll<{ word: string }>(db, UNFILED)).map((r) => r.word);
  for (let i = 0; i < words.length; i += CHUNK) {
    const chunk = words.slice(i, i + CHUNK).map((word) => [word, foldName(word)] as const);
    await preparedRun(db, FILE_VARIANTS, [JSON.stringify(chunk.flatMap(([word, folded]) => deletionVariants(folded).map((v) => [v, word])))]);
    await preparedRun(db, MARK_FILED, [JSON.stringify(chunk)]);
  }
  return words.length;
}
