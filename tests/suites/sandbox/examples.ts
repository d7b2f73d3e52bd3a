/**
 * The example third-party modules of `examples/modules/`. Each runtime's runner loads their text
 * (from disk in node, as bundled text in Chromium and workerd) and hands it to the scenarios.
 */
import type { SandboxSource } from "../../../sandbox/protocol.ts";

/** The files of each example module; the entry is always `index.js`. */
export const EXAMPLE_FILES = {
  "tool-word-count": ["index.js", "count.js"],
  "tool-calculator-eval": ["index.js"],
  "provider-echo": ["index.js"],
  "hooks-guard": ["index.js"],
  "context-window": ["index.js"],
  "loop-simple": ["index.js"],
} as const;

/** The name of an example module. */
export type ExampleName = keyof typeof EXAMPLE_FILES;

/** Every example module as a file map. */
export type ExampleSources = Readonly<Record<ExampleName, SandboxSource>>;

/** Builds the example file maps from a reader of `examples/modules/<name>/<file>`. */
export async function loadExamples(
  read: (name: ExampleName, file: string) => Promise<string>,
): Promise<ExampleSources> {
  const entries = await Promise.all(
    (Object.keys(EXAMPLE_FILES) as ExampleName[]).map(async (name) => {
      const files: Record<string, string> = {};
      for (const file of EXAMPLE_FILES[name]) files[file] = await read(name, file);
      return [name, { files, entry: "index.js" }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<ExampleName, SandboxSource>;
}
