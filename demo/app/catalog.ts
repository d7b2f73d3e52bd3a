/**
 * The modules the playground offers: the repository's example third-party modules
 * (`examples/modules/`) and two of the playground's own (`demo/examples/`), bundled as text.
 */
import type { ModuleType, WebModuleSource } from "amplifier-edge/web";

/** What an example module asks for; the user grants each item, or not, before it mounts. */
export interface RequestedPermissions {
  readonly fetch?: readonly string[];
  readonly capabilities?: readonly string[];
  readonly transcript?: boolean;
  readonly inject?: readonly ("system" | "user" | "assistant")[];
  readonly display?: boolean;
  readonly approval?: boolean;
}

/** One module the user can pick. */
export interface Example {
  /** The module id in the mount plan. */
  readonly id: string;
  readonly title: string;
  readonly type: ModuleType;
  /** One line for the picker's description. */
  readonly summary: string;
  readonly source: WebModuleSource;
  readonly config: Record<string, unknown>;
  readonly limits: { readonly memory_mb: number; readonly timeout_ms: number };
  readonly requests: RequestedPermissions;
  /** A prompt to try once it is mounted (`call TOOL with {…}` reaches any tool through the offline model). */
  readonly tryPrompt?: string;
}

type Details = Omit<Example, "id" | "source" | "limits" | "requests"> &
  Partial<Pick<Example, "limits" | "requests">> & { readonly entry?: string };

const DEFAULT_LIMITS = { memory_mb: 32, timeout_ms: 1000 };

// The folder name is the module id; files are bundled by Vite as text, never run on the page.
const repositoryFiles = import.meta.glob<string>("../../examples/modules/*/*.js", {
  query: "?raw",
  import: "default",
  eager: true,
});
const playgroundFiles = import.meta.glob<string>("../examples/*.js", { query: "?raw", import: "default", eager: true });

const DETAILS: Record<string, Details> = {
  "tool-calculator-eval": {
    title: "Calculator that uses eval (tool)",
    type: "tool",
    summary: "The original calculator, eval included: harmless here, eval only reaches the sandbox.",
    config: {},
    tryPrompt: "What is 6 * 7?",
  },
  "tool-word-count": {
    title: "Word count, two files (tool)",
    type: "tool",
    summary: "Counts words, lines and characters; its helper lives in a second file (count.js).",
    config: {},
    tryPrompt: 'call word_count with {"text": "the quick brown fox jumps over the lazy dog"}',
  },
  "hooks-guard": {
    title: "Guard that denies tools (hook)",
    type: "hook",
    summary: "Denies the tools named in its config (here: calculator) and asks the model to be brief.",
    config: { deny: ["calculator"] },
    requests: { inject: ["system"] },
    tryPrompt: "What is 2 + 2?",
  },
  "provider-echo": {
    title: "Echo model (provider)",
    type: "provider",
    summary: "A model that echoes you; 'count words: …' calls word_count when that tool is mounted.",
    config: {},
    tryPrompt: "count words: one two three",
  },
  "context-window": {
    title: "Sliding window memory (context)",
    type: "context",
    summary: "Sends the model only the latest messages. Replaces the stored context: not kept after a reload.",
    config: { max_messages: 6 },
    tryPrompt: "Hello",
  },
  "loop-simple": {
    title: "Simple agent loop (orchestrator)",
    type: "orchestrator",
    summary: "A plain agent loop written as a third-party module, replacing the built-in one.",
    config: { max_iterations: 5 },
    tryPrompt: "What is 12 * 12?",
  },
  "hostile-loop": {
    title: "Hostile: infinite loop (tool)",
    type: "tool",
    summary: "Poses as the calculator and never returns: watch the sandbox kill it while the chat goes on.",
    config: {},
    limits: { memory_mb: 32, timeout_ms: 300 },
    tryPrompt: "What is 2 + 2?",
  },
  "history-stats": {
    title: "History reader (tool, asks for the transcript)",
    type: "tool",
    summary: "Reads the conversation, which needs the transcript permission: try it granted and not.",
    config: {},
    requests: { transcript: true },
    tryPrompt: "call history_stats",
  },
};

function groupByFolder(files: Record<string, string>, folderOf: (path: string) => [string, string]) {
  const folders = new Map<string, Record<string, string>>();
  for (const [path, text] of Object.entries(files)) {
    const [folder, file] = folderOf(path);
    folders.set(folder, { ...folders.get(folder), [file]: text });
  }
  return folders;
}

function toExample(id: string, files: Record<string, string>): Example {
  const details: Details = DETAILS[id] ?? { title: id, type: "tool", summary: "An example module.", config: {} };
  const names = Object.keys(files);
  const entry = details.entry ?? (names.includes("index.js") ? "index.js" : names[0]!);
  const source: WebModuleSource = names.length === 1 ? files[entry]! : { files, entry };
  const { entry: _entry, ...rest } = details;
  return { id, source, limits: DEFAULT_LIMITS, requests: {}, ...rest };
}

function buildCatalog(): Example[] {
  const repository = groupByFolder(repositoryFiles, (path) => {
    const [, , , , folder = "", file = ""] = path.split("/");
    return [folder, file];
  });
  const playground = groupByFolder(playgroundFiles, (path) => {
    const file = path.split("/").at(-1) ?? "";
    return [file.replace(/\.js$/, ""), file];
  });
  const examples = [...repository, ...playground].map(([id, files]) => toExample(id, files));
  const order = Object.keys(DETAILS);
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return examples.sort((a, b) => rank(a.id) - rank(b.id));
}

/** Every bundled example, in the order the picker shows them. */
export const EXAMPLES: readonly Example[] = buildCatalog();
