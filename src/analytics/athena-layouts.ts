/** How flow-log objects are laid out under `AWSLogs/`, and how Athena projects partitions. */
export interface PartitionLayout {
  /** The date partition column (`day` or `hour`). */
  readonly column: 'day' | 'hour';
  /** Athena `projection.<column>.format` (Java date pattern; quoted text is literal). */
  readonly format: string;
  readonly unit: 'DAYS' | 'HOURS';
  /** Path below `AWSLogs/`, with `${…}` partition placeholders. */
  readonly template: string;
  /** Unix seconds → the partition value in `format`. */
  value(seconds: number): string;
}

function parts(seconds: number): [string, string, string, string] {
  const iso = new Date(seconds * 1000).toISOString();
  return [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10), iso.slice(11, 13)];
}

/**
 * The S3 layouts AWS writes: daily and hourly prefixes, and Hive-compatible keys with daily or
 * hourly (`hour=HH`) partitions.
 */
export const PARTITION_LAYOUTS = {
  daily: {
    column: 'day',
    format: 'yyyy/MM/dd',
    unit: 'DAYS',
    template: '${aws_account_id}/vpcflowlogs/${aws_region}/${day}/',
    value: (s: number) => parts(s).slice(0, 3).join('/'),
  },
  hourly: {
    column: 'hour',
    format: 'yyyy/MM/dd/HH',
    unit: 'HOURS',
    template: '${aws_account_id}/vpcflowlogs/${aws_region}/${hour}/',
    value: (s: number) => parts(s).join('/'),
  },
  hive: {
    column: 'day',
    format: "'year='yyyy'/month='MM'/day='dd",
    unit: 'DAYS',
    template:
      'aws-account-id=${aws_account_id}/aws-service=vpcflowlogs/aws-region=${aws_region}/${day}/',
    value: (s: number) => {
      const [y, m, d] = parts(s);
      return `year=${y}/month=${m}/day=${d}`;
    },
  },
  'hive-hourly': {
    column: 'hour',
    format: "'year='yyyy'/month='MM'/day='dd'/hour='HH",
    unit: 'HOURS',
    template:
      'aws-account-id=${aws_account_id}/aws-service=vpcflowlogs/aws-region=${aws_region}/${hour}/',
    value: (s: number) => {
      const [y, m, d, h] = parts(s);
      return `year=${y}/month=${m}/day=${d}/hour=${h}`;
    },
  },
} as const satisfies Record<string, PartitionLayout>;

export type LayoutName = keyof typeof PARTITION_LAYOUTS;

/** `daily|hourly|hive|hive-hourly`, for help texts. */
export const LAYOUT_NAMES = Object.keys(PARTITION_LAYOUTS).join('|');
