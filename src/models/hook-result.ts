import { z } from "zod";

/** What a hook asks the kernel to do. */
export const hookActionSchema = z.enum(["continue", "deny", "modify", "inject_context", "ask_user"]);

/** What a hook asks the kernel to do. */
export type HookAction = z.infer<typeof hookActionSchema>;

/**
 * The result of a hook handler, with every field of the original and its default. Unknown keys
 * are kept (the Rust kernel's `extensions`).
 */
export const hookResultSchema = z.looseObject({
  action: hookActionSchema.default("continue"),
  data: z.record(z.string(), z.unknown()).optional(),
  reason: z.string().optional(),
  context_injection: z.string().optional(),
  context_injection_role: z.enum(["system", "user", "assistant"]).default("system"),
  ephemeral: z.boolean().default(false),
  approval_prompt: z.string().optional(),
  /** Defaults to `["Allow", "Deny"]` when the kernel asks. */
  approval_options: z.array(z.string()).optional(),
  /** Seconds. */
  approval_timeout: z.number().nonnegative().default(300),
  approval_default: z.enum(["allow", "deny"]).default("deny"),
  suppress_output: z.boolean().default(false),
  user_message: z.string().optional(),
  user_message_level: z.enum(["info", "warning", "error"]).default("info"),
  /** Defaults to the hook's name when shown. */
  user_message_source: z.string().optional(),
  /** Only meaningful with an ephemeral `inject_context`. */
  append_to_last_tool_result: z.boolean().default(false),
});

/** A normalized hook result: every defaulted field is present. */
export type HookResult = z.output<typeof hookResultSchema>;

/** A hook result as a handler may write it (every field optional). */
export type HookResultInput = z.input<typeof hookResultSchema>;

/** The default approval options when a hook asks without any. */
export const DEFAULT_APPROVAL_OPTIONS: readonly string[] = Object.freeze(["Allow", "Deny"]);

/** The default approval prompt when a hook asks without one. */
export const DEFAULT_APPROVAL_PROMPT = "Allow this operation?";

/**
 * Builds a normalized HookResult.
 *
 * Throws zod's error when `input` is invalid; use `hookResultSchema.safeParse` to test a value.
 * @example
 * hookResult({ action: "deny", reason: "blocked by policy" });
 */
export function hookResult(input: HookResultInput = {}): HookResult {
  if (isPlainContinue(input)) return continueResult(input.data);
  return hookResultSchema.parse(input);
}

/**
 * `hookResultSchema.safeParse(input)`, without the schema walk for plain `continue` results (what
 * most handlers return and what every emit without handlers produces).
 */
export function safeParseHookResult(input: unknown): z.ZodSafeParseResult<HookResult> {
  if (typeof input === "object" && input !== null && isPlainContinue(input)) {
    return { success: true, data: continueResult((input as { data?: Record<string, unknown> }).data) };
  }
  return hookResultSchema.safeParse(input);
}

/** Every defaulted field of a `continue` result (what zod fills in for `{}`). */
const CONTINUE_DEFAULTS: Readonly<Record<string, unknown>> = Object.freeze(hookResultSchema.parse({}));

function continueResult(data: Record<string, unknown> | undefined): HookResult {
  return (data === undefined ? { ...CONTINUE_DEFAULTS } : { ...CONTINUE_DEFAULTS, data: { ...data } }) as HookResult;
}

/**
 * True when the schema would only fill in defaults: `action` is `continue` (or absent), every other
 * field is one with a default and holds that default (or is absent), and `data` is a plain object.
 * Several such results are built and checked per step of every turn.
 */
function isPlainContinue(input: object): boolean {
  // Only a plain object can be a result; an array, a Date or a Map has no own keys yet is invalid.
  const prototype = Object.getPrototypeOf(input);
  if (Array.isArray(input) || (prototype !== Object.prototype && prototype !== null)) return false;
  const fields = input as Record<string, unknown>;
  for (const key in fields) {
    if (key === "data") continue;
    if (!Object.hasOwn(CONTINUE_DEFAULTS, key)) return false;
    const value = fields[key];
    if (value !== undefined && value !== CONTINUE_DEFAULTS[key]) return false;
  }
  const data = fields.data;
  return (
    data === undefined ||
    (typeof data === "object" &&
      data !== null &&
      !Array.isArray(data) &&
      Object.getPrototypeOf(data) === Object.prototype)
  );
}
