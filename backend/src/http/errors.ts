/**
 * Domain errors: handlers throw these and the error middleware turns them into the
 * shared JSON error shape. Nothing else in the code builds error answers.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { fields?: Record<string, string[]>; headers?: Record<string, string>; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, fields?: Record<string, string[]>) => new AppError(400, code, message, { fields });
export const validationFailed = (fields: Record<string, string[]>, message = 'Some fields need attention.') =>
  new AppError(400, 'validation_failed', message, { fields });
export const unauthorized = (code: string, message: string) => new AppError(401, code, message, { headers: { 'WWW-Authenticate': 'Bearer' } });
export const forbidden = (code: string, message: string) => new AppError(403, code, message);
export const notFound = (message = 'Not found.') => new AppError(404, 'not_found', message);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const serviceUnavailable = (code: string, message: string) => new AppError(503, code, message);
