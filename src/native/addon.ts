/**
 * The native addon (binding.gyp → build/Release/flowlens_native.node), built by `npm install`
 * when a C compiler is there (scripts/build-native.mjs). Optional: callers fall back to the
 * portable path (Node's zlib, the WebAssembly kernel) when {@link nativeAddon} is undefined.
 *
 * `FLOWLENS_NATIVE=0` in the environment turns it off (read once, at the first call).
 */
import { createRequire } from 'node:module';
import type { NativeKernelApi } from '../aggregate/kernel/native-backend.ts';

/** An opaque gunzip stream held by the addon (ISA-L state, input buffer). */
export type NativeGunzipHandle = { readonly __brand: 'NativeGunzipHandle' };

/**
 * The addon's exports. Errors thrown by the gunzip functions carry a `code`:
 * `FLOWLENS_GZIP_TRUNCATED`, `FLOWLENS_GZIP_CORRUPT` (header, deflate data, CRC-32 or length),
 * `FLOWLENS_GZIP_STATE` (misuse), `FLOWLENS_GZIP_UNAVAILABLE` (built without ISA-L).
 */
export interface NativeAddon extends NativeKernelApi {
  /** False when the addon was built without ISA-L: the gunzip functions then throw. */
  readonly gunzipAvailable: boolean;
  /** A new gunzip stream; its memory goes with {@link gunzipClose} or the garbage collector. */
  gunzipCreate(): NativeGunzipHandle;
  /** Hands compressed bytes over (copied: `input` may be reused after the call). */
  gunzipWrite(h: NativeGunzipHandle, input: Uint8Array): void;
  /**
   * Inflates into `output` from `offset` (at most `output.length - offset` bytes) and returns
   * the count; 0 means all input written so far is consumed. Throws on corrupt data, after
   * the bytes decoded before the fault were returned by earlier reads.
   */
  gunzipRead(h: NativeGunzipHandle, output: Uint8Array, offset: number): number;
  /**
   * {@link gunzipRead} on libuv's thread pool. Until the promise settles the handle refuses
   * every other call but {@link gunzipClose} (which then frees the memory at completion), and
   * `output` must not be touched from `offset` on.
   */
  gunzipReadAsync(h: NativeGunzipHandle, output: Uint8Array, offset: number): Promise<number>;
  /** After the last write and a read returning 0: throws when the stream ended inside a member. */
  gunzipEnd(h: NativeGunzipHandle): void;
  /** Frees the native memory now; the handle is unusable afterwards. */
  gunzipClose(h: NativeGunzipHandle): void;
}

const ADDON_PATH = '../../build/Release/flowlens_native.node';

let loaded: { addon: NativeAddon | undefined; error?: string } | undefined;

/** The addon, or undefined when it is not built, does not load, or FLOWLENS_NATIVE=0. */
export function nativeAddon(): NativeAddon | undefined {
  loaded ??= load();
  return loaded.addon;
}

/**
 * Whether tests must find the addon (`FLOWLENS_REQUIRE_NATIVE=1`, set by `.ci/run`, unless
 * `FLOWLENS_NATIVE=0` turns it off): a skip reason for the tests that check it, or false.
 */
export function nativeRequiredSkip(): string | false {
  if (process.env.FLOWLENS_REQUIRE_NATIVE !== '1') {
    return 'not required';
  }
  return process.env.FLOWLENS_NATIVE === '0' ? 'turned off (FLOWLENS_NATIVE=0)' : false;
}

/** Why {@link nativeAddon} is undefined (for diagnostics), or undefined when it loaded. */
export function nativeAddonError(): string | undefined {
  loaded ??= load();
  return loaded.error;
}

function load(): { addon: NativeAddon | undefined; error?: string } {
  if (process.env.FLOWLENS_NATIVE === '0') {
    return { addon: undefined, error: 'turned off by FLOWLENS_NATIVE=0' };
  }
  try {
    return { addon: createRequire(import.meta.url)(ADDON_PATH) as NativeAddon };
  } catch (e) {
    return { addon: undefined, error: (e as Error).message.split('\n')[0] };
  }
}
