/**
 * An empty object to key by names that come from data or configs (columns, features, outputs,
 * labels). It has no prototype, so `__proto__` is an ordinary key (on `{}`, assigning it replaces
 * the prototype and the entry is lost) and an absent `constructor` or `toString` reads as undefined,
 * not as Object's function. JSON.stringify writes it like any object.
 */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
