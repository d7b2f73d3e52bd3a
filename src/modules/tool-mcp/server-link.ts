/**
 * One MCP server, for the life of a session: connected at mount, its tools mounted as kernel
 * tools and kept in step with `tools/list_changed`, calls with progress and cancellation, and a
 * lost connection retried with backoff on the injected scheduler. Its events: `mcp:connected`,
 * `mcp:disconnected`, `mcp:reconnecting`, `mcp:tools_changed`, `mcp:progress`, `mcp:error`.
 */
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  type CallToolResult,
  type Tool as McpToolSpec,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { Coordinator } from "../../contracts.ts";
import { describeError, KernelError } from "../../errors.ts";
import { type ToolResult, toolFailure } from "../../models/index.ts";
import { schemaSafetyProblem } from "../../models/schema-safety.ts";
import type { ApprovalMarks } from "./approval-marks.ts";
import { backoffDelay, type Scheduler } from "./backoff.ts";
import type { McpServerConfig, ReconnectPolicy } from "./config.ts";
import type { ToolMcpOptions } from "./host-seam.ts";
import { McpTool, type ToolCaller } from "./mcp-tool.ts";
import { type OpenClient, openClient } from "./open-client.ts";
import { ToolNaming } from "./tool-names.ts";
import { mcpToolResult } from "./tool-result.ts";

/** What a link is made from. */
export interface ServerLinkOptions {
  readonly server: McpServerConfig;
  /** Where the server is in the plan (`config.servers[0]`). */
  readonly where: string;
  readonly moduleId: string;
  readonly coordinator: Coordinator;
  readonly host: ToolMcpOptions;
  readonly reconnect: ReconnectPolicy;
  readonly scheduler: Scheduler;
  readonly approvals: ApprovalMarks;
}

/** Pages of `tools/list` read at most, and tools kept at most: a server cannot make the host list forever. */
const MAX_PAGES = 50;
const MAX_TOOLS = 1000;

/** The connection to one server, and its mounted tools. */
export class ServerLink implements ToolCaller {
  readonly #options: ServerLinkOptions;
  readonly #naming: ToolNaming;
  #open: OpenClient | undefined;
  #connecting: Promise<void> | undefined;
  /** Bumped at every connect and loss, so a stale client's callbacks are ignored. */
  #generation = 0;
  #tools = new Map<string, McpTool>();
  #cancelRetry: (() => void) | undefined;
  /** The tool list being read again after `tools/list_changed`, if any. */
  #refreshing: Promise<void> | undefined;
  /** Attempts that failed since the connection was lost. */
  #failedAttempts = 0;
  #closed = false;

  constructor(options: ServerLinkOptions) {
    this.#options = options;
    this.#naming = new ToolNaming(options.server);
  }

  get serverName(): string {
    return this.#options.server.name;
  }

  /**
   * Connects and mounts the server's tools.
   *
   * @throws KernelError naming the server: `capability_denied`, `invalid_config`, or `mount_failed`.
   */
  async start(): Promise<void> {
    try {
      await this.#connect();
    } catch (error) {
      const { server, where } = this.#options;
      const target = "url" in server ? server.url : server.command;
      const code = KernelError.is(error) ? error.code : "mount_failed";
      throw new KernelError(code, `tool-mcp: ${where} ("${server.name}", ${target}): ${describeError(error)}`, {
        cause: error,
        data: { server: server.name },
      });
    }
    this.#connected(0);
  }

