/** The boundary fuzzed against the QuickJS debug build: nothing leaks (LeakSanitizer, object-leak checks). */
import { describe, it } from "vitest";
import { fuzzDebugBuild } from "../suites/security/fuzz-debug.ts";

describe("security: boundary fuzzing in node", () => {
  // The release build takes many more runs (fuzz.test.ts); the debug build, ten times slower, adds the leak check.
  it("random values cross the boundary in the debug build and every sandbox is released with nothing leaked (60 runs)", async () => {
    await fuzzDebugBuild(60);
  }, 120_000);
});
