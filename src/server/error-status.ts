import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isFlowError, type FlowErrorCode } from '../model/errors.ts';

/** Error code → HTTP status; anything not listed is a 500. */
export const ERROR_STATUS: Partial<Record<FlowErrorCode, ContentfulStatusCode>> = {
  FLOW_USAGE: 400,
  FLOW_TIME_INVALID: 400,
  FLOW_JOB_INVALID: 400,
  FLOW_FORMAT_INVALID: 400,
  FLOW_PAYLOAD_INVALID: 400,
  FLOW_PAYLOAD_TOO_LARGE: 413,
  FLOW_AUTH: 401,
  FLOW_RATE_LIMITED: 429,
  FLOW_DATA_NOT_FOUND: 404,
  FLOW_JOB_UNAVAILABLE: 501,
  FLOW_QUEUE: 500,
  FLOW_STORAGE: 500,
};

export function statusOf(e: unknown): ContentfulStatusCode {
  return (isFlowError(e) && ERROR_STATUS[e.code]) || 500;
}

/** The client-facing message: the error's own text for 4xx, upstream's generic text for 5xx. */
export function messageOf(e: unknown): string {
  const status = statusOf(e);
  return status < 500 || status === 501 ? (e as Error).message : 'Internal Server Error';
}
