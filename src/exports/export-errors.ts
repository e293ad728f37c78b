/** A request the exports refuse with a clear message: bad parameters (400), no database (503), access (401/403). */
export class ExportError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 503,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

export const badRequest = (message: string, field: string | null = null) => new ExportError(400, 'BAD_REQUEST', message, field);
