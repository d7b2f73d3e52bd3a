/**
 * A package tarball (gzip + tar, as `npm pack` writes it) unpacked into the text files a sandbox
 * loads. gzip comes from `DecompressionStream` and tar from nanotar, both free of eval, so the same
 * code runs in browsers, on Workers and in Node.
 */
import { type ParsedTarFileItem, parseTar } from "nanotar";
import { KernelError } from "../errors.ts";

/** Limits of one unpacked package. */
export interface UnpackLimits {
  /** Largest unpacked size, in bytes (default 4 MiB). */
  readonly maxBytes?: number | undefined;
  /** Most files (default 256). */
  readonly maxFiles?: number | undefined;
}

const TEXT_FILE = /\.(?:m?js|json|md|txt)$/;

/**
 * The package's text files by path from the package root (npm's `package/` prefix removed).
 *
 * @throws KernelError `module_invalid` when the bytes are no gzipped tar or break a limit.
 */
export async function unpackTarball(
  tarball: Uint8Array,
  where: string,
  limits: UnpackLimits = {},
): Promise<Record<string, string>> {
  const maxBytes = limits.maxBytes ?? 4 * 1024 * 1024;
  const maxFiles = limits.maxFiles ?? 256;
  const tar = await gunzip(tarball, maxBytes, where);
  let entries: ParsedTarFileItem[];
  try {
    entries = parseTar(tar);
  } catch (error) {
    throw new KernelError("module_invalid", `${where}: the tarball is not a tar archive`, { cause: error });
  }
  const files: Record<string, string> = {};
  const decoder = new TextDecoder();
  let count = 0;
  for (const entry of entries) {
    if (entry.type !== undefined && entry.type !== "file") continue;
    const path = entry.name.replace(/^[^/]+\//, "");
    if (!TEXT_FILE.test(path) || path.split("/").includes("..")) continue;
    if (++count > maxFiles) throw new KernelError("module_invalid", `${where}: more than ${maxFiles} files`);
    files[path] = decoder.decode(entry.data ?? new Uint8Array());
  }
  return files;
}

async function gunzip(bytes: Uint8Array, maxBytes: number, where: string): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      // Checked while reading, so a gzip bomb is stopped at the limit rather than after it.
      if (total > maxBytes) throw new KernelError("module_invalid", `${where}: unpacks to more than ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (KernelError.is(error)) throw error;
    throw new KernelError("module_invalid", `${where}: the tarball is not gzip data`, { cause: error });
  }
  const tar = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    tar.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return tar;
}
