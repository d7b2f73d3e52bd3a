/**
 * The Cloudflare service in local workerd: `wrangler dev` offline on 127.0.0.1 at free ports, with
 * a throwaway persistence directory and a bench token. Dispose stops it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The bearer token the bench's wrangler dev accepts. */
export const BENCH_TOKEN = "bench-token-0123456789abcdef";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`wrangler dev did not answer /health within ${timeoutMs} ms:\n${output()}`);
}

/** Where {@link startWranglerDev} runs: default the repository's own service. */
export interface WranglerDevOptions {
  /** The folder wrangler runs in (default the current one). */
  readonly cwd?: string;
  /** The wrangler config, relative to `cwd` (default `worker/cloudflare/wrangler.toml`). */
  readonly config?: string;
  /** Vars besides the token, e.g. `{ AMPLIFIER_CORS_ORIGINS: "*" }` for a page on another origin. */
  readonly vars?: Readonly<Record<string, string>>;
}

const WRANGLER = fileURLToPath(new URL("../../node_modules/wrangler/bin/wrangler.js", import.meta.url));

/** Starts `wrangler dev` (by default for worker/cloudflare) and resolves once `/health` answers. */
export async function startWranglerDev(options: WranglerDevOptions = {}): Promise<{ url: string } & AsyncDisposable> {
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const persist = mkdtempSync(join(tmpdir(), "amplifier-edge-bench-wrangler-"));
  const child = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      "--config",
      options.config ?? "worker/cloudflare/wrangler.toml",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--persist-to",
      persist,
      "--var",
      `AMPLIFIER_EDGE_TOKEN:${BENCH_TOKEN}`,
      ...Object.entries(options.vars ?? {}).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
      "--show-interactive-dev-session=false",
      "--log-level",
      "warn",
    ],
    {
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      cwd: options.cwd,
    },
  );
  let log = "";
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    rmSync(persist, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, () => log, 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, [Symbol.asyncDispose]: stop };
}
