// Summarises scripts/stress-tests.sh: `round N` prints round N's line, `total` prints each test that
// failed in any round with its failure count, then every round's line again and the verdict (exit 1
// when anything failed). Reads the Vitest JSON reports in DIR (round-N.json, round-N.seconds).
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const [dir, count, mode] = process.argv.slice(2);
if (!dir || !count || (mode !== "round" && mode !== "total")) {
  console.error("usage: stress-report.mjs DIR N round|total");
  process.exit(2);
}

/** One round: its totals and the names of what failed (a test, or a file that failed outside its tests). */
function readRound(round) {
  const report = join(dir, `round-${round}.json`);
  const seconds = Number(readFileSync(join(dir, `round-${round}.seconds`), "utf8"));
  if (!existsSync(report)) {
    return { round, seconds, tests: 0, failed: 1, failures: [`(round ${round}: vitest wrote no report)`] };
  }
  const results = JSON.parse(readFileSync(report, "utf8"));
  const failures = [];
  for (const file of results.testResults) {
    const name = relative(process.cwd(), file.name);
    const failedTests = file.assertionResults.filter((test) => test.status === "failed");
    for (const test of failedTests) failures.push(`${name} > ${test.fullName}`);
    if (file.status === "failed" && failedTests.length === 0) {
      failures.push(`${name} (the file failed: ${String(file.message).split("\n")[0]})`);
    }
  }
  return { round, seconds, tests: results.numTotalTests, failed: failures.length, failures };
}

const line = (r) =>
  `[stress] round ${r.round}: ${r.tests} tests, ${r.failed} failures, ${Math.floor(r.seconds / 60)}m${String(r.seconds % 60).padStart(2, "0")}s`;

if (mode === "round") {
  const result = readRound(Number(count));
  console.log(line(result));
  for (const failure of result.failures) console.log(`[stress]   failed: ${failure}`);
} else {
  const rounds = Array.from({ length: Number(count) }, (_, index) => readRound(index + 1));
  const counts = new Map();
  for (const round of rounds) for (const failure of round.failures) counts.set(failure, (counts.get(failure) ?? 0) + 1);
  console.log(`[stress] ---- ${rounds.length} rounds under a CPU hog ----`);
  for (const [failure, times] of [...counts].sort((a, b) => b[1] - a[1])) {
    console.log(`[stress] ${times}/${rounds.length} rounds failed: ${failure}`);
  }
  for (const round of rounds) console.log(line(round));
  const failed = rounds.reduce((sum, round) => sum + round.failed, 0);
  console.log(`[stress] ${failed === 0 ? "no failures" : `${failed} failures`} in ${rounds.length} rounds`);
  process.exit(failed === 0 ? 0 : 1);
}
