/**
 * The CLI's content cache of module tarballs: one file per tarball in a folder, named by its
 * integrity, so a pinned module loads without its registry after the first time.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ContentCache } from "../../src/packages/content-cache.ts";
import { isIntegrity } from "../../src/packages/integrity.ts";

/**
 * A ContentCache in `directory` (created when missing). Readers verify the bytes again, so a file
 * changed on disk is refused as an integrity mismatch rather than mounted.
 *
 * @example
 * const cache = folderContentCache(join(homedir(), ".cache", "amplifier-edge", "packages"));
 */
export function folderContentCache(directory: string): ContentCache {
  const pathOf = (integrity: string) => {
    // Only sha512 integrities name files, so no key can reach outside the folder.
    if (!isIntegrity(integrity)) throw new Error(`not a sha512 integrity: ${integrity.slice(0, 100)}`);
    return join(directory, `${integrity.slice("sha512-".length).replaceAll("/", "_").replaceAll("+", "-")}.tgz`);
  };
  return {
    async get(integrity) {
      try {
        return new Uint8Array(await readFile(pathOf(integrity)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async put(integrity, bytes) {
      await mkdir(directory, { recursive: true });
      const path = pathOf(integrity);
      // Written aside, then renamed: a reader never sees half a tarball.
      const partial = `${path}.${process.pid}.${Date.now()}.partial`;
      await writeFile(partial, bytes);
      await rename(partial, path);
    },
  };
}