  /** Calls one of this server's tools; never throws. A call while the connection is lost tries to reconnect first. */
  async call(tool: McpTool, input: Record<string, unknown>, signal: AbortSignal | undefined): Promise<ToolResult> {
    if (this.#open === undefined && !this.#closed) await this.#connectNow();
    const first = await this.#callOnce(tool, input, signal);
    if (!(first instanceof Error)) return first;
    // 404: the server no longer knows the session (it restarted); the call never ran, so after a new session it may run once.
    if (first instanceof StreamableHTTPError && first.code === 404 && !signal?.aborted) {
      this.#lost(this.#generation, "the server no longer knows this session", false);
      const reconnected = await this.#connectNow();
      if (reconnected) {
        const second = await this.#callOnce(tool, input, signal);
        if (!(second instanceof Error)) return second;
        return this.#failure(tool, second, signal);
      }
    }
    return this.#failure(tool, first, signal);
  }

  /** Unmounts the tools, stops retrying and ends the session on the server. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#generation += 1;
    this.#cancelRetry?.();
    const open = this.#open;
    this.#open = undefined;
    for (const name of this.#tools.keys()) await this.#unmount(name);
    this.#tools.clear();
    await open?.close();
  }

  async #callOnce(tool: McpTool, input: Record<string, unknown>, signal: AbortSignal | undefined) {
    const open = this.#open;
    if (!open) {
      return toolFailure(
        `${tool.name}: the MCP server "${this.serverName}" is not connected; it is being reconnected`,
        {
          type: "mcp_disconnected",
        },
      );
    }
    try {
      const result = (await open.client.callTool({ name: tool.mcpName, arguments: input }, undefined, {
        ...(signal === undefined ? {} : { signal }),
        timeout: this.#options.server.timeout_ms,
        resetTimeoutOnProgress: true,
        onprogress: (progress) =>
          this.#emit("mcp:progress", {
            tool_name: tool.name,
            mcp_tool: tool.mcpName,
            progress: progress.progress,
            ...(progress.total === undefined ? {} : { total: progress.total }),
            ...(progress.message === undefined ? {} : { message: progress.message }),
          }),
      })) as CallToolResult;
      // A call that changed the server's tools returns once the new list is mounted: the next turn sees it.
      await this.#refreshing;
      return mcpToolResult(result, tool.name);
    } catch (error) {
      return error instanceof Error ? error : new Error(describeError(error));
    }
  }

  #failure(tool: McpTool, error: Error, signal: AbortSignal | undefined): ToolResult {
    if (signal?.aborted) return toolFailure(`${tool.name} was cancelled`, { type: "cancelled" });
    // A fetch that failed outright (no answer at all) means the connection is gone.
    if (error instanceof TypeError || KernelError.is(error, "execution_failed")) {
      this.#lost(this.#generation, describeError(error));
    }
    return toolFailure(`${tool.name}: ${describeError(error)}`, { type: "mcp_error" });
  }

  #connect(): Promise<void> {
    this.#connecting ??= this.#openAndList().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #openAndList(): Promise<void> {
    this.#generation += 1;
    const generation = this.#generation;
    const { server, where, moduleId, coordinator, host } = this.#options;
    const open = await openClient(server, {
      options: host,
      coordinator,
      moduleId,
      where,
      onStreamEnded: () => this.#lost(generation, "the server's event stream ended"),
    });
    if (this.#closed || generation !== this.#generation) {
      await open.close();
      return;
    }
    open.client.onclose = () => this.#lost(generation, "the connection closed");
    open.client.setNotificationHandler(ToolListChangedNotificationSchema, () => this.#refresh(generation));
    try {
      const tools = await this.#list(open);
      await open.serverStream();
      this.#open = open;
      await this.#sync(tools);
    } catch (error) {
      await open.close();
      throw error;
    }
  }

  async #list(open: OpenClient): Promise<McpToolSpec[]> {
    const tools: McpToolSpec[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES && tools.length < MAX_TOOLS; page += 1) {
      const listed = await open.client.listTools(cursor === undefined ? undefined : { cursor }, {
        timeout: this.#options.server.timeout_ms,
      });
      tools.push(...listed.tools);
      cursor = listed.nextCursor;
      if (cursor === undefined) break;
    }
    return tools.slice(0, MAX_TOOLS);
  }

  /** Mounts what is new or changed, unmounts what is gone; returns what changed. */
  async #sync(specs: readonly McpToolSpec[]): Promise<{ added: string[]; removed: string[]; skipped: object[] }> {
    const { coordinator, approvals, server } = this.#options;
    const next = new Map<string, McpTool>();
    const skipped: { tool: string; reason: string }[] = [];
    for (const spec of specs) {
      if (!this.#naming.isMounted(spec.name)) continue;
      const name = this.#naming.kernelName(spec.name);
      const unsafe = schemaSafetyProblem(spec.inputSchema);
      const owner = coordinator.get("tools", name);
      const reason = unsafe
        ? `its input schema ${unsafe}`
        : next.has(name)
          ? `another tool of this server is already mounted as ${name}`
          : owner !== undefined && !this.#tools.has(name)
            ? `a tool named ${name} is already mounted`
            : undefined;
      if (reason) {
        skipped.push({ tool: spec.name, reason });
        continue;
      }
      const current = this.#tools.get(name);
      next.set(name, current && sameSpec(current.spec, spec) ? current : new McpTool(name, spec, this));
    }
    const removed = [...this.#tools].filter(([name, tool]) => next.get(name) !== tool).map(([name]) => name);
    const added = [...next].filter(([name, tool]) => this.#tools.get(name) !== tool).map(([name]) => name);
    for (const name of removed) await this.#unmount(name);
    for (const name of added) {
      const tool = next.get(name)!;
      await coordinator.mount("tools", tool, { name });
      approvals.set(name, needsApproval(server.approval, tool));
    }
    this.#tools = next;
    if (skipped.length > 0) this.#emit("mcp:tools_skipped", { skipped });
    return { added, removed: removed.filter((name) => !next.has(name)), skipped };
  }

  async #unmount(name: string): Promise<void> {
    this.#options.approvals.set(name, false);
    if (this.#options.coordinator.get("tools", name) === this.#tools.get(name)) {
      await this.#options.coordinator.unmount("tools", { name }).catch(() => undefined);
    }
  }

  #refresh(generation: number): void {
    const open = this.#open;
    if (!open || generation !== this.#generation) return;
    const previous = this.#refreshing ?? Promise.resolve();
    const refreshing = previous.then(async () => {
      try {
        const tools = await this.#list(open);
        if (generation !== this.#generation) return;
        const changed = await this.#sync(tools);
        this.#emit("mcp:tools_changed", {
          added: changed.added,
          removed: changed.removed,
          tools: [...this.#tools.keys()],
        });
      } catch (error) {
        this.#emit("mcp:error", { error: `listing tools failed: ${describeError(error)}` });
      }
    });
    this.#refreshing = refreshing;
    void refreshing.finally(() => {
      if (this.#refreshing === refreshing) this.#refreshing = undefined;
    });
  }

  /** The connection of `generation` is gone: drop it and retry later (or now, for a 404). */
  #lost(generation: number, reason: string, retryLater = true): void {
    if (this.#closed || generation !== this.#generation || this.#open === undefined) return;
    this.#generation += 1;
    const open = this.#open;
    this.#open = undefined;
    this.#failedAttempts = 0;
    void open.close();
    this.#emit("mcp:disconnected", { reason });
    if (retryLater) this.#retryLater();
  }

  /** Schedules the next attempt after the backoff delay of the attempts failed so far. */
  #retryLater(): void {
    this.#cancelRetry?.();
    this.#cancelRetry = undefined;
    const attempt = this.#failedAttempts;
    const delay = backoffDelay(this.#options.reconnect, attempt);
    if (delay === undefined) {
      this.#emit("mcp:error", { error: `gave up reconnecting after ${attempt} attempts`, attempts: attempt });
      return;
    }
    this.#emit("mcp:reconnecting", { attempt: attempt + 1, delay_ms: delay });
    this.#cancelRetry = this.#options.scheduler.schedule(delay, () => {
      this.#cancelRetry = undefined;
      if (this.#open === undefined) void this.#connectNow();
    });
  }

  /** One attempt, now (a retry already scheduled is dropped); true when connected. */
  async #connectNow(): Promise<boolean> {
    if (this.#closed) return false;
    if (this.#connecting) {
      await this.#connecting.catch(() => undefined);
      return this.#open !== undefined;
    }
    this.#cancelRetry?.();
    this.#cancelRetry = undefined;
    const attempt = this.#failedAttempts + 1;
    try {
      await this.#connect();
    } catch (error) {
      if (this.#closed) return false;
      this.#failedAttempts = attempt;
      const permanent = KernelError.is(error, "capability_denied") || KernelError.is(error, "invalid_config");
      this.#emit("mcp:error", { error: describeError(error), attempt, permanent });
      if (!permanent) this.#retryLater();
      return false;
    }
    this.#failedAttempts = 0;
    this.#connected(attempt);
    return !this.#closed;
  }

  #connected(attempt: number): void {
    this.#emit("mcp:connected", {
      transport: this.#open?.kind,
      tools: [...this.#tools.keys()],
      reconnected: attempt > 0,
      ...(attempt > 0 ? { attempt } : {}),
    });
  }

  #emit(event: string, data: Record<string, unknown>): void {
    void this.#options.coordinator.hooks.emit(event, { server: this.serverName, ...data }).catch(() => undefined);
  }
}

function sameSpec(left: McpToolSpec, right: McpToolSpec): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

function needsApproval(approval: McpServerConfig["approval"], tool: McpTool): boolean {
  if (approval === "always") return true;
  if (approval === "never") return false;
  return approval.includes(tool.mcpName) || approval.includes(tool.name);
}
