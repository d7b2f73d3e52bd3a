import { startSandboxWorker } from "amplifier-edge/web";

const sandbox = startSandboxWorker();
const source = document.querySelector<HTMLTextAreaElement>("#source");
const result = document.querySelector<HTMLOutputElement>("#result");
const run = document.querySelector<HTMLButtonElement>("#run");

run?.addEventListener("click", async () => {
  if (!source || !result) return;
  result.textContent = "running…";
  try {
    result.textContent = JSON.stringify(await sandbox.evaluate(source.value));
  } catch (error) {
    result.textContent = `error: ${error instanceof Error ? error.message : String(error)}`;
  }
});
