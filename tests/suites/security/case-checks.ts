/**
 * The checks of one corpus case, collected rather than thrown one by one, so a failing case says
 * everything that went wrong at once.
 */
import type { FailedModule, Message, Session } from "../../../src/index.ts";
import { findToolPairingProblems } from "../../../src/testing/index.ts";
import type { CorpusCase } from "./corpus-case.ts";
import { WITNESS_STATE } from "./corpus-plan.ts";
import type { RecordedRequest } from "./fake-network.ts";
import type { CaseReport, ObservedEvent, TurnOutcome } from "./run-case.ts";

/** Hosts the corpus network answers for; a request anywhere else is an escape. */
const GRANTABLE_HOSTS = new Set(["api.example.com", "other.example.com"]);

function show(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 400 ? `${text.slice(0, 400)}…` : text;
  } catch {
    return String(value);
  }
}

function sameJson(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

/** The checks of one case. */
export class CaseChecks {
  readonly #case: CorpusCase;
  readonly #events: readonly ObservedEvent[];
  readonly #problems: string[] = [];

  constructor(corpusCase: CorpusCase, events: readonly ObservedEvent[]) {
    this.#case = corpusCase;
    this.#events = events;
  }

  /** Records a problem; returns false so a check can stop with `return this.fail(...)`. */
  fail(problem: string): false {
    this.#problems.push(problem);
    return false;
  }

  #check(condition: boolean, problem: () => string): void {
    if (!condition) this.fail(problem());
  }

  /** Only the hostile module may fail to mount, and only when the case says so. */
  mount(failed: readonly FailedModule[], hostileId: string): boolean {
    const expected = this.#case.expect.mount;
    const others = failed.filter((entry) => entry.module_id !== hostileId);
    this.#check(others.length === 0, () => `other modules failed to mount: ${show(others)}`);
    const own = failed.filter((entry) => entry.module_id === hostileId);
    if (!expected) {
      this.#check(own.length === 0, () => `the module failed to mount: ${show(own)}`);
      return true;
    }
    const [entry] = own;
    if (own.length !== 1 || !entry)
      return this.fail(`expected the mount to fail (${expected.reason}), got ${show(own)}`);
    this.#check(
      entry.reason_code === expected.reason,
      () => `mount reason ${entry.reason_code}, expected ${expected.reason}`,
    );
    const pattern = expected.error;
    if (pattern)
      this.#check(new RegExp(pattern).test(entry.error), () => `mount error ${show(entry.error)} !~ /${pattern}/`);
    const event = this.#events.find((seen) => seen.event === "module:load_failed" && seen.data.module_id === hostileId);
    this.#check(event !== undefined, () => "no module:load_failed event reported the failed mount");
    return true;
  }

  /** The tools mounted after initialize are exactly the expected ones, when the case says. */
  toolsMounted(tools: readonly string[]): void {
    const expected = this.#case.expect.tools_mounted;
    if (!expected) return;
    const names = [...tools].sort();
    this.#check(
      sameJson(names, [...expected].sort()),
      () => `mounted tools ${show(names)}, expected ${show(expected)}`,
    );
  }

  answered(what: string, outcome: TurnOutcome, expected: string | undefined): boolean {
    if ("error" in outcome) return this.fail(`${what} failed: ${show(outcome.error)}`);
    if (expected !== undefined)
      this.#check(outcome.answer === expected, () => `${what} answered ${show(outcome.answer)}`);
    return true;
  }

  attackTurn(outcome: TurnOutcome): boolean {
    const { turn, answer } = this.#case.expect;
    if (turn === "answers") {
      if ("error" in outcome) return this.fail(`the attack turn rejected: ${show(outcome.error)}`);
      if (answer)
        this.#check(
          new RegExp(answer).test(outcome.answer),
          () => `attack answer ${show(outcome.answer)} !~ /${answer}/`,
        );
      return true;
    }
    if (!("error" in outcome))
      return this.fail(`the attack turn answered ${show(outcome.answer)}, expected ${turn.rejects}`);
    this.#check(
      outcome.error.code === turn.rejects,
      () => `the attack turn rejected with ${show(outcome.error)}, expected ${turn.rejects}`,
    );
    const pattern = turn.message;
    if (pattern)
      this.#check(
        new RegExp(pattern).test(outcome.error.message),
        () => `turn error !~ /${pattern}/: ${outcome.error.message}`,
      );
    return true;
  }

  /** The stored history keeps every earlier message unchanged and its tool calls paired. */
  history(what: string, earlier: readonly Message[], now: readonly Message[]): void {
    this.#check(sameJson(now.slice(0, earlier.length), earlier), () => `${what} changed earlier history: ${show(now)}`);
    const problems = findToolPairingProblems(now);
    this.#check(problems.length === 0, () => `${what} broke tool-call pairing: ${show(problems)}`);
  }

  transcript(added: readonly Message[]): void {
    for (const wanted of this.#case.expect.transcript) {
      const pattern = new RegExp(wanted.matches);
      const found = added.some((message) => message.role === wanted.role && pattern.test(JSON.stringify(message)));
      this.#check(found, () => `no ${wanted.role} message matching /${wanted.matches}/ in ${show(added)}`);
    }
    for (const excluded of this.#case.expect.transcript_excludes) {
      const pattern = new RegExp(excluded);
      const hit = added.find((message) => pattern.test(JSON.stringify(message)));
      this.#check(hit === undefined, () => `a message of the attack turn matches /${excluded}/: ${show(hit)}`);
    }
  }

  /** The hostile tool's result in the attack turn, from `tool:post`. */
  hostileTool(attackEvents: readonly ObservedEvent[]): boolean {
    const expected = this.#case.expect.tool;
    if (!expected) return true;
    const posts = attackEvents.filter((seen) => seen.event === "tool:post" && seen.data.tool_name === "hostile");
    const result = posts[0]?.data.result as
      | { success?: boolean; output?: unknown; error?: { code?: string; message?: string } }
      | undefined;
    if (posts.length !== 1 || !result)
      return this.fail(`expected one tool:post of the hostile tool, got ${posts.length}`);
    this.#check(result.success === expected.success, () => `tool success ${result.success}: ${show(result)}`);
    if (expected.code)
      this.#check(result.error?.code === expected.code, () => `tool error code: ${show(result.error)}`);
    const message = expected.message;
    if (message)
      this.#check(
        new RegExp(message).test(result.error?.message ?? ""),
        () => `tool error !~ /${message}/: ${show(result.error)}`,
      );
    if ("output" in expected)
      this.#check(sameJson(result.output, expected.output), () => `tool output ${show(result.output)}`);
    const pattern = expected.output_matches;
    if (pattern)
      this.#check(
        new RegExp(pattern).test(JSON.stringify(result.output) ?? ""),
        () => `tool output !~ /${pattern}/: ${show(result.output)}`,
      );
    return true;
  }

  /** Calls the witness directly; it must answer with its state, never see a polluted prototype. */
  async witness(session: Session, when: string): Promise<number | undefined> {
    const tool = session.coordinator.get("tools", "witness");
    if (!tool) {
      this.fail(`the witness is not mounted ${when}`);
      return undefined;
    }
    const result = await tool.execute({ text: when });
    const output = result.output as { calls?: number; state?: string; proto?: unknown[] } | undefined;
    if (!result.success || output?.state !== WITNESS_STATE || !sameJson(output.proto, [])) {
      this.fail(`the witness answered ${show(result)} ${when}`);
      return undefined;
    }
    return output.calls;
  }

  /** Kills and violations are exactly the expected ones; the witness never died. */
  lifecycle(hostileId: string, witnessId: string): void {
    const of = (event: string, module: string) =>
      this.#events.filter((seen) => seen.event === event && seen.data.module === module);
    const killed = of("sandbox:killed", hostileId).map((seen) => String(seen.data.reason));
    this.#check(
      sameJson(killed, this.#case.expect.killed),
      () => `killed ${show(killed)}, expected ${show(this.#case.expect.killed)}`,
    );
    const witnessTrouble = [...of("sandbox:killed", witnessId), ...of("sandbox:restarted", witnessId)];
    this.#check(witnessTrouble.length === 0, () => `the witness was affected: ${show(witnessTrouble)}`);
    const violations = this.#events
      .filter((seen) => seen.event === "policy:violation")
      .map((seen) => String(seen.data.capability));
    this.#check(
      sameJson(violations, this.#case.expect.violations),
      () => `policy violations ${show(violations)}, expected ${show(this.#case.expect.violations)}`,
    );
  }

  network(requests: readonly RecordedRequest[]): void {
    const urls = requests.map((request) => request.url);
    this.#check(
      sameJson(urls, this.#case.expect.fetched),
      () => `fetched ${show(urls)}, expected ${show(this.#case.expect.fetched)}`,
    );
    for (const request of requests) {
      const host = new URL(request.url).hostname;
      this.#check(GRANTABLE_HOSTS.has(host), () => `a request reached ${host}`);
      const carriesCredential = Object.keys(request.headers).some((name) => name === "authorization");
      if (host !== "api.example.com") this.#check(!carriesCredential, () => `the credential went to ${host}`);
    }
  }

  approvals(asked: readonly string[]): void {
    const expected = this.#case.expect.approvals;
    const matches =
      asked.length === expected.length &&
      expected.every((pattern, index) => new RegExp(pattern).test(asked[index] ?? ""));
    this.#check(matches, () => `approval prompts ${show(asked)}, expected ${show(expected)}`);
  }

  warnings(codes: readonly string[]): void {
    for (const code of this.#case.expect.warnings)
      this.#check(codes.includes(code), () => `no ${code} warning in ${show(codes)}`);
  }

  /** The report, or an Error listing every problem. */
  report(runtime: CaseReport["runtime"]): CaseReport {
    if (this.#problems.length > 0) {
      throw new Error(`${this.#case.file} (${this.#case.title}) was not contained:\n- ${this.#problems.join("\n- ")}`);
    }
    const killed = this.#events
      .filter((seen) => seen.event === "sandbox:killed")
      .map((seen) => String(seen.data.reason));
    const violations = this.#events
      .filter((seen) => seen.event === "policy:violation")
      .map((seen) => String(seen.data.capability));
    return { file: this.#case.file, category: this.#case.category, runtime, killed, violations };
  }
}
