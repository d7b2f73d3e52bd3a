/**
 * The mount plan the playground creates sessions from: the chosen provider, the built-in loop,
 * the persistent context and calculator, plus every module the user mounted (each in its own
 * sandbox with exactly the permissions granted) and every MCP server the user added (`tool-mcp`).
 * The plan is the truth: a stored session's plan tells which modules and servers it had, so a
 * resume after a reload rebuilds the lists from it.
 */
import type { ModuleType, MountPlanInput, WebModuleSource } from "amplifier-edge/web";
import { modelOf, type Settings } from "./settings-store.ts";

/** The `sandbox:` block the page writes for a module. */
export interface SandboxBlock {
  memory_mb: number;
  timeout_ms: number;
  /** `worker`: a Web Worker of its own, so a busy module never blocks the kernel and can be ended at once. */
  placement: "worker" | "inline";
  permissions?: {
    fetch?: string[];
    secrets?: { host: string; header: string; secret: string; format?: string }[];
    capabilities?: string[];
    transcript?: boolean;
    storage?: { quota_bytes: number };
    hooks?: string[];
    inject?: ("system" | "user" | "assistant")[];
    display?: boolean;
    approval?: boolean;
    names?: string[];
  };
}

/** A third-party module mounted in the playground's sessions. */
export interface MountedModule {
  /** Module id in the plan, unique among mounted modules. */
  readonly id: string;
  readonly type: ModuleType;
  readonly title: string;
  readonly source: WebModuleSource;
  readonly config: Record<string, unknown>;
  readonly sandbox: SandboxBlock;
  /** What inspection showed it mounts (tool and provider names). */
  readonly tools: readonly string[];
  readonly providers: readonly string[];
  /** The schemas of its tools as inspected, for calls the page writes (`call TOOL with {…}`, the Run tool form). */
  readonly toolSchemas?: Readonly<Record<string, Record<string, unknown>>>;
  readonly tryPrompt?: string;
}

/** An MCP server added by URL: its tools mount as `<name>_<tool>` through `tool-mcp`. */
export interface McpServerEntry {
  /** Unique among the servers; prefixes its tools. */
  readonly name: string;
  readonly url: string;
  /** The env name of its bearer token (the host sends it to the server's host only, and scrubs it). */
  readonly tokenSecret?: string;
  /** Ask before each call of its tools (through hooks-approval). */
  readonly approval: boolean;
}

/** Values of `${NAME}` in the plan, kept in memory (secrets and API keys). */
export type PlanEnv = Record<string, string>;

const SECTION: Record<string, "tools" | "hooks" | "providers" | undefined> = {
  tool: "tools",
  hook: "hooks",
  provider: "providers",
};

function entryOf(module: MountedModule): Record<string, unknown> {
  // In a plan, a bare string source is a path or URL: pasted code goes in as `{ inline }`.
  const source = typeof module.source === "string" ? { inline: module.source } : module.source;
  return { module: module.id, source, config: module.config, sandbox: module.sandbox };
}

function sourceOfEntry(source: unknown): WebModuleSource | undefined {
  if (!isRecord(source)) return undefined;
  if (typeof source.inline === "string") return source.inline;
  if (isRecord(source.files) && typeof source.entry === "string") {
    return { files: source.files as Record<string, string>, entry: source.entry };
  }
  return undefined;
}

function providerEntry(settings: Settings): Record<string, unknown> {
  if (settings.provider === "anthropic") {
    const config: Record<string, unknown> = { model: modelOf(settings) };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the plan's ${NAME} reference, filled from the env map
    if (settings.apiKey) config.api_key = "${ANTHROPIC_API_KEY}";
    if (settings.baseUrl) config.base_url = settings.baseUrl;
    else config.direct_browser_access = true;
    return { module: "provider-anthropic", config };
  }
  if (settings.provider === "openai") {
    const config: Record<string, unknown> = { model: modelOf(settings) };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the plan's ${NAME} reference, filled from the env map
    if (settings.apiKey) config.api_key = "${OPENAI_API_KEY}";
    if (settings.baseUrl) config.base_url = settings.baseUrl;
    return { module: "provider-openai", config };
  }
  return {
    module: "provider-mock",
    config: {
      context_window: settings.contextWindow,
      max_output_tokens: Math.min(8192, Math.max(256, Math.floor(settings.contextWindow / 8))),
    },
  };
}

function mcpEntry(servers: readonly McpServerEntry[]): Record<string, unknown> {
  return {
    module: "tool-mcp",
    config: {
      servers: servers.map((server) => ({
        name: server.name,
        url: server.url,
        approval: server.approval ? "always" : "never",
        ...(server.tokenSecret === undefined ? {} : { bearer_secret: server.tokenSecret }),
      })),
    },
  };
}

