/** The typed errors the HTTP layer knows how to answer. Each has a status and a stable id. */
export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly id: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(message, 404, 'not_found');
  }
}

/** One problem with one field: `path` says where (e.g. ["questions", 10] or ["line", 7, "email"]). */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

export class ValidationError extends AppError {
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message, 400, 'validation_failed', issues);
  }
}

/** The request itself cannot be read (a broken address, NUL characters in text). */
export class BadRequestError extends AppError {
  constructor(message: string) {
    super(message, 400, 'bad_request');
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Sign in to continue') {
    super(message, 401, 'unauthorized');
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have access to this page') {
    super(message, 403, 'forbidden');
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(message, 409, 'conflict');
  }
}

/** A save made from an older copy than the stored one (optimistic concurrency); says which version is stored now. */
export class StaleCopyError extends ConflictError {
  constructor(
    message: string,
    readonly currentVersion: number,
  ) {
    super(message);
  }
}

export class RateLimitedError extends AppError {
  constructor(message = 'Too many attempts; try again in a few minutes') {
    super(message, 429, 'rate_limited');
  }
}
