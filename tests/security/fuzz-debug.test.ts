/** The boundary fuzzed against the QuickJS debug build: nothing leaks (LeakSanitizer, object-leak checks). */
import { describe, it } from "vitest";
import { fuzzDebugBuild } from "../suites/security/fuzz-debug.ts";

describe("security: boundary fuzzing in node", () => {
  it("random values cross the boundary in the debug build and every sandbox is released with nothing leaked (200 runs)", async () => {
    await fuzzDebugBuild(200);
  }, 120_000);
});
