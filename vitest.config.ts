import { availableParallelism } from "node:os";
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
    // Vitest's default is one worker less than the cores: a single file at a time on a 2-core
    // machine, where most of a file's time is spent waiting on threads, Chromium and workerd.
    // Two at a time there ran the suite in 612 s instead of 825-1180 s beside a CPU hog, 0 failures.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: "./vite.config.ts",
        root: ".",
        test: {
          name: "unit",
          root: ".",
          environment: "node",
          ...HANG_GUARD,
          // Sandbox worker threads start from TypeScript sources here (the package ships them
          // compiled): tsx registered in each test process is inherited by the threads it starts.
          execArgv: ["--import", "tsx"],
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
          include: ["tests/browser/**/*.test.ts"],
          globalSetup: ["tests/fixtures/mcp/global-setup.ts", ...SHIPPED_PLAN_API],
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
        // The package as users install it: packed, installed offline into fixtures outside the
        // repository, and run in Node, Vite + Chromium, wrangler dev and TypeScript 5.
        test: {
          name: "consumers",
          root: ".",
          environment: "node",
          include: ["tests/consumers/**/*.test.ts"],
          globalSetup: ["tests/consumers/pack.ts"],
          // Hang guards, not assertions: the four TypeScript 5 checks run at once took 113 s on a
          // 2-core machine at load 16, and more than 300 s there beside four other test runs.
          testTimeout: 900_000,
          hookTimeout: 900_000,
        },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./worker/cloudflare/wrangler.toml" } })],
        test: {
          name: "workerd",
          include: ["tests/workerd/**/*.test.ts"],
          globalSetup: ["tests/fixtures/mcp/global-setup.ts", ...SHIPPED_PLAN_API],
          ...HANG_GUARD,
        },
      },
    ],
  },
});
