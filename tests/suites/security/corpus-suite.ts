/**
 * The corpus as Vitest tests: one test per file, grouped by category, named so that the SECURITY.md
 * table can be counted from a run (`scripts/security-table.ts`).
 */
import { describe, it } from "vitest";
import { type CorpusCase, parseCorpus } from "./corpus-case.ts";

/** The top-level describe of the corpus in a runtime; the table script looks for it. */
export const CORPUS_SUITE_PREFIX = "hostile-module corpus in";

/** Registers one test per corpus file; `run` runs a case (here, or in a worker) and rejects when it was not contained. */
export function registerCorpus(
  runtime: string,
  files: Readonly<Record<string, string>>,
  run: (corpusCase: CorpusCase) => Promise<void>,
  timeoutMs?: number,
): void {
  const cases = parseCorpus(files);
  describe(`${CORPUS_SUITE_PREFIX} ${runtime}`, () => {
    for (const category of new Set(cases.map((corpusCase) => corpusCase.category))) {
      describe(category, () => {
        for (const corpusCase of cases.filter((candidate) => candidate.category === category)) {
          it(`${corpusCase.file}: ${corpusCase.title}`, () => run(corpusCase), timeoutMs);
        }
      });
    }
  });
}