/** The plan and the env map for a new session. */
export function buildPlan(
  settings: Settings,
  mounted: readonly MountedModule[],
  secrets: PlanEnv,
  servers: readonly McpServerEntry[] = [],
): {
  plan: MountPlanInput;
  env: PlanEnv;
} {
  const of = (type: ModuleType) => mounted.filter((module) => module.type === type);
  const orchestrator = of("orchestrator").at(-1);
  const context = of("context").at(-1);
  const mountedTools = new Set(mounted.flatMap((module) => module.tools));
  const tools: Record<string, unknown>[] = mountedTools.has("calculator") ? [] : [{ module: "tool-calculator" }];
  // hooks-otel traces every turn for the Trace tab (the worker registers the tracer provider).
  // With approvals off, an MCP server marked for approval still gets asked about (its tools only).
  const asksForServers = !settings.approvals && servers.some((server) => server.approval);
  const hooks: Record<string, unknown>[] = [
    { module: "hooks-otel", config: { agent_name: "playground" } },
    ...(settings.approvals ? [{ module: "hooks-approval", config: { timeout: 600 } }] : []),
    ...(asksForServers ? [{ module: "hooks-approval", config: { tools: [], timeout: 600 } }] : []),
  ];
  const plan = {
    session: {
      orchestrator: orchestrator ? entryOf(orchestrator) : "loop-streaming",
      context: context ? entryOf(context) : "context-persistent",
      metadata: {
        playground: { modules: mounted.map(({ source: _source, ...rest }) => rest), mcp_servers: servers },
      },
    },
    orchestrator: { config: { max_iterations: 8 } },
    // A mounted provider goes first: with equal priority, the loop picks the first mounted.
    providers: [...of("provider").map(entryOf), providerEntry(settings)],
    tools: [...tools, ...of("tool").map(entryOf), ...(servers.length > 0 ? [mcpEntry(servers)] : [])],
    hooks: [...hooks, ...of("hook").map(entryOf)],
  };
  const env: PlanEnv = { ...secrets };
  if (settings.provider === "anthropic" && settings.apiKey) env.ANTHROPIC_API_KEY = settings.apiKey;
  if (settings.provider === "openai" && settings.apiKey) env.OPENAI_API_KEY = settings.apiKey;
  // Entries are built from the playground's own records; the worker parses and checks the plan.
  return { plan: plan as unknown as MountPlanInput, env };
}

/** The mounted modules recorded in a stored plan (empty for a plan the playground did not write). */
export function mountedFromPlan(plan: unknown): MountedModule[] {
  if (!isRecord(plan) || !isRecord(plan.session)) return [];
  const metadata = isRecord(plan.session.metadata) ? plan.session.metadata.playground : undefined;
  const recorded = isRecord(metadata) && Array.isArray(metadata.modules) ? metadata.modules.filter(isRecord) : [];
  const entries = [
    plan.session.orchestrator,
    plan.session.context,
    ...(["providers", "tools", "hooks"] as const).flatMap((key) => (Array.isArray(plan[key]) ? plan[key] : [])),
  ].filter(isRecord);
  const result: MountedModule[] = [];
  for (const info of recorded) {
    const entry = entries.find((candidate) => candidate.module === info.id && candidate.source !== undefined);
    const source = sourceOfEntry(entry?.source);
    if (source === undefined) continue;
    result.push({ ...(info as unknown as MountedModule), source });
  }
  return result;
}

/** The MCP servers recorded in a stored plan (empty for a plan the playground did not write). */
export function mcpServersFromPlan(plan: unknown): McpServerEntry[] {
  if (!isRecord(plan) || !isRecord(plan.session) || !isRecord(plan.session.metadata)) return [];
  const recorded = plan.session.metadata.playground;
  const servers = isRecord(recorded) && Array.isArray(recorded.mcp_servers) ? recorded.mcp_servers : [];
  return servers.flatMap((server) =>
    isRecord(server) && typeof server.name === "string" && typeof server.url === "string"
      ? [
          {
            name: server.name,
            url: server.url,
            approval: server.approval === true,
            ...(typeof server.tokenSecret === "string" ? { tokenSecret: server.tokenSecret } : {}),
          },
        ]
      : [],
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Which section a module of `type` goes to, for the UI's wording. */
export function sectionOf(type: ModuleType): string {
  return SECTION[type] ?? `session.${type}`;
}
