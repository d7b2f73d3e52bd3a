/** Property-based fuzzing of the boundary in node (release build), over 10,000 runs in all. */
import { describe, it } from "vitest";
import { loadQuickJSWasm } from "../../worker/node/quickjs-wasm.ts";
import { FUZZ_PROPERTIES } from "../suites/security/fuzz-properties.ts";

describe("security: boundary fuzzing in node", () => {
  for (const property of FUZZ_PROPERTIES) {
    it(`${property.name} (${property.runs} runs)`, async () => {
      await property.run({ wasmModule: await loadQuickJSWasm() }, property.runs);
    }, 120_000);
  }
});
