/**
 * `store.indexeddb.*`: the IndexedDB store (`createIndexedDBStore`) in Debian Chromium. The loop
 * runs in the page (bench/browser/indexeddb-page), timed there with `performance.now()`; playwright
 * only starts it and reads the numbers back. Each append is awaited before the next (a durable
 * write: one `readwrite` transaction, strict durability).
 */
import "../browser/indexeddb-page/api.ts";
import type { Benchmark } from "../harness.ts";
import { fixed, median, metric } from "../harness.ts";
import { launchBenchChromium, serveBenchPage } from "../support/chromium.ts";

export const storeIndexedDB: Benchmark = {
  name: "store.indexeddb",
  async run({ quick }) {
    const count = quick ? 1_000 : 10_000;
    const group = count / 10;
    const loads = quick ? 3 : 7;
    await using server = await serveBenchPage("bench/browser/indexeddb-page");
    await using browser = await launchBenchChromium();
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.locator("#status", { hasText: "ready" }).waitFor({ timeout: 60_000 });
    if (!(await page.evaluate(() => crossOriginIsolated)))
      throw new Error("the bench page is not cross-origin isolated");
    const appended = await page.evaluate((total) => window.storeBench.append(total), count);
    const loading = await page.evaluate(([id, times]) => window.storeBench.load(id, times), [
      appended.sessionId,
      loads,
    ] as const);
    if (loading.loaded !== count) throw new Error(`loaded ${loading.loaded} of ${count} appended messages`);
    const first = median(appended.appendMicros.slice(0, group));
    const last = median(appended.appendMicros.slice(-group));
    const size = quick ? `${count.toLocaleString("en")} (quick)` : "10,000";
    return {
      "store.indexeddb.append_us": metric(
        median(appended.appendMicros),
        "us",
        count,
        `median of ${count.toLocaleString("en")} sequential store.append() calls in one session (Chromium, one readwrite transaction each, strict durability)`,
      ),
      "store.indexeddb.append_growth": metric(
        last / first,
        "ratio",
        count,
        `median of the last ${group} appends (${fixed(last)} us) / the first ${group} (${fixed(first)} us) of ${size}`,
        { op: "<=", value: 1.5 },
      ),
      "store.indexeddb.load_10k_ms": metric(
        median(loading.loadMillis),
        "ms",
        loads,
        `store.load() of the whole session of ${size} messages, ${loads} loads`,
        { op: "<=", value: 150 },
      ),
    };
  },
};
