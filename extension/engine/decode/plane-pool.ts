import { CHUNK_FRAMES } from './chunk-grid';

/**
 * Chunk planes handed back by the offscreen document once it has copied them into an AudioBuffer
 * (decode worker side). Every chunk used to cost a fresh 128 KB ArrayBuffer per channel that
 * became garbage on arrival; V8 collects such buffers late, so 16 stems left a few hundred MB of
 * dead planes between collections. Reusing them keeps the planes in flight a small fixed set.
 */
/** Planes in flight: a chunk per stem at most, a seek's burst included (32: 4 MB). */
const MAX_POOLED = 32;
const pool: Float32Array<ArrayBuffer>[] = [];

/** A CHUNK_FRAMES plane; its old contents are overwritten by the chunk grid before it is sent. */
export function takePlane(): Float32Array<ArrayBuffer> {
  return pool.pop() ?? new Float32Array(CHUNK_FRAMES);
}

/** Buffers returned by the offscreen document; anything not a whole chunk plane is left to GC. */
export function givePlanes(buffers: ArrayBuffer[]): void {
  for (const buffer of buffers) {
    if (pool.length >= MAX_POOLED) return;
    if (buffer.byteLength === CHUNK_FRAMES * Float32Array.BYTES_PER_ELEMENT) pool.push(new Float32Array(buffer));
  }
}

export const pooledPlanes = () => pool.length;
