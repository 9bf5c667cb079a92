/**
 * One error envelope for every HTTP refusal, the framework's own included
 * (issue 12): `{ ok: false, error: { code, reason?, message, fields? } }`.
 * The central API and the station's web host both install these handlers, so
 * a body too large, JSON that does not parse, a content type nobody reads, a
 * route that does not exist or a rate limit reach the person as words, never
 * as Fastify's `{ statusCode, error, message }`.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type AppErrorShape, type ErrorCode } from '../core/errors';

/** A Record over every code, so adding a code to core fails the type check until it has a status here. */
export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  UNKNOWN_METHOD: 404,
  INVALID_INPUT: 400,
  NOT_SIGNED_IN: 401,
  BAD_CREDENTIALS: 401,
  BAD_STATION_CREDENTIAL: 401,
  STATION_NOT_REGISTERED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ACCOUNT_LOCKED: 423,
  SESSION_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  OFFLINE: 503,
};

export interface ErrorBody {
  ok: false;
  error: AppErrorShape;
}

export function sendAppError(reply: FastifyReply, error: AppError, status = HTTP_STATUS_BY_CODE[error.code]): FastifyReply {
  return reply.status(status).send({ ok: false, error: error.toJSON() } satisfies ErrorBody);
}

/** Fastify's client errors, in words; the HTTP status stays the framework's (413, 415, ...). */
function frameworkRefusal(error: FastifyError, limitKb: number): AppError {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return AppError.because('REQUEST_TOO_LARGE', `This request is too large (at most ${limitKb} KB). Send less at a time.`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return AppError.because('REQUEST_NOT_JSON', 'This request must be sent as JSON (content-type: application/json).');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return AppError.because('REQUEST_NOT_JSON', 'The request body is not valid JSON.');
    default:
      return AppError.because('REQUEST_MALFORMED', 'This request could not be read.');
  }
}

/** Installs the error and not-found handlers: every refusal leaves as the one envelope. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any server and logger type: the API's and the web host's differ
export function installErrorEnvelope(app: FastifyInstance<any, any, any, any, any>, opts: { bodyLimit: number; what: string }): void {
  const limitKb = Math.round(opts.bodyLimit / 1024);
  app.setErrorHandler((error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) return sendAppError(reply, error);
    const statusCode = (error as FastifyError).statusCode;
    if (statusCode === 429) return sendAppError(reply, new AppError('RATE_LIMITED'));
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return sendAppError(reply, frameworkRefusal(error as FastifyError, limitKb), statusCode);
    }
    // The real cause goes to the log only: SQL, stack traces and table names never reach a person.
    request.log.error({ err: error }, 'unhandled error');
    return sendAppError(reply, new AppError('INTERNAL', ERROR_CODES.INTERNAL));
  });
  app.setNotFoundHandler((request, reply) =>
    sendAppError(reply, AppError.because('ROUTE_UNKNOWN', `There is no ${request.method} ${request.url.split('?')[0]!.slice(0, 200)} in ${opts.what}.`)),
  );
}
