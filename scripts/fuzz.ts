/**
 * The long fuzzing run (`npm run fuzz`): every boundary property of the security suite with many
 * more runs, then the debug-build leak check. A failure prints fast-check's counterexample and the
 * seed to replay it with.
 *
 *   npm run fuzz                      20× the suite's runs, a random seed
 *   npm run fuzz -- --scale 100       100× the suite's runs
 *   npm run fuzz -- --seed 1234       replays a seed
 *   npm run fuzz -- --only plan       only the properties whose name contains "plan"
 */
import { fuzzDebugBuild } from "../tests/suites/security/fuzz-debug.ts";
import { FUZZ_PROPERTIES } from "../tests/suites/security/fuzz-properties.ts";
import { loadQuickJSWasm } from "../worker/node/quickjs-wasm.ts";

function option(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
}

async function main(argv: readonly string[]): Promise<number> {
  const scale = Number(option(argv, "scale") ?? 20);
  const seed = Number(option(argv, "seed") ?? Math.floor(Math.random() * 2 ** 31));
  const only = option(argv, "only");
  console.log(`fuzzing the boundary: ${scale}× the suite's runs, seed ${seed}`);
  const environment = { wasmModule: await loadQuickJSWasm() };
  let failures = 0;
  for (const property of FUZZ_PROPERTIES) {
    if (only !== undefined && !property.name.includes(only)) continue;
    const runs = property.runs * scale;
    const started = performance.now();
    try {
      await property.run(environment, runs, seed);
      console.log(`ok    ${property.name}: ${runs} runs in ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      failures += 1;
      console.log(`FAIL  ${property.name} (seed ${seed})\n${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (only === undefined || "leak".includes(only)) {
    const runs = 200 * Math.max(1, Math.floor(scale / 4));
    try {
      await fuzzDebugBuild(runs, seed);
      console.log(`ok    debug build: ${runs} runs, every sandbox released with nothing leaked`);
    } catch (error) {
      failures += 1;
      console.log(
        `FAIL  debug build leak check (seed ${seed})\n${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  console.log(failures === 0 ? "no failures" : `${failures} propert${failures === 1 ? "y" : "ies"} failed`);
  return failures === 0 ? 0 : 1;
}

// Random plan text makes the YAML parser emit a process warning per oddity; they would drown the report.
process.removeAllListeners("warning");
process.exitCode = await main(process.argv.slice(2));
