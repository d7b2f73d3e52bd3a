/**
 * The TypeScript snippets of a Markdown document, as files to type-check: every ```ts block, one
 * module each. A snippet that uses the Cloudflare entry or Workers' own types is checked with
 * Workers' runtime types, the others with the DOM's; one that imports the OpenTelemetry SDK or the
 * AI SDK is checked where they are installed (packages a user adds, absent from a plain install).
 */

/** One snippet as a file of the types fixture. */
export interface Snippet {
  readonly runtime: "dom" | "workers";
  /** True when it imports OpenTelemetry beyond `@opentelemetry/api` (the SDK, an exporter) or the AI SDK (`ai`). */
  readonly sdk: boolean;
  readonly fileName: string;
  readonly code: string;
}

const WORKERS = /amplifier-edge\/cloudflare|cloudflare:|KVNamespace|DurableObject/;
const SDK = /from "(@opentelemetry\/(?!api")|ai")/;
const BLOCK = /^```(?:ts|typescript)\n([\s\S]*?)^```$/gm;

/** The snippets of `markdown` (from `document`, which names the files). */
export function extractSnippets(markdown: string, document: string): Snippet[] {
  const stem = document.replace(/\.md$/, "").replace(/[^a-zA-Z0-9]+/g, "-");
  return [...markdown.matchAll(BLOCK)].map((match, index) => {
    const body = match[1] ?? "";
    const line = markdown.slice(0, match.index).split("\n").length;
    return {
      runtime: WORKERS.test(body) ? "workers" : "dom",
      sdk: SDK.test(body),
      fileName: `${stem}-${index + 1}.ts`,
      // `export {}` keeps a snippet without imports a module, so its names stay its own.
      code: `// ${document}, line ${line}\n${body}\nexport {};\n`,
    };
  });
}
