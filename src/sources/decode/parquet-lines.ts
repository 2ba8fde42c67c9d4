import * as zlib from 'node:zlib';
import {
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
  type AsyncBuffer,
  type Compressors,
  type FileMetaData,
} from 'hyparquet';
import { canonicalFieldName } from '../../model/fields.ts';
import { FlowError } from '../../model/errors.ts';

/** Rows turned into text per yielded buffer. */
const ROWS_PER_BATCH = 8192;
const AWS_ACCOUNT_DIGITS = 12;

/** A Parquet object seen as the text path sees a log: a header plus space-separated lines. */
export interface ParquetLines {
  /** Canonical (hyphenated) field names, in column order. */
  readonly header: readonly string[];
  readonly rows: number;
  /** Batches of `\n`-terminated lines; `-` stands for null. */
  lines(): AsyncGenerator<Buffer>;
}

type ZstdSync = (b: Uint8Array, o: { maxOutputLength: number }) => Buffer;

/**
 * Page decompressors beyond hyparquet's built-in Snappy. AWS writes flow-log Parquet with GZIP.
 * Each page declares its uncompressed size, which caps the output (no decompression bomb).
 */
function decompressors(): Compressors {
  const cap = (n: number) => ({ maxOutputLength: Math.max(n, 1) });
  const zstd = (zlib as unknown as { zstdDecompressSync?: ZstdSync }).zstdDecompressSync;
  const table: Compressors = {
    GZIP: (input, n) => zlib.unzipSync(input, cap(n)),
    BROTLI: (input, n) => zlib.brotliDecompressSync(input, cap(n)),
  };
  if (zstd) {
    table.ZSTD = (input, n) => zstd(input, cap(n));
  }
  return table;
}

const COMPRESSORS = decompressors();

/** Makes one value a single space-free token: null/empty → `-`, whitespace percent-encoded. */
function token(v: unknown, accountColumn: boolean): string {
  if (v === null || v === undefined) {
    return '-';
  }
  if (typeof v === 'string') {
    if (v === '') {
      return '-';
    }
    return /[\s%]/.test(v) ? v.replace(/[\s%]/g, (c) => encodeURIComponent(c)) : v;
  }
  const s = String(v);
  // An account id stored as a number lost its leading zeros; AWS account ids have 12 digits.
  return accountColumn && /^\d+$/.test(s) ? s.padStart(AWS_ACCOUNT_DIGITS, '0') : s;
}

function columnNames(metadata: FileMetaData): string[] {
  return parquetSchema(metadata).children.map((c) => c.element.name);
}

/** Decodes rows `[rowStart, rowEnd)`; called once per row group, so memory stays bounded. */
async function readRows(
  file: AsyncBuffer,
  metadata: FileMetaData,
  rowStart: number,
  rowEnd: number,
): Promise<unknown[][]> {
  let rows: unknown[][] = [];
  await parquetRead({
    file,
    metadata,
    rowStart,
    rowEnd,
    compressors: COMPRESSORS,
    onComplete: (r: unknown[][]) => {
      rows = r;
    },
  });
  return rows;
}

function render(rows: readonly unknown[][], accountCols: readonly boolean[]): Buffer {
  let text = '';
  for (const row of rows) {
    let line = token(row[0], accountCols[0]!);
    for (let c = 1; c < accountCols.length; c++) {
      line += ' ' + token(row[c], accountCols[c]!);
    }
    text += line + '\n';
  }
  return Buffer.from(text, 'utf8');
}

async function readMetadata(file: AsyncBuffer): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(file);
  } catch (e) {
    throw new FlowError('FLOW_SOURCE_READ', `not a readable Parquet file (${String(e)})`, {
      cause: e,
    });
  }
}

/**
 * Opens a Parquet object (VPC Flow Logs' `.log.parquet`: underscore column names, nulls where
 * text has `-`) for the shared line parser. Decodes one row group at a time and renders it in
 * batches; the object itself must allow random access (`file`).
 */
export async function openParquetLines(file: AsyncBuffer): Promise<ParquetLines> {
  const metadata = await readMetadata(file);
  const header = columnNames(metadata).map(canonicalFieldName);
  const accountCols = header.map((n) => n.endsWith('account-id'));
  return {
    header,
    rows: Number(metadata.num_rows),
    async *lines() {
      let rowStart = 0;
      for (const group of metadata.row_groups) {
        const rowEnd = rowStart + Number(group.num_rows);
        const decoded = await readRows(file, metadata, rowStart, rowEnd);
        for (let i = 0; i < decoded.length; i += ROWS_PER_BATCH) {
          yield render(decoded.slice(i, i + ROWS_PER_BATCH), accountCols);
        }
        rowStart = rowEnd;
      }
    },
  };
}
