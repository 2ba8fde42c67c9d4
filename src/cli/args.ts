import { parseArgs } from 'node:util';
import { FlowError } from '../model/errors.ts';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** Shown in --help. */
  readonly help: string;
  readonly arg?: string;
}
export type OptionTable = Readonly<Record<string, OptionSpec>>;

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/** Parses argv against a typed table; unknown flags and missing values are usage errors. */
export function parseCommandArgs(argv: readonly string[], table: OptionTable): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries(table).map(([name, s]) => [
      name,
      {
        type: s.type,
        ...(s.short ? { short: s.short } : {}),
        ...(s.multiple ? { multiple: true } : {}),
      },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (e) {
    throw new FlowError('FLOW_USAGE', (e as Error).message, { cause: e });
  }
}

/** Renders the options table for --help. */
export function formatOptions(table: OptionTable): string {
  const rows = Object.entries(table).map(([name, s]) => {
    const flag = `${s.short ? `-${s.short}, ` : ''}--${name}${s.type === 'string' ? ` ${s.arg ?? 'VALUE'}` : ''}`;
    return [flag, s.help] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length));
  return rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`).join('\n');
}

export function stringOpt(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function boolOpt(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

export function listOpt(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  if (Array.isArray(v)) {
    return v.flatMap((x) => x.split(',')).filter((x) => x !== '');
  }
  return typeof v === 'string' ? v.split(',').filter((x) => x !== '') : [];
}

export function intOpt(args: ParsedArgs, name: string, fallback: number, min = 0): number {
  const v = stringOpt(args, name);
  if (v === undefined) {
    return fallback;
  }
  if (!/^-?\d+$/.test(v) || Number(v) < min) {
    throw new FlowError('FLOW_USAGE', `--${name} must be an integer >= ${min}, got '${v}'`);
  }
  return Number(v);
}
