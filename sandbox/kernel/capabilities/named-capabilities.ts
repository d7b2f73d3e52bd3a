/**
 * Named coordinator capabilities a module was granted (`permissions.capabilities`): plain data is
 * copied into the guest at start, functions and an object's methods are called through the gate.
 */
import type { Coordinator } from "../../../src/contracts.ts";
import { describeError, KernelError } from "../../../src/errors.ts";
import type { CapabilitySnapshot } from "../../protocol.ts";

/** True for JSON-like data: primitives, arrays, and plain objects without methods. */
function isPlainData(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return !Object.values(value).some((item) => typeof item === "function");
}

/** The data (non-function) own properties of a capability object. */
function dataOf(value: object): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== "function" && !key.startsWith("_")) data[key] = item;
  }
  return data;
}

/** The methods a capability object offers: its functions, own or inherited, never private-looking ones. */
export function capabilityMethods(value: object): string[] {
  const names = new Set<string>();
  for (let level: object | null = value; level && level !== Object.prototype; level = Object.getPrototypeOf(level)) {
    for (const name of Object.getOwnPropertyNames(level)) {
      if (name === "constructor" || name.startsWith("_")) continue;
      const descriptor = Object.getOwnPropertyDescriptor(level, name);
      if (typeof descriptor?.value === "function") names.add(name);
    }
  }
  return [...names].sort();
}

/** Copies a JSON-compatible value, or fails naming the capability. */
export function jsonCopy(value: unknown, what: string): unknown {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new KernelError("invalid_result", `${what} is not JSON data: ${describeError(error)}`);
  }
  return text === undefined ? null : JSON.parse(text);
}

/** Snapshots of the granted capabilities as they are on the coordinator now. */
export function snapshotCapabilities(
  coordinator: Coordinator,
  granted: readonly string[],
): Record<string, CapabilitySnapshot> {
  const snapshots: Record<string, CapabilitySnapshot> = {};
  for (const name of granted) {
    const value: unknown = coordinator.get_capability(name);
    if (value === undefined) snapshots[name] = { kind: "absent" };
    else if (typeof value === "function") snapshots[name] = { kind: "function" };
    else if (isPlainData(value)) snapshots[name] = { kind: "value", value: jsonCopy(value, `capability "${name}"`) };
    else {
      const data = jsonCopy(dataOf(value as object), `capability "${name}"`) as Record<string, unknown>;
      snapshots[name] = { kind: "object", methods: capabilityMethods(value as object), data };
    }
  }
  return snapshots;
}

/**
 * Calls a granted capability (a function, or a method of a capability object) with JSON arguments.
 *
 * @throws KernelError `module_not_found` (absent), `invalid_argument` (not callable), `invalid_result`.
 */
export async function callCapability(
  coordinator: Coordinator,
  name: string,
  method: string | null,
  args: readonly unknown[],
): Promise<unknown> {
  const value: unknown = coordinator.get_capability(name);
  if (value === undefined) throw new KernelError("module_not_found", `capability "${name}" is not registered`);
  const label = method === null ? `capability "${name}"` : `capability "${name}".${method}`;
  if (method === null) {
    if (typeof value !== "function") throw new KernelError("invalid_argument", `${label} is not a function`);
    return jsonCopy(await (value as (...input: unknown[]) => unknown)(...args), `the result of ${label}`);
  }
  if (value === null || typeof value !== "object" || !capabilityMethods(value).includes(method)) {
    throw new KernelError("invalid_argument", `${label} is not a method it offers`);
  }
  const target = value as Record<string, (...input: unknown[]) => unknown>;
  return jsonCopy(await target[method]!(...args), `the result of ${label}`);
}
