/**
 * The TypeScript snippets of a Markdown document, as files to type-check: every ```ts block, one
 * module each. A snippet that uses the Cloudflare entry or Workers' own types is checked with
 * Workers' runtime types, the others with the DOM's.
 */

/** One snippet as a file of the types fixture. */
export interface Snippet {
  readonly runtime: "dom" | "workers";
  readonly fileName: string;
  readonly code: string;
}

const WORKERS = /amplifier-edge\/cloudflare|cloudflare:|KVNamespace|DurableObject/;
const BLOCK = /^```(?:ts|typescript)\n([\s\S]*?)^```$/gm;

/** The snippets of `markdown` (from `document`, which names the files). */
export function extractSnippets(markdown: string, document: string): Snippet[] {
  const stem = document.replace(/\.md$/, "").replace(/[^a-zA-Z0-9]+/g, "-");
  return [...markdown.matchAll(BLOCK)].map((match, index) => {
    const body = match[1] ?? "";
    const line = markdown.slice(0, match.index).split("\n").length;
    return {
      runtime: WORKERS.test(body) ? "workers" : "dom",
      fileName: `${stem}-${index + 1}.ts`,
      // `export {}` keeps a snippet without imports a module, so its names stay its own.
      code: `// ${document}, line ${line}\n${body}\nexport {};\n`,
    };
  });
}
