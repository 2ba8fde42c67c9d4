import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after } from 'node:test';
import { runSourceConformance } from '../source-conformance.ts';
import { createFileSource } from './file-source.ts';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

runSourceConformance({
  name: 'file',
  async create(fixture) {
    const dir = await mkdtemp(join(tmpdir(), 'flowlens-file-'));
    dirs.push(dir);
    await mkdir(join(dir, 'nested'));
    // Alternate plain and gzip files, some in a sub-directory; names sort in fixture order.
    await Promise.all(
      fixture.objects.map((lines, i) => {
        const text = [fixture.header, ...lines].join('\n') + '\n';
        const name = `part-${String(i).padStart(3, '0')}.log`;
        return i % 2 === 0
          ? writeFile(join(dir, name), text)
          : writeFile(join(dir, 'nested', `${name}.gz`), gzipSync(text));
      }),
    );
    return createFileSource(dir);
  },
});
