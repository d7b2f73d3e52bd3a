/**
 * Errors of the HTTP API: every failure answers `{ error: { code, message, data?, issues? } }`,
 * the kernel's error data as it is (issue paths as arrays), with a status that says whose fault it
 * was. The status is added here, at the HTTP edge, and only here: {@link statusOf} is the one
 * mapping from a code to a status. Behind the edge, the session object answers `Result`s.
 */
import { type Issue, type KernelErrorCode, type KernelErrorData, toErrorData } from "../../src/errors.ts";

/** Codes only the HTTP edge answers (routes, auth, bodies); they never cross the session object's RPC. */
export type HttpErrorCode =
  | "not_found"
  | "unauthorized"
  | "auth_not_configured"
  | "body_too_large"
  | "unsupported_media_type"
  | "invalid_json"
  | "invalid_body"
  | "invalid_header"
  | "invalid_query"
  | "misconfigured";

/** Every code an error answer may carry: the kernel's, and the edge's own. */
export type ApiErrorCode = KernelErrorCode | HttpErrorCode;

/** The JSON body of every error answer. */
export interface ApiErrorBody {
  readonly error: {
    readonly code: ApiErrorCode;
    readonly message: string;
    readonly data?: Record<string, unknown>;
    /** Every problem of a request or plan of the wrong shape, by path (`["plan", "tools", 0, "config"]`). */
    readonly issues?: readonly Issue[];
  };
}

/** An HTTP status the API answers errors with. */
export type ApiErrorStatus = 400 | 401 | 404 | 409 | 410 | 413 | 415 | 422 | 500 | 503;

/** Codes that are not the service's fault; any other code answers 500. */
const STATUS: Partial<Record<ApiErrorCode, ApiErrorStatus>> = {
  invalid_plan: 400,
  invalid_config: 400,
  invalid_argument: 400,
  invalid_message: 400,
  invalid_json: 400,
  invalid_body: 400,
  invalid_header: 400,
  invalid_query: 400,
  unauthorized: 401,
  not_found: 404,
  session_not_found: 404,
  approval_not_found: 404,
  session_busy: 409,
  name_conflict: 409,
  no_turn_running: 409,
  events_expired: 410,
  body_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  storage_failed: 503,
  auth_not_configured: 503,
};

/** The HTTP status of an error code: the one mapping from codes to statuses. */
export function statusOf(code: ApiErrorCode): ApiErrorStatus {
  return STATUS[code] ?? 500;
}

/** Options of an ApiError. */
export interface ApiErrorOptions {
  readonly data?: Record<string, unknown> | undefined;
  readonly issues?: readonly Issue[] | undefined;
}

/** A failure of the HTTP edge itself (a route, the token, a body), thrown in handlers and answered by the app. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly data: Record<string, unknown> | undefined;
  readonly issues: readonly Issue[] | undefined;

  constructor(code: ApiErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.data = options.data;
    this.issues = options.issues;
  }

  /** The ApiError for a kernel error's data (code, data and issues kept). */
  static fromData(error: KernelErrorData): ApiError {
    return new ApiError(error.code, error.message, { data: error.data, issues: error.issues });
  }

  /** The status this error answers with ({@link statusOf} its code). */
  get status(): ApiErrorStatus {
    return statusOf(this.code);
  }

  /** The JSON body of this error. */
  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.data === undefined ? {} : { data: this.data }),
        ...(this.issues === undefined ? {} : { issues: this.issues }),
      },
    };
  }

  /** This error as a JSON Response. */
  toResponse(headers: HeadersInit = {}): Response {
    return Response.json(this.toBody(), { status: this.status, headers });
  }
}

/** The ApiError for anything thrown: ApiErrors as they are, KernelErrors with their data, the rest as `internal`. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return ApiError.fromData(toErrorData(error, "internal", "Internal error"));
}
