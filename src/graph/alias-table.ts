import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { FlowError } from '../model/errors.ts';
import { bitWidth, maskBits, parseCidr, parseIp, type Cidr } from './ip-address.ts';

/** Address → readable name, longest prefix wins. */
export interface AliasTable {
  readonly size: number;
  lookup(address: string): string | undefined;
}

export interface AliasEntry {
  readonly address: string;
  readonly name: string;
}

function invalid(where: string, why: string): FlowError {
  return new FlowError('FLOW_CONFIG_INVALID', `aliases: ${where}: ${why}`);
}

/** Builds a longest-prefix-match table; a bad address or an empty name is a config error. */
export function createAliasTable(entries: Iterable<AliasEntry>, where = 'aliases'): AliasTable {
  const byPrefix = new Map<string, Map<bigint, string>>();
  let size = 0;
  for (const [i, e] of [...entries].entries()) {
    const cidr: Cidr | null = parseCidr(e.address);
    if (!cidr) {
      throw invalid(`${where} entry ${i + 1}`, `'${e.address}' is not an IP address or CIDR`);
    }
    if (e.name.trim() === '') {
      throw invalid(`${where} entry ${i + 1}`, `empty name for '${e.address}'`);
    }
    const slot = `${cidr.version}/${cidr.prefix}`;
    const map = byPrefix.get(slot) ?? new Map<bigint, string>();
    byPrefix.set(slot, map);
    map.set(cidr.network, e.name);
    size += 1;
  }
  const prefixes = [...byPrefix.keys()]
    .map((s) => s.split('/').map(Number) as [4 | 6, number])
    .sort((a, b) => b[1] - a[1]);
  return {
    size,
    lookup(address) {
      const ip = parseIp(address);
      if (!ip) {
        return undefined;
      }
      for (const [version, prefix] of prefixes) {
        if (version === ip.version) {
          const net = maskBits(ip.value, prefix, bitWidth(version));
          const hit = byPrefix.get(`${version}/${prefix}`)?.get(net);
          if (hit !== undefined) {
            return hit;
          }
        }
      }
      return undefined;
    },
  };
}

/** Splits one CSV line into fields (RFC 4180 quotes: `"a ""b"", c"`). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([^,]*))\s*(,|$)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) {
    fields.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? '').trim());
    if (m[3] === '') {
      break;
    }
  }
  return fields;
}

function parseCsv(text: string, where: string): AliasEntry[] {
  const entries: AliasEntry[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const [address = '', ...rest] = csvFields(line);
    if (i === 0 && !parseCidr(address) && /^(address|ip|cidr)$/i.test(address)) {
      continue;
    }
    if (rest.length === 0) {
      throw invalid(`${where} line ${i + 1}`, 'expected "address,name"');
    }
    entries.push({ address, name: rest.join(',') });
  }
  return entries;
}

function fromStructured(data: unknown, where: string): AliasEntry[] {
  if (Array.isArray(data)) {
    return data.map((item, i) => {
      const o = item as { address?: unknown; name?: unknown } | null;
      if (typeof o?.address !== 'string' || typeof o.name !== 'string') {
        throw invalid(`${where} item ${i + 1}`, 'expected {address, name} strings');
      }
      return { address: o.address, name: o.name };
    });
  }
  if (data !== null && typeof data === 'object') {
    return Object.entries(data).map(([address, name]) => {
      if (typeof name !== 'string') {
        throw invalid(`${where} '${address}'`, 'the name must be a string');
      }
      return { address, name };
    });
  }
  throw invalid(where, 'expected a mapping address → name or a list of {address, name}');
}

/** Parses alias text; the format comes from the extension (`.csv`, `.json`, `.yaml`/`.yml`). */
export function parseAliases(text: string, fileName: string): AliasEntry[] {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? 'csv';
  if (ext === 'json' || ext === 'yaml' || ext === 'yml') {
    let data: unknown;
    try {
      data = ext === 'json' ? JSON.parse(text) : parseYaml(text);
    } catch (e) {
      throw new FlowError('FLOW_CONFIG_INVALID', `aliases: ${fileName}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    return fromStructured(data, fileName);
  }
  return parseCsv(text, fileName);
}

/** Reads an alias file (a small config file, so read whole). */
export async function loadAliasTable(path: string): Promise<AliasTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new FlowError('FLOW_CONFIG_INVALID', `aliases: cannot read ${path}`, { cause: e });
  }
  return createAliasTable(parseAliases(text, path), path);
}
