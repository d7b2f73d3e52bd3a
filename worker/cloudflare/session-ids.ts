/** Unguessable ids: 128 random bits as 32 lowercase hex digits (session ids, approval request ids). */

/** What the routes accept as an id: injected id generators must produce ids of this shape. */
const ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9_-]{7,127}$/;

/** A new 128-bit random id from the platform's CSPRNG. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** True for a string the routes accept as an id (8–128 characters of `A–Z a–z 0–9 _ -`, starting with a letter or digit). */
export function hasIdShape(value: string): boolean {
  return ID_SHAPE.test(value);
}
