/** What `protocol_compliance` says per module type, in the original validators' words. */
import type { ModuleType } from "../models/index.ts";

type AnyRecord = Record<string, unknown>;

/** The messages and interface test of one module type. */
export interface ProtocolMessages {
  /** True when the object has what the type's interface needs. */
  implements(module: AnyRecord): boolean;
  /** A mounted module that implements the interface (named for tools and providers). */
  implemented(name: string | undefined): string;
  /** A mounted module that lacks part of the interface. */
  notImplemented(name: string | undefined): string;
  /** mount() returned the module instead of mounting it. */
  returned: string;
  /** mount() returned only a cleanup and mounted nothing (a passing warning). */
  cleanupOnly: string;
  /** Nothing mounted, nothing returned. */
  nothing: string;
}

const has = (module: AnyRecord, keys: readonly string[]) => keys.every((key) => module[key] !== undefined);
const callable = (module: AnyRecord, methods: readonly string[]) =>
  methods.every((method) => typeof module[method] === "function");

const CONTEXT_METHODS = ["add_message", "get_messages_for_request", "get_messages", "set_messages", "clear"] as const;
const PROVIDER_METHODS = ["get_info", "list_models", "complete", "parse_tool_calls"] as const;

const MESSAGES: Readonly<Record<ModuleType, ProtocolMessages>> = {
  tool: {
    implements: (module) => has(module, ["name", "description"]) && callable(module, ["execute"]),
    implemented: (name) => `Tool '${name}' implements Tool interface`,
    notImplemented: (name) =>
      `Tool '${name}' does not implement Tool interface (missing name, description, or execute)`,
    returned: "mount() returned a valid Tool instance",
    cleanupOnly: "mount() returned a cleanup callable (no tool mounted yet - may be conditional)",
    nothing: "No tool was mounted and mount() did not return a Tool instance",
  },
  provider: {
    implements: (module) => has(module, ["name"]) && callable(module, PROVIDER_METHODS),
    implemented: (name) => `Provider '${name}' implements Provider interface`,
    notImplemented: (name) =>
      `Provider '${name}' does not implement Provider interface (missing name, get_info, list_models, complete, or parse_tool_calls)`,
    returned: "mount() returned a valid Provider instance",
    cleanupOnly: "mount() returned a cleanup callable (no provider mounted yet - may be conditional)",
    nothing: "No provider was mounted and mount() did not return a Provider instance",
  },
  orchestrator: {
    implements: (module) => callable(module, ["execute"]),
    implemented: () => "Orchestrator implements Orchestrator interface",
    notImplemented: () => "Mounted orchestrator does not implement Orchestrator interface (missing execute)",
    returned: "mount() returned a valid Orchestrator instance",
    cleanupOnly: "mount() returned a cleanup callable (no orchestrator mounted yet - may be conditional)",
    nothing: "No orchestrator was mounted and mount() did not return an Orchestrator instance",
  },
  context: {
    implements: (module) => callable(module, CONTEXT_METHODS),
    implemented: () => "Context implements ContextManager interface",
    notImplemented: () =>
      "Mounted context does not implement ContextManager interface (missing add_message, get_messages_for_request, get_messages, set_messages, or clear)",
    returned: "mount() returned a valid ContextManager instance",
    cleanupOnly: "mount() returned a cleanup callable (no context mounted yet - may be conditional)",
    nothing: "No context was mounted and mount() did not return a ContextManager instance",
  },
  hook: {
    // A hook module registers handlers; a returned object is not a registration.
    implements: (module) => module.handlers === true,
    implemented: () => "Hooks registered via coordinator.hooks.register()",
    notImplemented: () => "No hook was mounted and mount() did not return a HookHandler instance",
    returned: "mount() returned a valid HookHandler instance",
    cleanupOnly: "mount() returned a cleanup callable (hooks may be registered internally)",
    nothing: "No hook was mounted and mount() did not return a HookHandler instance",
  },
  resolver: {
    implements: (module) => callable(module, ["resolve"]) || callable(module, ["async_resolve"]),
    implemented: () => "Resolver implements ModuleSourceResolver interface",
    notImplemented: () => "Mounted resolver does not implement ModuleSourceResolver interface (missing resolve)",
    returned: "mount() returned a valid ModuleSourceResolver instance",
    cleanupOnly: "mount() returned a cleanup callable (no resolver mounted yet - may be conditional)",
    nothing: "No module source resolver was mounted and mount() did not return a ModuleSourceResolver instance",
  },
};

/** The protocol messages of a module type. */
export function protocolMessages(type: ModuleType): ProtocolMessages {
  return MESSAGES[type];
}
