/**
 * What must hold on the host after any case: its built-in prototypes and globals untouched, a fresh
 * sandbox still evaluates code, and no credential appears in anything a guest or model could see.
 */

import { secretForms } from "../../../sandbox/kernel/capabilities/secrets.ts";
import { evaluateModuleDefault } from "../../../sandbox/runner/evaluate.ts";
import { CORPUS_SECRET } from "./fake-network.ts";

const WATCHED: Readonly<Record<string, object>> = {
  "Object.prototype": Object.prototype,
  "Array.prototype": Array.prototype,
  "Function.prototype": Function.prototype,
  "String.prototype": String.prototype,
  "Promise.prototype": Promise.prototype,
  "Error.prototype": Error.prototype,
  JSON,
};

/** The own keys of the host's built-ins, to compare before and after a case. */
export function snapshotHost(): Record<string, string[]> {
  const snapshot = Object.fromEntries(
    Object.entries(WATCHED).map(([name, target]) => [name, Reflect.ownKeys(target).map(String).sort()]),
  );
  // The runtime itself adds symbols to the global object lazily (undici's dispatcher): names only.
  return { ...snapshot, globalThis: Object.getOwnPropertyNames(globalThis).sort() };
}

/** Differences between two snapshots, as readable lines. */
export function hostChanges(before: Record<string, string[]>, after: Record<string, string[]>): string[] {
  const changes: string[] = [];
  for (const [name, keys] of Object.entries(after)) {
    const known = new Set(before[name] ?? []);
    const added = keys.filter((key) => !known.has(key));
    const removed = (before[name] ?? []).filter((key) => !keys.includes(key));
    if (added.length > 0) changes.push(`${name} gained ${added.join(", ")}`);
    if (removed.length > 0) changes.push(`${name} lost ${removed.join(", ")}`);
  }
  const probe: Record<string, unknown> = {};
  for (const key of ["polluted", "isAdmin", "hacked", "toJSON"]) {
    if (probe[key] !== undefined) changes.push(`every object now has ${key}`);
  }
  if (JSON.stringify({ a: [1] }) !== '{"a":[1]}') changes.push("JSON.stringify no longer behaves");
  return changes;
}

/** Fails unless a brand-new sandbox on this thread evaluates code. */
export async function assertEngineAlive(wasmModule: WebAssembly.Module): Promise<void> {
  const answer = await evaluateModuleDefault(wasmModule, "export default [6 * 7, typeof process];");
  if (JSON.stringify(answer) !== '[42,"undefined"]')
    throw new Error(`a fresh sandbox answered ${JSON.stringify(answer)}`);
}

/** Where the credential leaked to, if anywhere (checked over everything observable, as JSON). */
const CREDENTIAL_FORMS = secretForms(CORPUS_SECRET);

export function secretLeaks(observable: Readonly<Record<string, unknown>>): string[] {
  const leaks: string[] = [];
  for (const [where, value] of Object.entries(observable)) {
    let text: string;
    try {
      text = JSON.stringify(value) ?? "";
    } catch {
      text = String(value);
    }
    const lower = text.toLowerCase();
    // The credential in any form a server or URL parser may turn it into, not just as it was sent.
    if (CREDENTIAL_FORMS.some((form) => lower.includes(form.toLowerCase()))) leaks.push(where);
  }
  return leaks;
}
