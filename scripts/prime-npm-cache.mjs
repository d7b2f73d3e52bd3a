// The consumers project installs the packed package into fresh folders with `npm install --offline`
// (tests talk to no registry). That resolves the package's dependencies by name and range, which
// needs the registry's metadata of each in the npm cache; `npm ci` installs from the lockfile and
// never fetches it. This installs the same dependencies once, at install time, into a throwaway
// folder, so the cache holds their metadata and tarballs. Cached metadata is used when present.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const manifest = JSON.parse(readFileSync("package.json", "utf8"));
const exact = (name, range) => `${name}@${manifest.devDependencies?.[name] ?? range}`;
const specs = [
  ...Object.entries(manifest.dependencies ?? {}).map(([name, range]) => `${name}@${range}`),
  // The consumers project's traced install adds the optional OpenTelemetry peers at the versions tested here.
  ...Object.entries(manifest.peerDependencies ?? {}).map(([name, range]) => exact(name, range)),
];
const folder = mkdtempSync(join(tmpdir(), "amplifier-edge-npm-cache-"));
try {
  writeFileSync(join(folder, "package.json"), JSON.stringify({ name: "prime", private: true }));
  execFileSync(
    "npm",
    ["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock", ...specs],
    { cwd: folder, stdio: ["ignore", "ignore", "inherit"] },
  );
  console.log(`[test] npm cache holds the metadata of ${specs.length} dependencies and theirs`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
