/**
 * The names a server's tools are mounted under: the plan's own name for a tool, or the server's
 * name with a prefix (`docs_search`), cut to what every provider accepts (`[A-Za-z0-9_-]{1,64}`),
 * so a server cannot pick a name that collides with another server's or with a built-in tool.
 */
import { globMatcher } from "../shared/glob.ts";
import type { McpServerConfig } from "./config.ts";

const MAX_TOOL_NAME = 64;

/** Decides which of a server's tools are mounted, and under which name. */
export class ToolNaming {
  readonly #server: McpServerConfig;
  readonly #included: (name: string) => boolean;
  readonly #excluded: (name: string) => boolean;

  constructor(server: McpServerConfig) {
    this.#server = server;
    this.#included = server.include === undefined ? () => true : globMatcher(server.include);
    this.#excluded = globMatcher(server.exclude);
  }

  /** True when the plan lets the server's tool `name` be mounted. */
  isMounted(name: string): boolean {
    return this.#included(name) && !this.#excluded(name);
  }

  /** The kernel name of the server's tool `name`. */
  kernelName(name: string): string {
    const mapped = Object.hasOwn(this.#server.tool_names, name) ? this.#server.tool_names[name] : undefined;
    if (mapped !== undefined) return mapped;
    const prefix = this.#server.tool_prefix ?? `${this.#server.name}_`;
    return `${prefix}${name}`.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, MAX_TOOL_NAME);
  }
}
