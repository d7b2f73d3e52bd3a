/**
 * The approval system of a session in its Durable Object: an `ask_user` hook result becomes a
 * pending request with an unguessable id, announced as an `approval:required` event (which the
 * prompt's event stream carries to the client); `POST .../approvals/:request_id` answers it. The
 * broker enforces the HookResult's timeout itself: it announces the default as the outcome, then
 * fails the request with `approval_timeout`, and the kernel (told by `enforces_timeout`) waits for
 * that rather than racing it with a timer of its own, so the outcome is always announced first.
 */
import {
  type ApprovalAsker,
  type ApprovalDefault,
  type ApprovalSystem,
  approvalTimeoutError,
  isAllowDecision,
  yesNoDecision,
} from "../../src/approval.ts";
import { KernelError } from "../../src/errors.ts";
import { APPROVAL_DENIED, APPROVAL_GRANTED, APPROVAL_REQUIRED } from "../../src/hooks/events.ts";
import { issuesError } from "../../src/issues.ts";
import { timerDelay } from "../../src/timer-delay.ts";

/** Emits an event through the session's hooks. */
export type ApprovalEventEmitter = (event: string, data: Record<string, unknown>) => Promise<unknown>;

interface PendingApproval {
  readonly prompt: string;
  readonly options: readonly string[];
  settle(decision: string): void;
}

/** Options of {@link ApprovalBroker}. */
export interface ApprovalBrokerOptions {
  /** Makes request ids (unguessable by default). */
  readonly newId: () => string;
}

/** Pending approvals of one session, answered over HTTP. */
export class ApprovalBroker implements ApprovalSystem {
  readonly enforces_timeout = true;
  readonly #pending = new Map<string, PendingApproval>();
  readonly #newId: () => string;
  #emit: ApprovalEventEmitter = async () => undefined;

  constructor(options: ApprovalBrokerOptions) {
    this.#newId = options.newId;
  }

  /** Where approval events go (the session's hooks, once the session exists). */
  connect(emit: ApprovalEventEmitter): void {
    this.#emit = emit;
  }

  /** How many requests wait for an answer. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  async request_approval(
    prompt: string,
    options: readonly string[],
    timeout: number,
    default_: ApprovalDefault,
    asker?: ApprovalAsker,
  ): Promise<string> {
    const requestId = this.#newId();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let expireAtOnce: (() => void) | undefined;
    const decided = new Promise<string>((resolve, reject) => {
      const forget = () => {
        if (timer !== undefined) clearTimeout(timer);
        this.#pending.delete(requestId);
      };
      this.#pending.set(requestId, {
        prompt,
        options: [...options],
        settle: (decision) => {
          forget();
          resolve(decision);
        },
      });
      const expire = () => {
        forget();
        reject(approvalTimeoutError(prompt, timeout));
      };
      // The only deadline of this request (see `enforces_timeout`); a zero timeout expires once the
      // request is announced. Clamped: past 2^31 ms `setTimeout` would fire at once.
      const delay = timerDelay(timeout * 1000);
      if (delay > 0) timer = setTimeout(expire, delay);
      else expireAtOnce = expire;
    });
    await this.#emit(APPROVAL_REQUIRED, {
      request_id: requestId,
      prompt,
      options: [...options],
      timeout,
      default: default_,
      ...toolOf(asker),
    });
    expireAtOnce?.();
    let decision: string;
    try {
      decision = await decided;
    } catch (error) {
      const event = default_ === "allow" ? APPROVAL_GRANTED : APPROVAL_DENIED;
      await this.#emit(event, { request_id: requestId, prompt, decision: default_, timed_out: true });
      throw error;
    }
    const event = isAllowDecision(decision) ? APPROVAL_GRANTED : APPROVAL_DENIED;
    await this.#emit(event, { request_id: requestId, prompt, decision, timed_out: false });
    return decision;
  }

  /**
   * Answers a pending request with one of its options (compared case-insensitively).
   *
   * @throws KernelError `approval_not_found` for an unknown, answered or expired id; `invalid_argument`
   *   (issue path `decision`) for an answer that is not one of the options.
   */
  answer(requestId: string, decision: string): { decision: string } {
    const pending = this.#pending.get(requestId);
    if (pending === undefined) {
      throw new KernelError("approval_not_found", `No pending approval ${requestId} in this session.`);
    }
    const wanted = decision.trim().toLowerCase();
    const chosen = pending.options.find((option) => option.trim().toLowerCase() === wanted);
    if (chosen === undefined) {
      const message = `must be one of ${pending.options.map((option) => JSON.stringify(option)).join(", ")}`;
      throw issuesError("invalid_argument", "Invalid request body", [
        { path: ["decision"], message, code: "invalid_value" },
      ]);
    }
    pending.settle(chosen);
    return { decision: chosen };
  }

  /** True while request `requestId` waits for an answer. */
  isPending(requestId: string): boolean {
    return this.#pending.has(requestId);
  }

  /**
   * Answers request `requestId` with a yes or no (as the AI SDK's approvals do): its first allow
   * option other than `Allow always`, or its first other option (`Deny` when it has none, which
   * the kernel reads as a refusal). Returns the decision, or undefined when the request is not pending.
   */
  decide(requestId: string, approved: boolean): string | undefined {
    const pending = this.#pending.get(requestId);
    if (pending === undefined) return undefined;
    const decision = yesNoDecision(pending.options, approved);
    pending.settle(decision);
    return decision;
  }

  /** Answers every pending request with `decision` (used when a turn is cancelled or the session deleted). */
  settleAll(decision: string): void {
    for (const pending of [...this.#pending.values()]) pending.settle(decision);
  }
}

/** The tool call fields of an approval event, when the question is about one. */
function toolOf(asker: ApprovalAsker | undefined): { tool_call_id?: string; tool_name?: string } {
  return {
    ...(asker?.tool_call_id === undefined ? {} : { tool_call_id: asker.tool_call_id }),
    ...(asker?.tool_name === undefined ? {} : { tool_name: asker.tool_name }),
  };
}
