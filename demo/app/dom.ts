/** Tiny DOM helpers: the page is plain DOM, no framework. */
import { formatIssuePath, KernelError } from "amplifier-edge/web";

type Child = Node | string | number | false | null | undefined;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/**
 * Creates an element: `h("button", { type: "button", onclick: run }, "Run")`.
 * Attributes starting with `on` are listeners; `true` sets an empty attribute; `false`/undefined skip it.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  append(element, ...children);
  return element;
}

/** Appends children, skipping empty ones. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, ...children);
}

/** The element with `id`, which the page's HTML must contain. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element as T;
}

/** JSON for people: indented, long strings kept. */
export function pretty(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A one-line preview of a value, cut at `max` characters. */
export function preview(value: unknown, max = 120): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The message of an error (a KernelError shows its code). */
export function describeError(error: unknown): string {
  if (error !== null && typeof error === "object" && "message" in error) {
    const code = "code" in error && typeof error.code === "string" ? `${error.code}: ` : "";
    return `${code}${String(error.message)}`;
  }
  return String(error);
}

/**
 * A list of every problem of an error about a value's shape (its `issues`), each by path
 * (`messages[1].role`), or undefined for an error without issues. The error's message names the first few;
 * this shows them all.
 */
export function issueList(error: unknown, id: string): HTMLElement | undefined {
  if (!KernelError.is(error) || error.issues === undefined || error.issues.length === 0) return undefined;
  return h(
    "ul",
    { class: "checks", id, "aria-label": "Problems" },
    ...error.issues.map((issue) =>
      h("li", { class: "fail" }, h("code", {}, formatIssuePath(issue.path) || "(the value)"), ` ${issue.message}`),
    ),
  );
}

/** Offers `text` as a file download named `name`. */
export function download(name: string, text: string, type = "application/json"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: name });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
