/**
 * Builds the digest kernel: src/aggregate/kernel/digest-kernel.as.ts (AssemblyScript) →
 * digest-kernel.wasm, committed so users need no compiler. `npm run build:kernel` writes it;
 * the kernel's test compiles again and checks the committed binary is current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const KERNEL_SOURCE = new URL(
  '../src/aggregate/kernel/digest-kernel.as.ts',
  import.meta.url,
);
export const KERNEL_BINARY = new URL('../src/aggregate/kernel/digest-kernel.wasm', import.meta.url);
const FLAGS = ['-O3', '--runtime', 'minimal', '--noAssert', '--enable', 'simd'];

/** Compiles the kernel source in memory; throws with the compiler's messages on failure. */
export async function compileKernel(): Promise<Uint8Array> {
  const asc = await import('assemblyscript/asc');
  const source = readFileSync(KERNEL_SOURCE, 'utf8');
  let binary: Uint8Array | undefined;
  const out = await asc.main(['kernel.ts', ...FLAGS, '--outFile', 'kernel.wasm'], {
    readFile: (name: string) => (name === 'kernel.ts' ? source : null),
    writeFile: (name: string, contents: string | Uint8Array) => {
      if (name === 'kernel.wasm' && typeof contents !== 'string') {
        binary = contents;
      }
    },
    listFiles: () => [],
  });
  if (out.error || !binary) {
    throw new Error(`kernel build failed: ${out.stderr.toString()}`);
  }
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const binary = await compileKernel();
  writeFileSync(KERNEL_BINARY, binary);
  console.log(`wrote ${fileURLToPath(KERNEL_BINARY)} (${binary.length} bytes)`);
}
