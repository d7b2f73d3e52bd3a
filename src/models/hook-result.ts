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
  if (isPlainContinue(input)) {
    const data = input.data;
    return data === undefined ? { ...CONTINUE_DEFAULTS } : { ...CONTINUE_DEFAULTS, data: { ...data } };
  }
  return hookResultSchema.parse(input);
}

/** Every defaulted field of a `continue` result (what zod fills in for `{}`). */
const CONTINUE_DEFAULTS: HookResult = Object.freeze(hookResultSchema.parse({}));

/**
 * True for `{}`, `{ action: "continue" }` and either with a plain `data` object: the results every
 * emit without handlers builds (several per step of every turn), which need no schema walk.
 */
function isPlainContinue(input: HookResultInput): boolean {
  for (const key in input) {
    if (key !== "action" && key !== "data") return false;
  }
  if (input.action !== undefined && input.action !== "continue") return false;
  const data: unknown = input.data;
  return (
    data === undefined ||
    (typeof data === "object" &&
      data !== null &&
      !Array.isArray(data) &&
      Object.getPrototypeOf(data) === Object.prototype)
  );
}
