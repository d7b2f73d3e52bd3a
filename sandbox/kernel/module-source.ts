/**
 * A plan's `source` turned into the file map a sandbox loads. The source may be inline code, a
 * file map, a path relative to the plan (read through an injected reader) or an https URL (fetched
 * through an injected fetch). Nothing here touches a runtime global.
 */
import { describeError, KernelError } from "../../src/errors.ts";
import type { ModuleSource } from "../../src/plan/module-source.ts";
import type { SandboxSource } from "../protocol.ts";
import { utf8Length } from "../runner/kill-reasons.ts";
import { normalizeModulePath } from "../runner/module-files.ts";

/** Where a source's files come from. */
export interface SourceReaders {
  /** Reads a module file by path (for sources given as paths relative to the plan). */
  readonly readFile?: ((path: string) => Promise<string>) | undefined;
  /** Fetches https sources (the host's fetch; the guest never gets one). */
  readonly fetchSource?: ((url: string, init?: RequestInit) => Promise<Response>) | undefined;
  /** Largest module source accepted, in bytes (default 1 MiB). */
  readonly maxSourceBytes?: number | undefined;
}

const DEFAULT_MAX_SOURCE_BYTES = 1024 * 1024;

/**
 * Turns a plan's `source` into the file map a sandbox loads.
 *
 * @throws KernelError `module_not_found` (unreadable, unsupported or refused source), `invalid_config`
 *   (empty or oversized source).
 */
export async function resolveModuleSource(
  source: ModuleSource,
  planDir: string | undefined,
  options: SourceReaders,
): Promise<SandboxSource> {
  const maxBytes = options.maxSourceBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  if (typeof source !== "string" && "package" in source) throw packageNeedsResolver(source.package);
  if (typeof source !== "string") {
    const files = "inline" in source ? { "index.js": source.inline } : source.files;
    const total = Object.values(files).reduce((sum, text) => sum + utf8Length(text), 0);
    if (total > maxBytes)
      throw new KernelError("invalid_config", `source: ${total} bytes is over the ${maxBytes}-byte limit`);
    return "inline" in source ? { files, entry: "index.js" } : { files, entry: source.entry };
  }
  if (source.startsWith("npm:")) throw packageNeedsResolver(source);
  if (source.startsWith("https://")) return fetchFiles(source, options.fetchSource, maxBytes);
  if (/^[a-z][a-z0-9+.-]*:/i.test(source) && !source.startsWith("file://")) {
    throw new KernelError(
      "module_not_found",
      `source "${source}": a sandboxed module's source must be a relative path, an https URL, inline code or a file map`,
    );
  }
  const readFile = options.readFile;
  if (!readFile) {
    throw new KernelError("module_not_found", `source "${source}": this sandbox loader was given no file reader`);
  }
  const relative = source.startsWith("file://") ? source.slice("file://".length) : source;
  const path = relative.startsWith("/") ? relative : joinPath(planDir ?? ".", relative);
  return collectFiles(source, path, maxBytes, async (location) => {
    try {
      return await readFile(location);
    } catch (error) {
      throw new KernelError(
        "module_not_found",
        `source "${source}": cannot read ${location} (${describeError(error)})`,
        {
          cause: error,
        },
      );
    }
  });
}

function packageNeedsResolver(spec: string): KernelError {
  return new KernelError(
    "module_not_found",
    `source "${spec}": packages are resolved by a module-source-resolver; pass createPackageResolver() as the session's resolver`,
  );
}

async function fetchFiles(
  url: string,
  fetcher: SourceReaders["fetchSource"],
  maxBytes: number,
): Promise<SandboxSource> {
  if (!fetcher) throw new KernelError("module_not_found", `source "${url}": this sandbox loader was given no fetch`);
  const origin = new URL(url).origin;
  return collectFiles(url, new URL(url).pathname, maxBytes, async (path) => {
    const location = `${origin}${path}`;
    let response: Response;
    try {
      response = await fetcher(location, { redirect: "error" });
    } catch (error) {
      throw new KernelError(
        "module_not_found",
        `source "${url}": fetching ${location} failed (${describeError(error)})`,
        {
          cause: error,
        },
      );
    }
    if (!response.ok) {
      throw new KernelError("module_not_found", `source "${url}": ${location} answered HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > maxBytes) {
      throw new KernelError("invalid_config", `source "${url}": ${location} is over the ${maxBytes}-byte limit`);
    }
    return response.text();
  });
}

/** Static import and re-export specifiers, and dynamic imports of a string literal. */
const IMPORT_SPECIFIERS =
  /\bimport\s*\(\s*(["'])([^"'\n]+)\1\s*\)|\b(?:import|export)\s+(?:[\w*{}\s,$]+\s+from\s+)?(["'])([^"'\n]+)\3/g;
const MAX_FILES = 64;

/**
 * Reads the entry file and, transitively, the relative files it imports, from the entry's directory
 * down (a path source is a module directory, as a file map is). Imports that cannot be found
 * statically fail at run time with the sandbox's own "not one of this module's files" error.
 */
async function collectFiles(
  source: string,
  entryPath: string,
  maxBytes: number,
  read: (path: string) => Promise<string>,
): Promise<SandboxSource> {
  const root = entryPath.slice(0, entryPath.lastIndexOf("/") + 1) || "/";
  const entry = entryPath.slice(root.length);
  const files: Record<string, string> = {};
  const queue = [entry];
  let total = 0;
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (name in files) continue;
    if (Object.keys(files).length >= MAX_FILES) {
      throw new KernelError("invalid_config", `source "${source}": more than ${MAX_FILES} files`);
    }
    const text = await read(`${root}${name}`);
    total += utf8Length(text);
    if (total > maxBytes)
      throw new KernelError("invalid_config", `source "${source}": over the ${maxBytes}-byte limit`);
    files[name] = text;
    for (const match of text.matchAll(IMPORT_SPECIFIERS)) {
      const specifier = match[2] ?? match[4] ?? "";
      if (!specifier.startsWith("./") && !specifier.startsWith("../")) continue;
      const resolved = normalizeModulePath(specifier, `/${name}`).slice(1);
      // normalizeModulePath keeps paths inside the root, so nothing above the module's directory is read.
      if (!(resolved in files)) queue.push(resolved);
    }
  }
  return { files, entry };
}

function joinPath(directory: string, relative: string): string {
  const base = directory.endsWith("/") ? directory : `${directory}/`;
  const segments: string[] = [];
  for (const segment of `${base}${relative}`.split("/")) {
    if (segment === "..") segments.pop();
    else if (segment !== "." && segment !== "") segments.push(segment);
  }
  return `${base.startsWith("/") ? "/" : ""}${segments.join("/")}`;
}
