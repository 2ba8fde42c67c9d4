import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowRecord } from '../model/flow-record.ts';
import { DEFAULT_ROW_GROUP_ROWS, ParquetSink } from './parquet-sink.ts';

export interface PartitionedWriterOptions {
  readonly dir: string;
  /** Region for records without a `region` field (the key layout's region). */
  readonly defaultRegion?: string;
  readonly rowGroupRows?: number;
  /** Flush the fullest partition when all partitions together buffer more rows than this. */
  readonly maxBufferedRows?: number;
  /** Distinguishes this run's files from earlier runs into the same directory. */
  readonly runId?: string;
}

const SEGMENT_RE = /^[A-Za-z0-9_.-]+$/;
const segment = (v: string | null | undefined): string =>
  v != null && SEGMENT_RE.test(v) ? v : 'unknown';

/** `AWSLogs/aws-account-id=…/aws-service=vpcflowlogs/aws-region=…/year=…/month=…/day=…` */
export function partitionPath(rec: FlowRecord, defaultRegion = 'unknown'): string | undefined {
  if (rec.start == null) {
    return undefined;
  }
  const iso = new Date(rec.start * 1000).toISOString();
  return [
    'AWSLogs',
    `aws-account-id=${segment(rec.accountId)}`,
    'aws-service=vpcflowlogs',
    `aws-region=${segment(rec.region ?? defaultRegion)}`,
    `year=${iso.slice(0, 4)}`,
    `month=${iso.slice(5, 7)}`,
    `day=${iso.slice(8, 10)}`,
  ].join('/');
}

/**
 * Writes records into Hive-partitioned Parquet (AWS's Hive-compatible key layout), one sink per
 * partition. Memory is bounded: each sink flushes a row group at `rowGroupRows`, and when all
 * sinks together hold more than `maxBufferedRows` the fullest one is flushed early.
 */
export class PartitionedWriter {
  private readonly sinks = new Map<string, ParquetSink>();
  private buffered = 0;
  /** Records without a start time (no day to file them under). */
  skipped = 0;
  written = 0;

  constructor(private readonly o: PartitionedWriterOptions) {}

  add(rec: FlowRecord): void {
    const path = partitionPath(rec, this.o.defaultRegion);
    if (path === undefined) {
      this.skipped++;
      return;
    }
    const sink = this.sinks.get(path) ?? this.open(path);
    const before = sink.buffered;
    sink.add(rec);
    this.buffered += sink.buffered - before;
    this.written++;
    if (this.buffered > (this.o.maxBufferedRows ?? 4 * DEFAULT_ROW_GROUP_ROWS)) {
      this.flushFullest();
    }
  }

  private open(path: string): ParquetSink {
    const dir = join(this.o.dir, path);
    mkdirSync(dir, { recursive: true });
    const run = this.o.runId ?? String(Date.now());
    const sink = new ParquetSink(
      (n) => join(dir, `flowlens_${run}_${n}.log.parquet`),
      this.o.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS,
    );
    this.sinks.set(path, sink);
    return sink;
  }

  private flushFullest(): void {
    let top: ParquetSink | undefined;
    for (const s of this.sinks.values()) {
      if (!top || s.buffered > top.buffered) {
        top = s;
      }
    }
    this.buffered -= top?.buffered ?? 0;
    top?.flush();
  }

  /** Closes every file; returns the files written. */
  close(): string[] {
    const files: string[] = [];
    for (const s of this.sinks.values()) {
      s.close();
      files.push(...s.files);
    }
    this.buffered = 0;
    return files.sort();
  }
}
