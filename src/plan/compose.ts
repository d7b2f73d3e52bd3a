/**
 * Bundle composition, later wins: `session`/`spawn` deep-merge (lists concatenate without
 * duplicates), module lists merge by module id (providers by `instance_id` when set), agents
 * override by name, context accumulates under a `<bundle>:` prefix, the instruction is replaced.
 */
import type { Bundle } from "./bundle.ts";
import { isUnsafeKey } from "./safe-keys.ts";

type Entry = Record<string, unknown> & { module: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep merge: objects merge recursively, arrays concatenate without duplicates, scalars are replaced. */
export function deepMerge(base: unknown, overlay: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(overlay)) {
    const seen = new Set(base.map((item) => JSON.stringify(item)));
    const merged = [...base];
    for (const item of overlay) {
      const key = JSON.stringify(item);
      if (!seen.has(key)) {
        seen.add(key);
        merged.push(item);
      }
    }
    return merged;
  }
  if (isPlainObject(base) && isPlainObject(overlay)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(overlay)) {
      if (isUnsafeKey(key)) continue;
      out[key] = Object.hasOwn(out, key) ? deepMerge(out[key], value) : value;
    }
    return out;
  }
  return overlay === undefined ? base : overlay;
}

function entryKey(entry: Entry): string {
  return typeof entry.instance_id === "string" ? `${entry.module}#${entry.instance_id}` : entry.module;
}

/** Merges module lists by id; an entry that appears again is deep-merged in place. */
export function mergeModuleLists(base: readonly Entry[], overlay: readonly Entry[]): Entry[] {
  const out = base.map((entry) => ({ ...entry }));
  const index = new Map(out.map((entry, position) => [entryKey(entry), position]));
  for (const entry of overlay) {
    const position = index.get(entryKey(entry));
    if (position === undefined) {
      index.set(entryKey(entry), out.length);
      out.push({ ...entry });
    } else {
      out[position] = deepMerge(out[position], entry) as Entry;
    }
  }
  return out;
}

/**
 * Composes bundles left to right (later wins).
 *
 * @example
 * const composed = compose(base, logging, local);
 */
export function compose(...bundles: readonly Bundle[]): Bundle {
  let result: Bundle = { bundle: { name: "composed" } };
  for (const bundle of bundles) {
    const next: Bundle = { ...result, bundle: { ...result.bundle, ...bundle.bundle } };
    if (bundle.session) next.session = deepMerge(result.session ?? {}, bundle.session) as Record<string, unknown>;
    if (bundle.spawn) next.spawn = deepMerge(result.spawn ?? {}, bundle.spawn) as Record<string, unknown>;
    for (const list of ["providers", "tools", "hooks"] as const) {
      const overlay = bundle[list];
      if (overlay) next[list] = mergeModuleLists((result[list] ?? []) as Entry[], overlay as Entry[]);
    }
    if (bundle.agents) next.agents = { ...result.agents, ...bundle.agents };
    if (bundle.context) next.context = { ...result.context, ...prefixContext(bundle) };
    if (bundle.instruction !== undefined) next.instruction = bundle.instruction;
    delete next.includes;
    result = next;
  }
  return result;
}

function prefixContext(bundle: Bundle): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(bundle.context ?? {})) {
    out[key.includes(":") ? key : `${bundle.bundle.name}:${key}`] = value;
  }
  return out;
}
