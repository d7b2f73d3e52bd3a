// @ts-check
/**
 * The guest SDK: the virtual `amplifier-core` module a sandboxed module imports. Its ToolResult and
 * HookResult carry the same fields and defaults as the kernel's models (`src/models/tool-result.ts`,
 * `src/models/hook-result.ts`); the host validates them again.
 */

const HOOK_DEFAULTS = {
  action: "continue",
  context_injection_role: "system",
  ephemeral: false,
  approval_timeout: 300,
  approval_default: "deny",
  suppress_output: false,
  user_message_level: "info",
  append_to_last_tool_result: false,
};

/**
 * @param {any} target
 * @param {unknown} fields
 */
function copyFields(target, fields) {
  if (fields === null || typeof fields !== "object") return;
  for (const key of Object.keys(fields)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
    const value = /** @type {any} */ (fields)[key];
    if (value !== undefined) target[key] = value;
  }
}

/** @param {unknown} output */
function describeOutput(output) {
  if (typeof output === "object") {
    try {
      return JSON.stringify(output);
    } catch {
      return String(output);
    }
  }
  return String(output);
}

/** What a tool returns: { success, output, error }. A failure with no output shows error.message. */
export class ToolResult {
  constructor(fields = {}) {
    // biome-ignore lint/complexity/noUselessThisAlias: the fields are the caller's; the alias types them for checkJs
    const self = /** @type {any} */ (this);
    self.success = true;
    copyFields(self, fields);
    self.success = self.success !== false;
    if (!self.success && (self.output === undefined || self.output === null) && self.error?.message) {
      self.output = self.error.message;
    }
  }
  static ok(output) {
    return new ToolResult({ success: true, output });
  }
  static error(message, details = {}) {
    return new ToolResult({ success: false, error: { ...details, message: String(message) } });
  }
  /** The text a model sees for this result. */
  get_serialized_output() {
    // biome-ignore lint/complexity/noUselessThisAlias: the fields are the caller's; the alias types them for checkJs
    const self = /** @type {any} */ (this);
    if (self.output !== undefined && self.output !== null) return describeOutput(self.output);
    if (!self.success) return self.error?.message ? "Error: " + self.error.message : "Failed";
    return "Success";
  }
}

/** What a hook handler returns; every field has the kernel's default. */
export class HookResult {
  constructor(fields = {}) {
    copyFields(this, HOOK_DEFAULTS);
    copyFields(this, fields);
  }
  static continue(data) {
    return new HookResult(data === undefined ? {} : { data });
  }
  static deny(reason) {
    return new HookResult({ action: "deny", reason: String(reason) });
  }
  static modify(data) {
    return new HookResult({ action: "modify", data });
  }
  static inject_context(text, options = {}) {
    return new HookResult({ ...options, action: "inject_context", context_injection: String(text) });
  }
  static ask_user(prompt, options = {}) {
    return new HookResult({ ...options, action: "ask_user", approval_prompt: String(prompt) });
  }
}

/** The hook actions a handler may return. */
export const HOOK_ACTIONS = Object.freeze(["continue", "deny", "modify", "inject_context", "ask_user"]);

/** True when an error thrown by the coordinator carries the given code. */
export function isKernelError(error, code) {
  return (
    error !== null &&
    typeof error === "object" &&
    error.name === "KernelError" &&
    (code === undefined || error.code === code)
  );
}
