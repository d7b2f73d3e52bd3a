/**
 * Runs one benchmark in this process and prints its metrics as one JSON line on stdout:
 * `node --import tsx bench/run-one.ts <name> [--quick]` (bench/run.ts starts one per benchmark).
 */
import { BENCHMARKS } from "./benchmarks.ts";

const [name] = process.argv.slice(2);
const entry = BENCHMARKS.find((candidate) => candidate.name === name);
if (!entry) throw new Error(`no benchmark named ${name}; known: ${BENCHMARKS.map((item) => item.name).join(", ")}`);
const benchmark = await entry.load();
const results = await benchmark.run({ quick: process.argv.includes("--quick") });
process.stdout.write(`${JSON.stringify(results)}\n`);
// Worker threads, Chromium and workerd are closed by the benchmark; a stray handle in a dependency
// must not turn a finished run into a hang.
process.exit(0);
