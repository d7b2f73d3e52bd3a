/**
 * `connectWorker`: the page's typed client of a worker host, over comlink.
 */
import * as Comlink from "comlink";
import { describeError, KernelError } from "../../src/errors.ts";
import type { ValidationReport } from "../../src/validation/check.ts";
import type {
  ConnectOptions,
  CreateWebSessionOptions,
  ModuleCheckOptions,
  ModuleInspection,
  ResumeWebSessionOptions,
  SessionExport,
  WebClient,
  WebModuleSource,
  WebSession,
  WebSessionInfo,
} from "./client-types.ts";
import { PageRouter } from "./page-router.ts";
import type { HostApi } from "./protocol.ts";
import { RemoteHost } from "./remote-call.ts";
import { RemoteWebSession } from "./web-session.ts";

/** How long `dispose()` lets the host clean up before the worker is terminated anyway. */
const DEFAULT_DISPOSE_TIMEOUT_MS = 5_000;

/**
 * Connects to a module Web Worker running the host and resolves once it answers.
 *
 * @throws KernelError `internal` when the worker fails to start.
 * @example
 * await using client = await connectWorker(startHostWorker(), { onApproval: (request) => ask(request.prompt, request.options) });
 * const session = await client.createSession(planYaml);
 * const answer = await session.execute("What is 6 * 7?", { onEvent: (event) => console.log(event.name) });
 */
export async function connectWorker(worker: Worker, options: ConnectOptions = {}): Promise<WebClient> {
  const host = new RemoteHost(Comlink.wrap<HostApi>(worker));
  const router = new PageRouter(options.onApproval);
  let onError: ((event: ErrorEvent) => void) | undefined;
  const failed = new Promise<never>((_resolve, reject) => {
    onError = (event) => {
      event.preventDefault();
      reject(new KernelError("internal", `The worker failed to start: ${event.message || describeError(event.error)}`));
    };
    worker.addEventListener("error", onError, { once: true });
  });
  try {
    await Promise.race([host.call((remote) => remote.attach(Comlink.proxy(router.callbacks))), failed]);
  } catch (error) {
    worker.terminate();
    throw error;
  } finally {
    if (onError) worker.removeEventListener("error", onError);
  }
  return new RemoteWebClient(host, router, worker, options.disposeTimeoutMs ?? DEFAULT_DISPOSE_TIMEOUT_MS);
}

class RemoteWebClient implements WebClient {
  #disposed: Promise<void> | undefined;
  readonly #handles = new Map<string, RemoteWebSession>();

  constructor(
    private readonly host: RemoteHost,
    private readonly router: PageRouter,
    private readonly worker: Worker,
    private readonly disposeTimeoutMs: number,
  ) {}

  async createSession(plan: string | object, options: CreateWebSessionOptions = {}): Promise<WebSession> {
    const id = options.sessionId ?? crypto.randomUUID();
    // Routed before the call, so the events of mounting reach the session's listener.
    this.router.addSession(id, options.onEvent);
    try {
      await this.host.call((remote) =>
        remote.createSession(plan, {
          sessionId: id,
          ...(options.env === undefined ? {} : { env: options.env }),
          ...(options.rememberEnv === undefined ? {} : { rememberEnv: options.rememberEnv }),
          ...(options.title === undefined ? {} : { title: options.title }),
        }),
      );
    } catch (error) {
      this.router.removeSession(id);
      throw error;
    }
    return this.#handle(id);
  }

  async resumeSession(id: string, options: ResumeWebSessionOptions = {}): Promise<WebSession> {
    this.router.addSession(id, options.onEvent);
    try {
      await this.host.call((remote) =>
        remote.resumeSession(id, {
          ...(options.env === undefined ? {} : { env: options.env }),
          ...(options.rememberEnv === undefined ? {} : { rememberEnv: options.rememberEnv }),
        }),
      );
    } catch (error) {
      this.router.removeSession(id);
      throw error;
    }
    return this.#handle(id);
  }

  #handle(id: string): RemoteWebSession {
    const handle = new RemoteWebSession(id, this.host, this.router, (closed) => {
      if (this.#handles.get(id) === closed) this.#handles.delete(id);
    });
    this.#handles.set(id, handle);
    return handle;
  }

  listSessions(): Promise<WebSessionInfo[]> {
    return this.host.call((remote) => remote.listSessions());
  }

  async deleteSession(id: string): Promise<void> {
    await this.host.call((remote) => remote.deleteSession(id));
    this.#handles.get(id)?.markClosed();
    this.router.removeSession(id);
  }

  exportSession(id: string): Promise<SessionExport> {
    return this.host.call((remote) => remote.exportSession(id));
  }

  importSession(exported: SessionExport | string): Promise<string> {
    return this.host.call((remote) => remote.importSession(exported));
  }

  validateModule(source: WebModuleSource, options: ModuleCheckOptions): Promise<ValidationReport> {
    return this.host.call((remote) => remote.validateModule(source, options));
  }

  inspectModule(source: WebModuleSource, options: ModuleCheckOptions): Promise<ModuleInspection> {
    return this.host.call((remote) => remote.inspectModule(source, options));
  }

  dispose(): Promise<void> {
    this.#disposed ??= (async () => {
      try {
        // A host that never finishes its cleanup (a module's cleanup that hangs, a crashed worker)
        // must not keep the page waiting: the worker is terminated either way.
        await Promise.race([
          this.host.call((remote) => remote.dispose()),
          new Promise<void>((resolve) => setTimeout(resolve, this.disposeTimeoutMs)),
        ]);
      } finally {
        this.host.markDisposed();
        this.router.abortAll();
        this.host.remote[Comlink.releaseProxy]();
        this.worker.terminate();
      }
    })();
    return this.#disposed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}
