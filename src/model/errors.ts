/** Error codes, `FLOW_<AREA>_<WHAT>`. Tests assert codes, never message text. */
export const ERROR_CODES = [
  'FLOW_USAGE',
  'FLOW_CONFIG_INVALID',
  'FLOW_FORMAT_INVALID',
  'FLOW_TIME_INVALID',
  'FLOW_SOURCE_UNSUPPORTED',
  'FLOW_SOURCE_NOT_FOUND',
  'FLOW_SOURCE_READ',
  'FLOW_DECODE_TOO_LARGE',
  'FLOW_DECODE_CORRUPT',
  'FLOW_PARSE_STRICT',
  'FLOW_GRAPH_INVALID',
  'FLOW_JOB_INVALID',
  'FLOW_STORAGE',
  'FLOW_QUEUE',
  'FLOW_PAYLOAD_INVALID',
  'FLOW_PAYLOAD_TOO_LARGE',
  'FLOW_AUTH',
  'FLOW_DATA_NOT_FOUND',
  'FLOW_DATA_INVALID',
  'FLOW_DATA_FETCH',
  'FLOW_JOB_UNAVAILABLE',
  'FLOW_RATE_LIMITED',
  'FLOW_QUERY_FAILED',
  'FLOW_QUERY_CANCELLED',
  'FLOW_DIGEST_KERNEL',
] as const;
export type FlowErrorCode = (typeof ERROR_CODES)[number];

/** The one error type flowlens throws on purpose. `cause` carries the underlying error. */
export class FlowError extends Error {
  override readonly name: string = 'FlowError';
  readonly code: FlowErrorCode;

  constructor(code: FlowErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isFlowError(e: unknown, code?: FlowErrorCode): e is FlowError {
  return e instanceof FlowError && (code === undefined || e.code === code);
}
