/**
 * Starts and stops the verdaccio registry of the package tests (verdaccio-child.mjs) and publishes
 * packages to it with the real npm CLI.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";

const run = promisify(execFile);
const CHILD = new URL("./verdaccio-child.mjs", import.meta.url).pathname;

/** A running registry. */
export interface LocalRegistry extends AsyncDisposable {
  /** Base URL, `http://127.0.0.1:PORT/`. */
  readonly url: string;
  /** Its storage folder (tests tamper with tarballs there). */
  readonly storage: string;
  /** Publishes a package folder with `npm publish`; resolves with npm's output. */
  publish(packageDirectory: string): Promise<string>;
  /** Stops the registry (idempotent). */
  stop(): Promise<void>;
}

/** Starts verdaccio in a child process on 127.0.0.1 and signs up a publisher. */
export async function startLocalRegistry(): Promise<LocalRegistry> {
  const directory = await mkdtemp(join(tmpdir(), "amplifier-registry-"));
  const child = spawn(process.execPath, [CHILD, directory], { stdio: ["ignore", "pipe", "inherit"] });
  let port: number;
  let token: string;
  try {
    port = await firstPort(child);
    token = await signUp(`http://127.0.0.1:${port}/`);
  } catch (error) {
    // A registry that did not come up is not left running.
    child.kill("SIGTERM");
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${port}/`;
  const npmrc = join(directory, ".npmrc");
  await writeFile(npmrc, `//127.0.0.1:${port}/:_authToken=${token}\n`);
  const emptyGlobalConfig = join(directory, "global.npmrc");
  await writeFile(emptyGlobalConfig, "");
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  };
  return {
    url,
    storage: join(directory, "storage"),
    async publish(packageDirectory) {
      const { stdout, stderr } = await run(
        "npm",
        ["publish", packageDirectory, "--registry", url, "--cache", join(directory, "npm-cache")],
        // Its own folder and config only: no user, global or project .npmrc can send a scope elsewhere.
        {
          cwd: directory,
          env: npmEnvironment({
            npm_config_userconfig: npmrc,
            npm_config_globalconfig: emptyGlobalConfig,
            npm_config_registry: url,
          }),
        },
      );
      return `${stdout}${stderr}`;
    },
    stop,
    async [Symbol.asyncDispose]() {
      await stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

async function firstPort(child: ChildProcess): Promise<number> {
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`verdaccio exited with ${code} before listening`);
  });
  const listening = (async () => {
    for await (const line of lines) {
      if (line.startsWith('{"port":')) return (JSON.parse(line) as { port: number }).port;
    }
    throw new Error("verdaccio closed its output before listening");
  })();
  return Promise.race([listening, exited]);
}

async function signUp(url: string): Promise<string> {
  const response = await fetch(`${url}-/user/org.couchdb.user:publisher`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "publisher", password: "publisher-password", type: "user", roles: [] }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || typeof body.token !== "string") throw new Error(`sign-up failed: HTTP ${response.status}`);
  return body.token;
}

/**
 * The environment the tests run npm in: the npm on PATH (the real client a module author uses),
 * run by the Node that runs the tests (npm's `#!/usr/bin/env node` finds it first), never a
 * system Node outside it; no audit, fund or update check, which would reach the public registry.
 */
export function npmEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    ...extra,
  };
}

/** The stored tarball of `name@version` in the registry's storage. */
export function storedTarball(registry: LocalRegistry, name: string, version: string): string {
  const base = name.slice(name.indexOf("/") + 1);
  return join(registry.storage, name, `${base}-${version}.tgz`);
}

/** Reads a file's bytes. */
export async function bytesOf(path: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(path));
}
