/**
 * `tool-web`: the `web_fetch` tool. http(s) only; private, loopback and link-local addresses are
 * refused however they are spelled (see `address.ts`); an optional allow-list and a block-list;
 * size and time limits; redirects followed by hand and re-checked at every hop. `fetch` is
 * injectable with {@link createToolWeb}. The original's `web_search` is left out: it fell back to
 * fake results on error, and a search back end needs credentials this module does not hold.
 */
import { z } from "zod";
import type { CallOptions, ModuleDefinition, Tool } from "../../contracts.ts";
import { describeError } from "../../errors.ts";
import { type ToolResult, toolFailure, toolSuccess } from "../../models/index.ts";
import { parseModuleConfig } from "../shared/config.ts";
import { parseToolInput } from "../shared/tool-input.ts";
import { type FetchFunction, type FetchPolicy, FetchRefused, guardedFetch } from "./fetcher.ts";
import { htmlToText } from "./html-text.ts";

/** Config of `tool-web`. `timeout` is in seconds, as in the original. */
export const webConfigSchema = z.strictObject({
  allowed_domains: z.array(z.string().min(1)).optional(),
  blocked_domains: z.array(z.string().min(1)).default([]),
  timeout: z.number().positive().max(300).default(10),
  max_bytes: z.number().int().positive().default(1_048_576),
  max_redirects: z.number().int().nonnegative().max(20).default(5),
  extract_text: z.boolean().default(true),
  user_agent: z.string().min(1).default("amplifier-edge web_fetch"),
});

/** Parsed config of `tool-web`. */
export type WebConfig = z.output<typeof webConfigSchema>;

const inputSchema = z.object({
  url: z.string().min(1),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().default(204_800),
});

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|xhtml\+xml|javascript|ld\+json|rss\+xml|atom\+xml)|image\/svg\+xml)/i;

/** The `web_fetch` tool. */
export class WebFetchTool implements Tool {
  readonly name = "web_fetch";
  readonly description =
    "Fetch a public web page over http(s) and return its text. Private and local network addresses are refused. " +
    "Use offset and limit (characters) to page through long pages.";
  readonly input_schema = {
    type: "object",
    properties: {
      url: { type: "string", description: "The http or https URL to fetch" },
      offset: { type: "integer", minimum: 0, description: "Character offset to start from (default 0)" },
      limit: { type: "integer", minimum: 1, description: "Maximum characters to return (default 204800)" },
    },
    required: ["url"],
  };
  readonly #policy: FetchPolicy;

  constructor(
    private readonly config: WebConfig,
    private readonly fetchFunction: FetchFunction,
  ) {
    this.#policy = {
      allowed_domains: config.allowed_domains,
      blocked_domains: config.blocked_domains,
      max_bytes: config.max_bytes,
      timeout_ms: Math.round(config.timeout * 1000),
      max_redirects: config.max_redirects,
      user_agent: config.user_agent,
    };
  }

  async execute(input: Record<string, unknown>, options: CallOptions = {}): Promise<ToolResult> {
    const parsed = parseToolInput(this.name, inputSchema, input);
    if (!parsed.ok) return parsed.result;
    const { url, offset, limit } = parsed.value;
    try {
      const page = await guardedFetch(this.fetchFunction, url, this.#policy, options.signal);
      if (page.status < 200 || page.status >= 300) {
        return toolFailure(`web_fetch: HTTP ${page.status} from ${page.final_url}`, { type: "http_error" });
      }
      if (page.content_type !== "" && !TEXT_TYPES.test(page.content_type)) {
        return toolFailure(`web_fetch: ${page.final_url} is ${page.content_type}, not text; nothing to read`, {
          type: "binary_content",
        });
      }
      const decoded = decode(page.body, page.content_type);
      const isHtml = /html/i.test(page.content_type) || (page.content_type === "" && /^\s*</.test(decoded));
      const text = this.config.extract_text && isHtml ? htmlToText(decoded) : decoded;
      const content = text.slice(offset, offset + limit);
      return toolSuccess({
        url,
        final_url: page.final_url,
        status: page.status,
        content_type: page.content_type,
        content,
        offset,
        total_chars: text.length,
        has_more: offset + limit < text.length,
        truncated: page.truncated,
        ...(page.redirects.length > 0 ? { redirects: page.redirects } : {}),
      });
    } catch (error) {
      if (error instanceof FetchRefused) return toolFailure(`web_fetch: ${error.message}`, { type: error.kind });
      return toolFailure(`web_fetch: ${describeError(error)}`, { type: "internal" });
    }
  }
}

function decode(body: Uint8Array, contentType: string): string {
  const charset = /charset="?([\w-]+)"?/i.exec(contentType)?.[1] ?? "utf-8";
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}

/** Options of {@link createToolWeb}. */
export interface ToolWebOptions {
  /** The fetch to use; defaults to the global `fetch` at call time. */
  fetch?: FetchFunction;
}

/**
 * Builds the `tool-web` module, optionally with an injected `fetch` (tests, proxies).
 *
 * @example
 * createSession(plan, { modules: { ...builtinModules, "tool-web": createToolWeb({ fetch: myFetch }) } });
 */
export function createToolWeb(options: ToolWebOptions = {}): ModuleDefinition {
  return {
    id: "tool-web",
    type: "tool",
    description: "Fetch public web pages (tool `web_fetch`) with SSRF protection.",
    version: "1.0.0",
    async mount(coordinator, config) {
      const parsed = parseModuleConfig("tool-web", webConfigSchema, config);
      const fetchFunction: FetchFunction = options.fetch ?? ((input, init) => fetch(input, init));
      const tool = new WebFetchTool(parsed, fetchFunction);
      await coordinator.mount("tools", tool, { name: tool.name });
    },
  };
}

/** The `tool-web` module with the global `fetch`. */
export const toolWeb: ModuleDefinition = createToolWeb();
