/**
 * Streaming gunzip on the native addon (ISA-L's igzip, about twice zlib's speed), read on the
 * calling thread ({@link NativeGunzip.read}) or on libuv's pool ({@link NativeGunzip.readAsync}). `src/sources/decode/compression.ts` uses it when
 * {@link nativeGunzipAvailable}; the semantics match Node's `createGunzip` (concatenated
 * members, zero padding after a member ignored, anything else after a member is an error)
 * except that a truncated or corrupt stream gives every byte decoded before the fault.
 */
import {
  nativeAddon,
  nativeAddonError,
  type NativeAddon,
  type NativeGunzipHandle,
} from './addon.ts';

/** True when the addon is loaded and was built with ISA-L. */
export function nativeGunzipAvailable(): boolean {
  return nativeAddon()?.gunzipAvailable === true;
}

/** Why the native gunzip is not used (for messages), or undefined when it is. */
export function nativeGunzipMissing(): string | undefined {
  if (nativeGunzipAvailable()) {
    return undefined;
  }
  if (process.env.FLOWLENS_NATIVE === '0') {
    return 'the native addon is turned off (FLOWLENS_NATIVE=0)';
  }
  const error = nativeAddonError();
  return error
    ? `the native addon is not built or does not load (${error}); run \`npm run build:native\``
    : 'the native addon was built without ISA-L; install libisal-dev and run `npm run build:native`';
}

/** A native gunzip stream: `write` compressed bytes, `read` until null, then `end`. */
export class NativeGunzip {
  private readonly addon: NativeAddon;
  private handle: NativeGunzipHandle | undefined;
  private out: Buffer;
  private offset = 0;

  /** @param chunkSize the most bytes one {@link read} returns. */
  constructor(private readonly chunkSize: number) {
    const addon = nativeAddon();
    if (!addon?.gunzipAvailable) {
      throw new Error('the native gunzip is not available');
    }
    this.addon = addon;
    this.handle = addon.gunzipCreate();
    this.out = Buffer.allocUnsafe(chunkSize);
  }

  write(input: Uint8Array): void {
    this.addon.gunzipWrite(this.live(), input);
  }

  /**
   * Up to `chunkSize` decompressed bytes, or null when the input written so far is consumed.
   * Chunks are views of larger buffers that are never written again.
   */
  read(): Buffer | null {
    return this.take(this.addon.gunzipRead(this.live(), this.out, this.offset));
  }

  /**
   * {@link read} on libuv's thread pool, so the caller can work on the previous chunk
   * meanwhile. One at a time; {@link write} and {@link end} wait for it to settle.
   */
  async readAsync(): Promise<Buffer | null> {
    return this.take(await this.addon.gunzipReadAsync(this.live(), this.out, this.offset));
  }

  /** {@link read} into `buf` (from its start) instead of the stream's own buffers. */
  readInto(buf: Buffer): Buffer | null {
    const n = this.addon.gunzipRead(this.live(), buf, 0);
    return n === 0 ? null : buf.subarray(0, n);
  }

  /** {@link readAsync} into `buf` (from its start), which must not be touched until it settles. */
  async readAsyncInto(buf: Buffer): Promise<Buffer | null> {
    const n = await this.addon.gunzipReadAsync(this.live(), buf, 0);
    return n === 0 ? null : buf.subarray(0, n);
  }

  private take(n: number): Buffer | null {
    if (n === 0) {
      return null;
    }
    const chunk = this.out.subarray(this.offset, this.offset + n);
    this.offset += n;
    if (this.offset === this.out.length) {
      this.out = Buffer.allocUnsafe(this.chunkSize);
      this.offset = 0;
    }
    return chunk;
  }

  /**
   * Inflates at most `max` bytes straight into a sink's own memory (see `InflateSink` in
   * `src/sources/decode/compression.ts`); returns the count, 0 when the input written so far
   * is consumed.
   */
  inflateInto(sink: { inflateFrom(h: NativeGunzipHandle, max: number): number }, max: number) {
    return sink.inflateFrom(this.live(), max);
  }

  /** Throws (`code` FLOWLENS_GZIP_TRUNCATED) when the input ended inside a gzip member. */
  end(): void {
    this.addon.gunzipEnd(this.live());
  }

  /** Frees the native memory; further calls throw. */
  close(): void {
    if (this.handle) {
      this.addon.gunzipClose(this.handle);
      this.handle = undefined;
    }
  }

  private live(): NativeGunzipHandle {
    if (!this.handle) {
      throw new Error('the native gunzip is closed');
    }
    return this.handle;
  }
}
