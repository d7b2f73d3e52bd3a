/** Tarballs as npm pack writes them: unpacked with DecompressionStream and nanotar, pinned by sha512. */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createTarGzip } from "nanotar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import { computeIntegrity, verifyIntegrity } from "../../../src/packages/integrity.ts";
import { readModuleTarball } from "../../../src/packages/module-package.ts";
import { unpackTarball } from "../../../src/packages/tarball.ts";
import { npmEnvironment } from "./local-registry.ts";

const FIXTURE = new URL("../../fixtures/packages/tool-forecast", import.meta.url).pathname;
let directory: string;
let packed: Uint8Array;
let npmIntegrity: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "amplifier-pack-"));
  // A folder packs without the network; --offline makes sure of it.
  const { stdout } = await promisify(execFile)(
    "npm",
    ["pack", FIXTURE, "--json", "--offline", "--pack-destination", directory],
    { env: npmEnvironment() },
  );
  const [report] = JSON.parse(stdout) as { filename: string; integrity: string }[];
  packed = new Uint8Array(await readFile(join(directory, report!.filename)));
  npmIntegrity = report!.integrity;
}, 300_000);

afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe("module tarballs", () => {
  it("computes the same integrity npm pack prints", async () => {
    expect(await computeIntegrity(packed)).toBe(npmIntegrity);
    await expect(verifyIntegrity(packed, npmIntegrity, "tool-forecast")).resolves.toBeUndefined();
  });

  it("unpacks npm pack's tarball into the package's files, without the package/ prefix", async () => {
    const loaded = await readModuleTarball(packed, "tool-forecast.tgz");
    expect(Object.keys(loaded.files).sort()).toEqual(["package.json", "src/tool.js", "src/url.js"]);
    expect(loaded).toMatchObject({ name: "@fixtures/tool-forecast", version: "1.2.0", integrity: npmIntegrity });
    expect(loaded.packageJson.amplifier.entry).toBe("src/tool.js");
  });

  it("refuses bytes that are not gzip, and a package whose entry is missing", async () => {
    const notGzip = await unpackTarball(new TextEncoder().encode("plain text"), "x.tgz").catch((error) => error);
    expect(KernelError.is(notGzip, "module_invalid")).toBe(true);
    const manifest = { name: "x", version: "1.0.0", amplifier: { kind: "tool", entry: "gone.js" } };
    const tarball = await createTarGzip([{ name: "package/package.json", data: JSON.stringify(manifest) }]);
    const missing = await readModuleTarball(tarball, "x.tgz").catch((error) => error);
    expect(KernelError.is(missing, "module_invalid")).toBe(true);
    expect((missing as KernelError).issues?.[0]?.path).toEqual(["amplifier", "entry"]);
  });

  it("stops a gzip bomb at the size limit while reading", async () => {
    const big = await createTarGzip([{ name: "package/big.js", data: "x".repeat(2 * 1024 * 1024) }]);
    const error = await unpackTarball(big, "bomb.tgz", { maxBytes: 64 * 1024 }).catch((caught) => caught);
    expect((error as KernelError).message).toMatch(/unpacks to more than 65536 bytes/);
  });
});
