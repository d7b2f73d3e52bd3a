/**
 * Errors of the HTTP API as data: every failure answers `{ error: { code, message, issues? } }`
 * with a status that says whose fault it was. Kernel errors are mapped by their code.
 */
import { describeError, KernelError, type KernelErrorCode } from "../../src/errors.ts";

/** One problem in a request body, by path (`plan.session.context`, `prompt`). */
export interface ApiIssue {
  readonly path: string;
  readonly message: string;
}

/** The JSON body of every error answer. */
export interface ApiErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly issues?: readonly ApiIssue[] };
}

/** An HTTP status the API answers errors with. */
export type ApiErrorStatus = 400 | 401 | 404 | 409 | 413 | 415 | 500 | 503;

/** A failure that becomes an error answer; thrown inside handlers, answered by the app. */
export class ApiError extends Error {
  readonly status: ApiErrorStatus;
  readonly code: string;
  readonly issues: readonly ApiIssue[] | undefined;

  constructor(status: ApiErrorStatus, code: string, message: string, issues?: readonly ApiIssue[]) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.issues = issues;
  }

  /** The JSON body of this error. */
  toBody(): ApiErrorBody {
    return {
      error:
        this.issues === undefined
          ? { code: this.code, message: this.message }
          : { code: this.code, message: this.message, issues: this.issues },
    };
  }

  /** This error as a JSON Response. */
  toResponse(headers: HeadersInit = {}): Response {
    return Response.json(this.toBody(), { status: this.status, headers });
  }
}

const CLIENT_ERRORS: ReadonlySet<KernelErrorCode> = new Set([
  "invalid_plan",
  "invalid_config",
  "invalid_argument",
  "invalid_message",
]);

/** The ApiError for anything thrown: ApiErrors as they are, kernel input errors as 400, the rest as 500. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (KernelError.is(error)) {
    const issues = issuesOf(error.data);
    if (CLIENT_ERRORS.has(error.code)) return new ApiError(400, error.code, error.message, issues);
    if (error.code === "session_busy") return new ApiError(409, error.code, error.message);
    if (error.code === "storage_failed") return new ApiError(503, error.code, error.message);
    return new ApiError(500, error.code, error.message, issues);
  }
  return new ApiError(500, "internal", `Internal error: ${describeError(error)}`);
}

/** Reads `data.issues` of a KernelError (the plan parser puts `{ path, message }` items there). */
function issuesOf(data: Record<string, unknown> | undefined): ApiIssue[] | undefined {
  const issues = data?.issues;
  if (!Array.isArray(issues)) return undefined;
  return issues.flatMap((issue: unknown) => {
    const candidate = issue as { path?: unknown; message?: unknown } | null;
    return typeof candidate?.path === "string" && typeof candidate.message === "string"
      ? [{ path: candidate.path, message: candidate.message }]
      : [];
  });
}

/** Prefixes every issue path (`session.context` → `plan.session.context`). */
export function prefixIssues(prefix: string, issues: readonly ApiIssue[]): ApiIssue[] {
  return issues.map((issue) => ({
    path:
      issue.path === "(plan)"
        ? prefix
        : issue.path.startsWith("[")
          ? `${prefix}${issue.path}`
          : `${prefix}.${issue.path}`,
    message: issue.message,
  }));
}
