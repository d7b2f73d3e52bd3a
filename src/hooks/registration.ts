/**
 * The priority and name of a hook registration, read from either form a module may use: the
 * options object (`{ priority: 50, name: "late" }`) or the original's positional arguments
 * (`register(event, handler, 50, "late")`, as in Python and the Node binding). Anything else is
 * refused with a clear error: a priority the registry dropped would silently reorder handlers.
 */
import type { RegisterArguments } from "../contracts.ts";
import { KernelError } from "../errors.ts";

/** What a registration resolved to. */
export interface RegistrationSettings {
  readonly priority: number;
  readonly name: string | undefined;
}

const OPTION_KEYS: ReadonlySet<string> = new Set(["priority", "name"]);

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `the string "${value}"` : typeof value;
}

function checkPriority(event: string, priority: unknown): number {
  if (typeof priority !== "number" || !Number.isFinite(priority)) {
    throw new KernelError(
      "invalid_argument",
      `hooks.register("${event}"): priority must be a finite number, got ${describeValue(priority)}.`,
    );
  }
  return priority;
}

function checkName(event: string, name: unknown): string | undefined {
  if (name === undefined || name === null || name === "") return undefined;
  if (typeof name !== "string") {
    throw new KernelError(
      "invalid_argument",
      `hooks.register("${event}"): name must be a string, got ${describeValue(name)}.`,
    );
  }
  return name;
}

/**
 * Reads the priority (default 0) and name of a registration.
 *
 * @throws KernelError `invalid_argument` naming what was wrong: a non-finite priority, a name that
 *   is not a string, an unknown option key, or options of another type.
 */
export function registrationOf(event: string, args: RegisterArguments | readonly unknown[]): RegistrationSettings {
  const [first, second] = args;
  if (typeof first === "number") return { priority: checkPriority(event, first), name: checkName(event, second) };
  if (first === undefined || first === null) {
    if (args.length > 1 && second !== undefined && second !== null) {
      return { priority: 0, name: checkName(event, second) };
    }
    return { priority: 0, name: undefined };
  }
  if (typeof first !== "object" || Array.isArray(first)) {
    throw new KernelError(
      "invalid_argument",
      `hooks.register("${event}"): expected { priority, name } or a numeric priority, got ${describeValue(first)}.`,
    );
  }
  if (args.length > 1 && second !== undefined) {
    throw new KernelError(
      "invalid_argument",
      `hooks.register("${event}"): give the name inside the options object ({ priority, name }), not after it.`,
    );
  }
  const options = first as Record<string, unknown>;
  const unknown = Object.keys(options).filter((key) => !OPTION_KEYS.has(key));
  if (unknown.length > 0) {
    throw new KernelError(
      "invalid_argument",
      `hooks.register("${event}"): unknown option ${unknown.map((key) => `"${key}"`).join(", ")} (expected priority, name).`,
    );
  }
  return {
    priority: options.priority === undefined ? 0 : checkPriority(event, options.priority),
    name: checkName(event, options.name),
  };
}
