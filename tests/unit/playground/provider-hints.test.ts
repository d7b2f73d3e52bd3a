/** The page names CORS, and the fix for the local servers people run, when a provider cannot be reached. */
import { expect, it } from "vitest";
import { providerHint } from "../../../demo/app/provider-hints.ts";

it("explains an unreachable server as possibly CORS, with the fix for Ollama and LM Studio", () => {
  const hint = providerHint(
    "provider_failed: openai: could not reach http://127.0.0.1:11434/v1/chat/completions: TypeError: Failed to fetch",
    "http://127.0.0.1:5173",
  );
  expect(hint).toContain(
    "at http://127.0.0.1:11434/v1/chat/completions is up, it may refuse requests from this page (CORS)",
  );
  expect(hint).toContain("OLLAMA_ORIGINS=http://127.0.0.1:5173");
  expect(hint).toContain("LM Studio");
  expect(providerHint("provider_failed: openai: HTTP 401 (auth): bad key", "http://x")).toBe("");
});
