import { Readable } from 'node:stream';
import type * as CloudWatchSdk from '@aws-sdk/client-cloudwatch-logs';
import { FlowError, type FlowErrorCode } from '../../model/errors.ts';
import type { TimeWindow } from '../../model/flow-record.ts';
import { DEFAULT_FORMAT } from '../../model/fields.ts';
import type { LogObject, Source, SourceContext, SourceOptions } from '../source.ts';

/** What one FilterLogEvents call asks for. */
export interface FilterRequest {
  readonly group: string;
  readonly streamPrefix?: string;
  /** Event timestamps, ms, both inclusive (as the API takes them). */
  readonly startTime?: number;
  readonly endTime?: number;
  readonly token?: string;
  readonly signal?: AbortSignal;
}

export interface FilterPage {
  readonly messages: readonly string[];
  readonly nextToken?: string;
}

/** The port the CloudWatch source needs; the SDK adapter below implements it. */
export type FilterLogEvents = (req: FilterRequest) => Promise<FilterPage>;

export interface CloudWatchTarget {
  readonly group: string;
  readonly streamPrefix?: string;
  readonly endpoint?: string;
}

/**
 * `cloudwatch://LOG-GROUP[?stream=PREFIX][&endpoint=URL]`. Group names with slashes are written
 * after the scheme as they are: `cloudwatch:///aws/vpc/flow-logs` is the group
 * `/aws/vpc/flow-logs`.
 */
export function parseCloudWatchUri(uri: string): CloudWatchTarget {
  const m = /^cloudwatch:\/\/([^?#]+)(?:\?([^#]*))?$/i.exec(uri);
  if (!m) {
    throw new FlowError('FLOW_USAGE', `'${uri}' is not a cloudwatch://LOG-GROUP URL`);
  }
  const q = new URLSearchParams(m[2] ?? '');
  const stream = q.get('stream');
  const endpoint = q.get('endpoint');
  return {
    group: decodeURIComponent(m[1]!),
    ...(stream ? { streamPrefix: stream } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
}

const ERROR_CODES: Readonly<Record<string, FlowErrorCode>> = {
  ResourceNotFoundException: 'FLOW_SOURCE_NOT_FOUND',
  AccessDeniedException: 'FLOW_AUTH',
  UnrecognizedClientException: 'FLOW_AUTH',
  InvalidParameterException: 'FLOW_USAGE',
};

/** The AWS SDK v3 adapter, with standard credential and region resolution. */
export function createSdkFilter(target: CloudWatchTarget, options: SourceOptions) {
  // The SDK loads on first use, so commands that never touch CloudWatch start faster.
  let sdk: Promise<typeof CloudWatchSdk> | undefined;
  let client: CloudWatchSdk.CloudWatchLogsClient | undefined;
  const filter: FilterLogEvents = async (req) => {
    const { CloudWatchLogsClient, FilterLogEventsCommand } = await (sdk ??=
      import('@aws-sdk/client-cloudwatch-logs'));
    client ??= new CloudWatchLogsClient({
      ...(options.region ? { region: options.region } : {}),
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    });
    const cmd = new FilterLogEventsCommand({
      logGroupName: req.group,
      ...(req.streamPrefix ? { logStreamNamePrefix: req.streamPrefix } : {}),
      ...(req.startTime !== undefined ? { startTime: req.startTime } : {}),
      ...(req.endTime !== undefined ? { endTime: req.endTime } : {}),
      ...(req.token ? { nextToken: req.token } : {}),
    });
    try {
      const out = await client.send(cmd, { abortSignal: req.signal });
      const messages = (out.events ?? []).map((e) => e.message ?? '');
      return { messages, ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
    } catch (e) {
      if (req.signal?.aborted) {
        throw req.signal.reason ?? e;
      }
      const err = e as Error;
      const code = ERROR_CODES[err.name] ?? 'FLOW_SOURCE_READ';
      throw new FlowError(code, `CloudWatch Logs ${req.group}: ${err.name}: ${err.message}`, {
        cause: e,
      });
    }
  };
  return { filter, destroy: () => client?.destroy() };
}

/** The window as FilterLogEvents times: the event timestamp is the record's `start`. */
function timeRange(w: TimeWindow | undefined): { startTime?: number; endTime?: number } {
  if (!w) {
    return {};
  }
  return {
    ...(w.start > 0 ? { startTime: w.start * 1000 } : {}),
    ...(w.stop < 1e12 ? { endTime: w.stop * 1000 - 1 } : {}),
  };
}

function pageObject(name: string, messages: readonly string[], format: readonly string[]) {
  const bytes = Buffer.from(messages.map((m) => m.replace(/\r?\n$/, '')).join('\n') + '\n');
  const obj: LogObject = {
    name,
    size: bytes.length,
    envelope: 'text',
    format,
    open: async () => Readable.from([bytes]),
  };
  return obj;
}

export interface CloudWatchSourceDeps {
  readonly createFilter?: typeof createSdkFilter;
}

/**
 * `cloudwatch://LOG-GROUP`: pulls a log group's flow-log events for the window with
 * FilterLogEvents (paginated) and hands over each page as one headerless text object, parsed
 * with `--log-format` (default v2).
 */
export function createCloudWatchSource(
  uri: string,
  options: SourceOptions = {},
  deps: CloudWatchSourceDeps = {},
): Source {
  const target = parseCloudWatchUri(uri);
  const format = options.logFormat ?? DEFAULT_FORMAT;
  return {
    kind: 'cloudwatch',
    uri,
    async *objects(ctx: SourceContext) {
      ctx.signal?.throwIfAborted();
      const { filter, destroy } = (deps.createFilter ?? createSdkFilter)(target, options);
      const base = {
        group: target.group,
        ...(target.streamPrefix ? { streamPrefix: target.streamPrefix } : {}),
        ...timeRange(ctx.window),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      };
      try {
        let token: string | undefined;
        let n = 0;
        do {
          ctx.signal?.throwIfAborted();
          const page = await filter({ ...base, ...(token ? { token } : {}) });
          if (page.messages.length > 0) {
            yield pageObject(`${uri} (page ${++n})`, page.messages, format);
          }
          token = page.nextToken;
        } while (token);
      } finally {
        destroy();
      }
    },
  };
}
