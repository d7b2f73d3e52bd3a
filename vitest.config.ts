import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./scripts/chromium.ts";

/**
 * Vitest's timeouts are hang guards, not assertions: a test that is merely slow on a busy 2-core
 * machine (sandboxes, workers, Chromium and workerd all share it) must not fail for it. They sit
 * far above the slowest test seen under load (scripts/stress-tests.sh), so only a real hang trips one.
 */
const HANG_GUARD = { testTimeout: 60_000, hookTimeout: 60_000 } as const;

/** The loopback API of the shipped-plan suite, on 127.0.0.1, for the projects that run it. */
const SHIPPED_PLAN_API = ["tests/suites/shipped-plan/api-setup.ts"];

export default defineConfig({
  test: {
    projects: [
      {
        extends: "./vite.config.ts",
        root: ".",
        test: {
          name: "unit",
          root: ".",
          environment: "node",
          ...HANG_GUARD,
          globalSetup: SHIPPED_PLAN_API,
          include: ["tests/unit/**/*.test.ts", "tests/contracts/**/*.unit.test.ts", "tests/security/**/*.test.ts"],
        },
      },
      {
        extends: "./vite.config.ts",
        root: ".",
        test: {
          name: "browser",
          root: ".",
          ...HANG_GUARD,
          globalSetup: SHIPPED_PLAN_API,
          include: ["tests/browser/**/*.test.ts"],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] },
            }),
            instances: [{ browser: "chromium" }],
          },
        },
      },
      {
        // End-to-end: playwright-core drives Debian Chromium against the built demo (scripts/test.sh builds it first).
        test: {
          name: "e2e",
          root: ".",
          environment: "node",
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./worker/cloudflare/wrangler.toml" } })],
        test: {
          name: "workerd",
          include: ["tests/workerd/**/*.test.ts"],
          globalSetup: SHIPPED_PLAN_API,
          ...HANG_GUARD,
        },
      },
    ],
  },
});
