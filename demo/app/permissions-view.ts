/**
 * The permissions a module may get, each granted or not by its own checkbox (nothing is ticked
 * for the user), and its limits. What the module asks for is listed first; the user may add more.
 * Only the ticked items go into the plan entry's `sandbox:` block.
 */
import { type ModuleType, type RequestedCapability, riskyPermissions } from "amplifier-edge/web";
import type { RequestedPermissions } from "./catalog.ts";
import { h, replace } from "./dom.ts";
import type { PlanEnv, SandboxBlock } from "./plan.ts";

const NOTHING_YET =
  "Nothing requested so far: no network, no secrets, no capabilities, no history. Validate to see what it tries to use.";
const NOTHING_AFTER_CHECK =
  "It asks for nothing and tried nothing while mounting: it runs with no network, no secrets, no capabilities, no history.";

type Permission =
  | { kind: "network"; host: string }
  | { kind: "capability"; name: string }
  | { kind: "transcript" }
  | { kind: "storage"; quota_bytes: number }
  | { kind: "secret"; host: string; header: string; secret: string; format: string; value: string }
  | { kind: "hooks"; event: string }
  | { kind: "inject"; role: InjectRole }
  | { kind: "display" }
  | { kind: "approval" };

type InjectRole = "system" | "user" | "assistant";
const INJECT_ROLES: readonly string[] = ["system", "user", "assistant"];

interface Row {
  readonly permission: Permission;
  /** Why it is listed: what the module declared, what it tried, or what the user added. */
  readonly origin: string;
  granted: boolean;
}

function keyOf(permission: Permission): string {
  switch (permission.kind) {
    case "network":
      return `network:${permission.host}`;
    case "capability":
      return `capability:${permission.name}`;
    case "secret":
      return `secret:${permission.secret}@${permission.host}`;
    case "hooks":
      return `hooks:${permission.event}`;
    case "inject":
      return `inject:${permission.role}`;
    default:
      return permission.kind;
  }
}

function labelOf(permission: Permission): string {
  switch (permission.kind) {
    case "network":
      return `Network: fetch https://${permission.host}`;
    case "capability":
      return `Capability: read the coordinator's "${permission.name}"`;
    case "transcript":
      return "Transcript: read the conversation history";
    case "storage":
      return `Storage: keep up to ${permission.quota_bytes} bytes in this session`;
    case "secret":
      return `Secret: send ${permission.secret} as the ${permission.header} header to ${permission.host} (the module never sees it)`;
    case "hooks":
      return `Hooks: watch the "${permission.event}" event (a module that is not a hook)`;
    case "inject":
      return `Inject: add ${permission.role} messages to the conversation`;
    case "display":
      return "Display: show messages to you";
    case "approval":
      return "Approval: ask you to approve what the agent does (shown with its name)";
  }
}

/** The permissions list, the "add a permission" form and the limits. */
export class PermissionsView {
  readonly element: HTMLElement;
  readonly #list = h("ul", { class: "checks", id: "permission-list" });
  /** What the ticked grants allow that deserves a second look (the kernel warns the same at mount). */
  readonly #risks = h("ul", { class: "risks", id: "permission-risks", "aria-live": "polite" });
  readonly #memory = h("input", { type: "number", id: "limit-memory", min: 8, max: 1024, value: 32 });
  readonly #timeout = h("input", { type: "number", id: "limit-timeout", min: 10, max: 60_000, value: 1000 });
  readonly #ownWorker = h("input", { type: "checkbox", id: "limit-worker", checked: true });
  #rows: Row[] = [];
  /** Whether Validate has shown what the module tries to use. */
  #checked = false;

