/**
 * Station changes in words, for people: "2 address changes", never
 * `address.update`. Keyed by mutator name; a name not listed reads as
 * "other change", so a new mutator can never show its code.
 */
const WORDS: Record<string, readonly [one: string, many: string]> = {
  'address.update': ['address change', 'address changes'],
  'audit.record': ['activity record', 'activity records'],
  'customer.updateContact': ['contact change', 'contact changes'],
  'customer.addNote': ['call note', 'call notes'],
  'distributionCenter.setPostal': ['postal set-up change', 'postal set-up changes'],
  'labelEvent.record': ['label record', 'label records'],
  'scanMismatch.record': ['wrong disc counted', 'wrong discs counted'],
  'preferences.set': ['preference change', 'preference changes'],
  'shipment.checkIn': ['return checked in', 'returns checked in'],
  'shipment.packAndLabel': ['order packed', 'orders packed'],
  'shipment.reportProblem': ['order problem reported', 'order problems reported'],
  'shipment.decideProblem': ['replacement decision', 'replacement decisions'],
  'shipment.requeue': ['order put back in the queue', 'orders put back in the queue'],
  'shipment.markShipped': ['order marked shipped', 'orders marked shipped'],
  'shipment.void': ['label voided', 'labels voided'],
};

export function changeWords(name: string, count: number): string {
  const [one, many] = WORDS[name] ?? ['other change', 'other changes'];
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** "1 order packed, 2 address changes" (largest first), or "" for nothing. */
export function waitingInWords(waiting: ReadonlyArray<{ name: string; count: number }>): string {
  return [...waiting]
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .map((w) => changeWords(w.name, w.count))
    .join(', ');
}

export const KNOWN_CHANGE_NAMES = Object.keys(WORDS);
