/** The example modules read from `examples/modules/` on disk. */
import { readFile } from "node:fs/promises";
import { type ExampleSources, loadExamples } from "../../suites/sandbox/examples.ts";

const root = new URL("../../../examples/modules/", import.meta.url);

/** Every example module as a file map, read from disk. */
export function examplesFromDisk(): Promise<ExampleSources> {
  return loadExamples((name, file) => readFile(new URL(`${name}/${file}`, root), "utf8"));
}
