/**
 * The central API's refusals: the shared envelope (platform/http-refusals.ts),
 * re-exported where the routes have always found it.
 */
export { HTTP_STATUS_BY_CODE, sendAppError, type ErrorBody } from '../../platform/http-refusals';