  /** @param kindOf the kind of the module being edited (a hook watches every event). */
  constructor(private readonly kindOf: () => ModuleType) {
    const kind = h(
      "select",
      { id: "permission-kind" },
      h("option", { value: "network" }, "Network host"),
      h("option", { value: "capability" }, "Coordinator capability"),
      h("option", { value: "transcript" }, "Transcript (conversation history)"),
      h("option", { value: "storage" }, "Storage quota (bytes)"),
      h("option", { value: "secret" }, "Secret sent to a host"),
      h("option", { value: "hooks" }, "Hook event (for a tool, provider…)"),
      h("option", { value: "inject" }, "Inject messages in a role"),
      h("option", { value: "display" }, "Show messages to you"),
      h("option", { value: "approval" }, "Ask you for approvals"),
    );
    const value = h("input", { type: "text", id: "permission-value", placeholder: "api.example.com" });
    const secretFields = h(
      "div",
      { class: "grid2", hidden: true },
      field("Header", h("input", { type: "text", id: "secret-header", value: "authorization" })),
      field("Secret name", h("input", { type: "text", id: "secret-name", value: "API_TOKEN" })),
      field("Value format", h("input", { type: "text", id: "secret-format", value: "Bearer {secret}" })),
      field("Secret value (kept in memory)", h("input", { type: "password", id: "secret-value" })),
    );
    kind.addEventListener("change", () => {
      secretFields.hidden = kind.value !== "secret";
      value.hidden = ["transcript", "display", "approval"].includes(kind.value);
      value.placeholder = PLACEHOLDERS[kind.value] ?? "api.example.com";
    });
    const add = h("button", { type: "button", id: "permission-add" }, "Add");
    add.addEventListener("click", () => {
      const text = value.value.trim();
      const chosen = kind.value;
      const read = (id: string) => (document.getElementById(id) as HTMLInputElement).value.trim();
      let permission: Permission | undefined;
      if (chosen === "network" && text)
        permission = { kind: "network", host: text.replace(/^https?:\/\//, "").replace(/\/.*$/, "") };
      if (chosen === "capability" && text) permission = { kind: "capability", name: text };
      if (chosen === "transcript") permission = { kind: "transcript" };
      if (chosen === "display") permission = { kind: "display" };
      if (chosen === "approval") permission = { kind: "approval" };
      if (chosen === "hooks" && text) permission = { kind: "hooks", event: text };
      if (chosen === "inject" && INJECT_ROLES.includes(text)) permission = { kind: "inject", role: text as InjectRole };
      if (chosen === "storage" && Number(text) >= 0 && text !== "")
        permission = { kind: "storage", quota_bytes: Math.floor(Number(text)) };
      if (chosen === "secret" && text) {
        permission = {
          kind: "secret",
          host: text,
          header: read("secret-header"),
          secret: read("secret-name"),
          format: read("secret-format"),
          value: read("secret-value"),
        };
      }
      if (!permission) return;
      this.#add(permission, "added by you", true);
      value.value = "";
      this.#render();
    });
    // A form, so Enter adds and the secret's password field sits in a form.
    const addForm = h(
      "form",
      { "aria-label": "Add a permission" },
      h("label", { for: "permission-kind" }, "Permission"),
      kind,
      h("label", { for: "permission-value" }, "Host, capability, quota, event or role"),
      value,
      secretFields,
      h("div", { class: "row" }, add),
    );
    addForm.addEventListener("submit", (event) => {
      event.preventDefault();
      add.click();
    });
    this.element = h(
      "div",
      {},
      h(
        "fieldset",
        {},
        h("legend", {}, "Permissions"),
        h(
          "p",
          { class: "hint" },
          "Nothing is granted unless you tick it. Each ticked item goes into the module's sandbox.",
        ),
        this.#list,
        this.#risks,
        h("details", {}, h("summary", {}, "Add a permission"), addForm),
      ),
      h(
        "fieldset",
        {},
        h("legend", {}, "Limits"),
        h(
          "div",
          { class: "row" },
          h("label", { class: "inline", for: "limit-memory" }, "Memory (MB)", this.#memory),
          h("label", { class: "inline", for: "limit-timeout" }, "Time per call (ms)", this.#timeout),
        ),
        h(
          "label",
          { class: "inline", for: "limit-worker" },
          this.#ownWorker,
          "Run it in a Web Worker of its own (a busy module never freezes the kernel)",
        ),
        h("p", { class: "hint" }, "A module that goes over a limit is killed; the session goes on without it."),
      ),
    );
    this.#render();
  }

  /** Starts over with what a module declares it needs and its suggested limits. */
  reset(requests: RequestedPermissions, limits: { memory_mb: number; timeout_ms: number }): void {
    this.#rows = [];
    this.#checked = false;
    for (const host of requests.fetch ?? []) this.#add({ kind: "network", host }, "the module asks for it", false);
    for (const name of requests.capabilities ?? [])
      this.#add({ kind: "capability", name }, "the module asks for it", false);
    if (requests.transcript) this.#add({ kind: "transcript" }, "the module asks for it", false);
    for (const role of requests.inject ?? []) this.#add({ kind: "inject", role }, "the module asks for it", false);
    if (requests.display) this.#add({ kind: "display" }, "the module asks for it", false);
    if (requests.approval) this.#add({ kind: "approval" }, "the module asks for it", false);
    this.#memory.value = String(limits.memory_mb);
    this.#timeout.value = String(limits.timeout_ms);
    this.#render();
  }

  /** Adds what a module tried to use while it was being inspected. */
  addAttempts(attempts: readonly RequestedCapability[]): void {
    this.#checked = true;
    for (const attempt of attempts) {
      const permission = permissionOfAttempt(attempt);
      if (permission) this.#add(permission, `it tried: ${attempt.action} ${attempt.target}`.trim(), false);
    }
    this.#render();
  }

  /** The sandbox block (ticked items only, and the limits) and the values of granted secrets. */
  sandbox(): { sandbox: SandboxBlock; secrets: PlanEnv } {
    const granted = this.#rows.filter((row) => row.granted).map((row) => row.permission);
    const permissions: NonNullable<SandboxBlock["permissions"]> = {};
    const fetch: string[] = [];
    const capabilities: string[] = [];
    const grantedSecrets: NonNullable<NonNullable<SandboxBlock["permissions"]>["secrets"]> = [];
    const hooks: string[] = [];
    const inject: InjectRole[] = [];
    const secrets: PlanEnv = {};
    for (const permission of granted) {
      if (permission.kind === "network") fetch.push(permission.host);
      if (permission.kind === "capability") capabilities.push(permission.name);
      if (permission.kind === "transcript") permissions.transcript = true;
      if (permission.kind === "storage") permissions.storage = { quota_bytes: permission.quota_bytes };
      if (permission.kind === "hooks") hooks.push(permission.event);
      if (permission.kind === "inject") inject.push(permission.role);
      if (permission.kind === "display") permissions.display = true;
      if (permission.kind === "approval") permissions.approval = true;
      if (permission.kind === "secret") {
        const { host, header, secret, format, value } = permission;
        grantedSecrets.push({ host, header, secret, ...(format ? { format } : {}) });
        secrets[secret] = value;
      }
    }
    if (fetch.length > 0) permissions.fetch = fetch;
    if (capabilities.length > 0) permissions.capabilities = capabilities;
    if (grantedSecrets.length > 0) permissions.secrets = grantedSecrets;
    if (hooks.length > 0) permissions.hooks = hooks;
    if (inject.length > 0) permissions.inject = inject;
    const sandbox: SandboxBlock = {
      memory_mb: clamp(Number(this.#memory.value), 8, 1024, 32),
      timeout_ms: clamp(Number(this.#timeout.value), 10, 60_000, 1000),
      placement: this.#ownWorker.checked ? "worker" : "inline",
    };
    if (Object.keys(permissions).length > 0) sandbox.permissions = permissions;
    return { sandbox, secrets };
  }

  #add(permission: Permission, origin: string, granted: boolean): void {
    if (this.#rows.some((row) => keyOf(row.permission) === keyOf(permission))) return;
    this.#rows.push({ permission, origin, granted });
  }

  /** Shows the warnings again (the module's kind may have changed). */
  refresh(): void {
    this.#renderRisks();
  }

  /** Lists the warnings about the ticked grants, for the module's current kind. */
  #renderRisks(): void {
    const warnings = riskyPermissions({ sandbox: this.sandbox().sandbox }, this.kindOf());
    replace(this.#risks, ...warnings.map((warning) => h("li", {}, `Look twice: ${warning}`)));
  }

  #render(): void {
    this.#renderRisks();
    if (this.#rows.length === 0) {
      replace(this.#list, h("li", { class: "empty" }, this.#checked ? NOTHING_AFTER_CHECK : NOTHING_YET));
      return;
    }
    replace(
      this.#list,
      ...this.#rows.map((row, index) => {
        const box = h("input", { type: "checkbox", id: `grant-${index}`, checked: row.granted });
        box.addEventListener("change", () => {
          row.granted = box.checked;
          this.#renderRisks();
        });
        return h(
          "li",
          {},
          h("label", { class: "inline", for: `grant-${index}` }, box, `Grant ${labelOf(row.permission)}`),
          h("div", { class: "hint" }, `Listed because ${row.origin}.`),
        );
      }),
    );
  }
}

function permissionOfAttempt(attempt: RequestedCapability): Permission | undefined {
  const capability = attempt.capability;
  if (capability === "fetch" || capability === "network") {
    const host = attempt.target.replace(/^https?:\/\//, "").replace(/[/:].*$/, "");
    return host ? { kind: "network", host } : undefined;
  }
  if (capability === "transcript") return { kind: "transcript" };
  if (capability === "storage") return { kind: "storage", quota_bytes: 65_536 };
  if (capability === "capabilities" || capability === "capability") {
    return attempt.target ? { kind: "capability", name: attempt.target } : undefined;
  }
  if (capability === "hooks") return attempt.target ? { kind: "hooks", event: attempt.target } : undefined;
  if (capability === "inject" && INJECT_ROLES.includes(attempt.target)) {
    return { kind: "inject", role: attempt.target as InjectRole };
  }
  if (capability === "display") return { kind: "display" };
  if (capability === "approval") return { kind: "approval" };
  return undefined;
}

const PLACEHOLDERS: Record<string, string> = {
  capability: "session.store",
  storage: "65536",
  hooks: "tool:pre",
  inject: "system",
};

function field(label: string, input: HTMLInputElement): HTMLElement {
  return h("div", {}, h("label", { for: input.id }, label), input);
}

function clamp(value: number, min: number, max: number, fallback: number): number {
  if (!Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.round(value)));
}
