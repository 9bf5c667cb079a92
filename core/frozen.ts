/**
 * Frozen through and through: for a value worked out once and handed to
 * every caller (a DC's label parts, the parsed station settings), so no
 * caller can change it under the others; a write throws instead.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
