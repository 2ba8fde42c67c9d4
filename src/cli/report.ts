import { totalSkipped, type IngestStats } from '../model/ingest-stats.ts';

function fmtBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** The stats as the JSON summary written by `--stats-file`. */
export function statsSummary(
  stats: IngestStats,
  seconds: number,
  extra: Record<string, unknown> = {},
) {
  return {
    records: stats.records,
    kept: stats.kept,
    skipped: { ...stats.skipped },
    skippedTotal: totalSkipped(stats),
    nodata: stats.nodata,
    skipdata: stats.skipdata,
    objects: stats.objects,
    bytesIn: stats.bytesIn,
    bytesDecoded: stats.bytesDecoded,
    seconds: Number(seconds.toFixed(3)),
    recordsPerSecond: seconds > 0 ? Math.round(stats.records / seconds) : stats.records,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...extra,
    coverage: stats.coverage,
    errors: stats.errors ?? [],
  };
}

/** A short human summary for stderr. */
export function humanSummary(stats: IngestStats, seconds: number, extra: string[] = []): string {
  const rate = seconds > 0 ? Math.round(stats.records / seconds) : stats.records;
  const skipped = Object.entries(stats.skipped)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const lines = [
    `flowlens: ${stats.records} records in ${stats.objects} object(s), ${stats.kept} kept, ${totalSkipped(stats)} skipped${skipped ? ` (${skipped})` : ''}`,
    `  NODATA ${stats.nodata}, SKIPDATA ${stats.skipdata}; ${fmtBytes(stats.bytesIn)} read, ${fmtBytes(stats.bytesDecoded)} decoded; ${seconds.toFixed(2)} s, ${rate} records/s`,
    ...extra.map((e) => `  ${e}`),
    ...(stats.errors ?? []).map((e) => `  error: ${e}`),
  ];
  return lines.join('\n') + '\n';
}

/** A throttled one-line progress display, only when stderr is a terminal. */
export function progressPrinter(
  stderr: { write(s: string): unknown; isTTY?: boolean },
  started: number,
) {
  let last = 0;
  let shown = false;
  return {
    tick(stats: IngestStats): void {
      if (!stderr.isTTY) {
        return;
      }
      const now = Date.now();
      if (now - last < 500) {
        return;
      }
      last = now;
      shown = true;
      const secs = (now - started) / 1000;
      stderr.write(
        `\r\x1b[K${stats.records} records, ${stats.objects} objects, ${fmtBytes(stats.bytesIn)} read, ${Math.round(stats.records / Math.max(secs, 0.001))} rec/s`,
      );
    },
    done(): void {
      if (shown) {
        stderr.write('\r\x1b[K');
      }
    },
  };
}
