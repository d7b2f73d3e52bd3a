/** Where a guest error happened, read from the engine's backtrace: only frames in the module's own files count. */
import { expect, it } from "vitest";
import { locateGuestError } from "../../../sandbox/runner/guest-results.ts";

it("takes the first frame in the module's files and skips the prelude's", () => {
  expect(locateGuestError("    at /index.js:2:13\n")).toEqual({ file: "/index.js", line: 2, column: 13 });
  expect(locateGuestError("    at words (/lib/util.js:4:5)\n    at mount (/index.js:9:3)\n")).toEqual({
    file: "/lib/util.js",
    line: 4,
    column: 5,
  });
  expect(
    locateGuestError("    at load (amplifier-core:prelude/entry.js:45:3)\n    at <anonymous> (/t.js:2:5)\n"),
  ).toEqual({ file: "/t.js", line: 2, column: 5 });
  expect(locateGuestError("    at load (amplifier-core:prelude/entry.js:45:3)\n")).toBeUndefined();
  expect(locateGuestError(undefined)).toBeUndefined();
  expect(locateGuestError(42)).toBeUndefined();
});
