import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";

const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

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
              launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs },
            }),
            instances: [{ browser: "chromium" }],
          },
        },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./worker/cloudflare/wrangler.toml" } })],
        test: { name: "workerd", include: ["tests/workerd/**/*.test.ts"] },
      },
    ],
  },
});
