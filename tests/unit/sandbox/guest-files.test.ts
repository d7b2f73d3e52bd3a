/** The guest's JavaScript is embedded as text from its real files; the embedded copy must not drift. */
import { expect, it } from "vitest";
import { GUEST_FILES } from "../../../sandbox/guest/guest-files.generated.ts";
import { generatedGuestModule } from "../../../scripts/embed-guest.ts";

it("sandbox/guest/guest-files.generated.ts matches sandbox/guest/*.js (run npm run build:guest after editing them)", async () => {
  const { readFile } = await import("node:fs/promises");
  const current = await readFile(new URL("../../../sandbox/guest/guest-files.generated.ts", import.meta.url), "utf8");
  expect(current).toBe(generatedGuestModule());
  expect(Object.keys(GUEST_FILES).sort()).toEqual([
    "boundary.js",
    "bridge.js",
    "capabilities.js",
    "coordinator.js",
    "entry.js",
    "hardening.js",
    "intrinsics.js",
    "orchestration.js",
    "paging.js",
    "sdk.js",
    "streams.js",
  ]);
});
