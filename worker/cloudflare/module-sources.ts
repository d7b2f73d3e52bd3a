/**
 * Module sources by content hash. A plan's inline and file-map sources are stored once in Workers
 * KV under `module-source/sha256-<hex>` (the hash of their canonical JSON) and the session keeps
 * only the hash, so many sessions of one plan share one copy and a session always runs the exact
 * code it was created with: what is read back is hashed again and refused if it differs.
 */
import { KernelError } from "../../src/errors.ts";

/** A source as stored: every file by its path, and the entry file. */
export interface StoredModuleSource {
  readonly files: Readonly<Record<string, string>>;
  readonly entry: string;
}

/** What replaces a source in the stored plan. */
export interface SourceReference {
  readonly content_hash: string;
}

/** Where a source sits in a plan, and the source found there. */
export interface SourceLocation {
  readonly path: readonly (string | number)[];
  readonly source: unknown;
}

/** The KV key of a stored source. */
export function moduleSourceKey(hash: string): string {
  return `module-source/${hash}`;
}

type PlainObject = Record<string, unknown>;
const isObject = (value: unknown): value is PlainObject =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Every `source` of a plan (object form): module lists, session modules and `*_source` keys. */
export function sourceLocations(plan: PlainObject): SourceLocation[] {
  const found: SourceLocation[] = [];
  for (const list of ["providers", "tools", "hooks"] as const) {
    const entries = plan[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry: unknown, index) => {
      if (isObject(entry) && entry.source !== undefined)
        found.push({ path: [list, index, "source"], source: entry.source });
    });
  }
  const session = plan.session;
  if (!isObject(session)) return found;
  for (const slot of ["orchestrator", "context"] as const) {
    const spec = session[slot];
    if (isObject(spec) && spec.source !== undefined)
      found.push({ path: ["session", slot, "source"], source: spec.source });
    const extra = session[`${slot}_source`];
    if (extra !== undefined) found.push({ path: ["session", `${slot}_source`], source: extra });
  }
  return found;
}

/** The canonical form of an inline or file-map source (files sorted by path), or undefined for a path/URL. */
export function canonicalSource(source: unknown): StoredModuleSource | undefined {
  if (!isObject(source)) return undefined;
  if (typeof source.inline === "string") return { files: { "index.js": source.inline }, entry: "index.js" };
  if (isObject(source.files) && typeof source.entry === "string") {
    const files: Record<string, string> = {};
    for (const name of Object.keys(source.files).sort()) files[name] = String(source.files[name]);
    return { files, entry: source.entry };
  }
  return undefined;
}

/** `sha256-<hex>` of a canonical source's JSON. */
export async function contentHash(source: StoredModuleSource): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify({ entry: source.entry, files: source.files }));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `sha256-${Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Replaces the plan's inline and file-map sources by their content hash.
 * Returns the plan to store and the sources by hash (paths and URLs stay as written).
 */
export async function extractModuleSources(
  plan: PlainObject,
): Promise<{ plan: PlainObject; sources: Map<string, StoredModuleSource> }> {
  const copy = structuredClone(plan);
  const sources = new Map<string, StoredModuleSource>();
  for (const location of sourceLocations(copy)) {
    const canonical = canonicalSource(location.source);
    if (canonical === undefined) continue;
    const hash = await contentHash(canonical);
    sources.set(hash, canonical);
    setAt(copy, location.path, { content_hash: hash } satisfies SourceReference);
  }
  return { plan: copy, sources };
}

/**
 * Puts the sources back into a stored plan, reading each hash through `read`.
 *
 * @throws KernelError `module_not_found` when a source cannot be read or does not match its hash.
 */
export async function restoreModuleSources(
  plan: PlainObject,
  read: (hash: string) => Promise<StoredModuleSource>,
): Promise<PlainObject> {
  const copy = structuredClone(plan);
  for (const location of sourceLocations(copy)) {
    const reference = location.source;
    if (!isObject(reference) || typeof reference.content_hash !== "string") continue;
    const source = await read(reference.content_hash);
    setAt(copy, location.path, { files: { ...source.files }, entry: source.entry });
  }
  return copy;
}

/** Stores sources in KV; a key that already holds a source is not written again (KV allows one write per second per key). */
export async function saveModuleSources(
  kv: KVNamespace,
  sources: ReadonlyMap<string, StoredModuleSource>,
): Promise<void> {
  await Promise.all(
    [...sources].map(async ([hash, source]) => {
      const key = moduleSourceKey(hash);
      if ((await kv.get(key)) !== null) return;
      try {
        await kv.put(key, JSON.stringify(source), { metadata: { entry: source.entry } });
      } catch (error) {
        // Two sessions created at once with one source race for the key (KV allows one write per
        // second per key); the loser is fine once the winner's copy is there: it is the same bytes.
        if ((await kv.get(key)) === null) throw error;
      }
    }),
  );
}

/**
 * Reads a source from KV and checks it against its hash.
 *
 * @throws KernelError `module_not_found` when it is missing (KV is eventually consistent: a source
 *   written elsewhere may take up to a minute to appear) or does not match its hash.
 */
export async function loadModuleSource(kv: KVNamespace, hash: string): Promise<StoredModuleSource> {
  const text = await kv.get(moduleSourceKey(hash));
  if (text === null) {
    throw new KernelError("module_not_found", `Module source ${hash} is not in KV (yet); retry in a minute.`, {
      data: { hash },
    });
  }
  const source = canonicalSource(JSON.parse(text) as unknown);
  if (source === undefined || (await contentHash(source)) !== hash) {
    throw new KernelError("module_not_found", `Module source ${hash} in KV does not match its hash; refusing it.`, {
      data: { hash },
    });
  }
  return source;
}

function setAt(target: PlainObject, path: readonly (string | number)[], value: unknown): void {
  let node: unknown = target;
  for (const segment of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[segment];
  (node as Record<string | number, unknown>)[path[path.length - 1] as string | number] = value;
}
