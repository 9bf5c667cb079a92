/**
 * The one place where error codes become HTTP statuses, and the one error
 * handler: every failure leaves the API as `{ error: { code, message, fields? } }`.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type AppErrorShape, type ErrorCode } from '../../core/errors';

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
  error: AppErrorShape;
}

export function sendAppError(reply: FastifyReply, error: AppError): FastifyReply {
  return reply.status(HTTP_STATUS_BY_CODE[error.code]).send({ error: error.toJSON() } satisfies ErrorBody);
}

export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AppError) return sendAppError(reply, error);

  // Fastify's own client errors (malformed JSON, unsupported content type, body too large) are bad input.
  const statusCode = (error as FastifyError).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return sendAppError(reply, new AppError('INVALID_INPUT', error.message));
  }

  // The real cause goes to the log only: SQL, stack traces and table names never reach a station.
  request.log.error({ err: error }, 'unhandled error');
  return sendAppError(reply, new AppError('INTERNAL', ERROR_CODES.INTERNAL));
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendAppError(reply, new AppError('NOT_FOUND', `There is no ${request.method} ${request.url.split('?')[0]} in this API.`));
}
