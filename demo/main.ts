/**
 * The playground: a page over the public `amplifier-edge/web` API. The kernel, its QuickJS
 * sandboxes and the IndexedDB store live in a module Web Worker; this page draws and asks.
 */
import { connectWorker } from "amplifier-edge/web";
import { createApprovalDialog } from "./app/approval-dialog.ts";
import { ChatPanel } from "./app/chat-panel.ts";
import { ContextPanel } from "./app/context-panel.ts";
import { byId, describeError } from "./app/dom.ts";
import { EventsPanel } from "./app/events-panel.ts";
import { HooksPanel } from "./app/hooks-panel.ts";
import { McpPanel } from "./app/mcp-panel.ts";
import { ModulesPanel } from "./app/modules-panel.ts";
import { Playground } from "./app/playground.ts";
import { describeSession } from "./app/session-line.ts";
import { SessionsPanel } from "./app/sessions-panel.ts";
import { SettingsPanel } from "./app/settings-panel.ts";
import { loadSettings } from "./app/settings-store.ts";
import { setupTabs } from "./app/tabs.ts";
import { ToolsPanel } from "./app/tools-panel.ts";
import { TraceView } from "./app/trace-view.ts";

/** The playground's host worker: the ready-made one, plus a tracer provider for the Trace tab. */
function startPlaygroundWorker(): Worker {
  return new Worker(new URL("./host/host-worker.ts", import.meta.url), { type: "module", name: "amplifier-edge host" });
}

async function start(): Promise<void> {
  const line = byId("session-line");
  const client = await connectWorker(startPlaygroundWorker(), { onApproval: createApprovalDialog() });
  const playground = new Playground(client, loadSettings());
  setupTabs(byId("inspect-panel").querySelector('[role="tablist"]') as HTMLElement);
  new EventsPanel(byId("events-root"), playground);
  new ToolsPanel(byId("tools-root"), playground);
  new HooksPanel(byId("hooks-root"), playground);
  new TraceView(byId("trace-root"), playground);
  const context = new ContextPanel(byId("context-root"), playground);
  new SessionsPanel(byId("sessions-root"), playground);
  new SettingsPanel(byId("settings-root"), playground);
  new ModulesPanel(byId("modules-root"), playground);
  const chat = new ChatPanel(byId("chat-root"), playground);
  new McpPanel(byId("mcp-root"), playground, (prompt) => chat.fill(prompt));
  chat.onTurnEnd(() => {
    void context.refresh();
    playground.listChanged();
    void playground.refreshStatus().then((status) => {
      if (status && playground.current) line.textContent = describeSession(playground.current);
    });
  });
  playground.onSession((current) => {
    line.textContent = describeSession(current);
  });
  const problem = await playground.open();
  if (problem) {
    chat.notice(
      `⚠ The session shown before the reload could not be resumed (${problem}). It is still stored: enter what it needs in Settings (e.g. its API key), then resume it from Sessions.`,
      true,
    );
  }
  document.body.dataset.ready = "true";
  addEventListener("pagehide", () => void client.dispose());
}

start().catch((error: unknown) => {
  const line = document.getElementById("session-line");
  if (line) {
    line.textContent = `The playground could not start: ${describeError(error)}`;
    line.classList.add("alert-line");
  }
});
