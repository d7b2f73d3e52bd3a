import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./scripts/chromium.ts";

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
          include: ["tests/unit/**/*.test.ts", "tests/contracts/**/*.unit.test.ts", "tests/security/**/*.test.ts"],
        },
      },
      {
        extends: "./vite.config.ts",
        root: ".",
        test: {
          name: "browser",
          root: ".",
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
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./worker/cloudflare/wrangler.toml" } })],
        test: { name: "workerd", include: ["tests/workerd/**/*.test.ts"] },
      },
    ],
  },
});
