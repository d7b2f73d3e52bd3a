/**
 * Approvals (`ask_user`): a modal dialog with the question and one button per option. Requests
 * wait their turn; a request withdrawn by the worker (timeout, Stop) closes its dialog.
 */
import type { ApprovalContext, ApprovalHandler, ApprovalRequest } from "amplifier-edge/web";
import { byId, h, replace } from "./dom.ts";

const ALLOW = /^(allow|yes|approve)/i;

/** Builds the page's approval handler over the dialog in the page's HTML. */
export function createApprovalDialog(): ApprovalHandler {
  const dialog = byId<HTMLDialogElement>("approval-dialog");
  const prompt = byId("approval-prompt");
  const timeout = byId("approval-timeout");
  const options = byId("approval-options");
  let queue: Promise<unknown> = Promise.resolve();

  const ask = (request: ApprovalRequest, context: ApprovalContext): Promise<string> =>
    new Promise<string>((resolve) => {
      if (context.signal.aborted) return resolve(String(request.default === "allow" ? "Allow once" : "Deny"));
      const finish = (answer: string) => {
        context.signal.removeEventListener("abort", withdrawn);
        dialog.removeEventListener("cancel", dismissed);
        if (dialog.open) dialog.close();
        resolve(answer);
      };
      const denial = request.options.find((option) => !ALLOW.test(option)) ?? "Deny";
      const withdrawn = () => finish(denial);
      // Escape means "no": the safe answer.
      const dismissed = (event: Event) => {
        event.preventDefault();
        finish(denial);
      };
      prompt.textContent = request.prompt;
      timeout.textContent = `Without an answer within ${request.timeout} s, the answer is "${request.default}".`;
      replace(
        options,
        ...request.options.map((option) => {
          const button = h("button", { type: "button", class: ALLOW.test(option) ? "primary" : "danger" }, option);
          button.addEventListener("click", () => finish(option));
          return button;
        }),
      );
      context.signal.addEventListener("abort", withdrawn, { once: true });
      dialog.addEventListener("cancel", dismissed);
      dialog.showModal();
      (options.querySelector("button.primary") as HTMLButtonElement | null)?.focus();
    });

  return (request, context) => {
    const answer = queue.then(() => ask(request, context));
    queue = answer.catch(() => undefined);
    return answer;
  };
}
