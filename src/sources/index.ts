import { FlowError } from '../model/errors.ts';
import { createCloudWatchSource } from './cloudwatch/cloudwatch-source.ts';
import { createFileSource, createStdinSource } from './file/file-source.ts';
import { createS3Source } from './s3/s3-source.ts';
import type { Source, SourceOptions } from './source.ts';

/**
 * The source registry: URI scheme → factory. Adding a source is one folder and one line here.
 * `file` also takes plain paths; `-` is standard input.
 */
export const sources = {
  file: (uri: string, _o: SourceOptions) => createFileSource(uri),
  stdin: (_uri: string, o: SourceOptions) => createStdinSource(o.stdin),
  s3: (uri: string, o: SourceOptions) => createS3Source(uri, o),
  cloudwatch: (uri: string, o: SourceOptions) => createCloudWatchSource(uri, o),
} as const satisfies Record<string, (uri: string, o: SourceOptions) => Source>;

export type SourceKind = keyof typeof sources;

/** `s3://…` → `s3`, `-` → `stdin`, a path → `file`. */
export function sourceKindOf(uri: string): string {
  if (uri === '-') {
    return 'stdin';
  }
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri);
  return m ? (m[1] ?? '').toLowerCase() : 'file';
}

export function openSource(uri: string, options: SourceOptions = {}): Source {
  const kind = sourceKindOf(uri);
  const factory = (sources as Record<string, (u: string, o: SourceOptions) => Source>)[kind];
  if (!factory) {
    throw new FlowError(
      'FLOW_SOURCE_UNSUPPORTED',
      `unsupported source '${uri}' (known: ${Object.keys(sources).join(', ')})`,
    );
  }
  return factory(uri, options);
}

export function openSources(uris: readonly string[], options: SourceOptions = {}): Source[] {
  return uris.map((u) => openSource(u, options));
}
