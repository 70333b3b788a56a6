import { describe, expect, it } from 'vitest';
import { CHUNK_FRAMES } from './chunk-grid';
import { givePlanes, pooledPlanes, takePlane } from './plane-pool';

describe('plane pool', () => {
  it('hands back a returned chunk plane instead of allocating, and keeps no other sizes', () => {
    const plane = takePlane();
    expect(plane.length).toBe(CHUNK_FRAMES);
    givePlanes([plane.buffer as ArrayBuffer, new ArrayBuffer(100)]);
    expect(pooledPlanes()).toBe(1);
    expect(takePlane().buffer).toBe(plane.buffer);
    expect(pooledPlanes()).toBe(0);
  });

  it('stays bounded however many planes come back', () => {
    givePlanes(Array.from({ length: 500 }, () => new ArrayBuffer(CHUNK_FRAMES * 4)));
    expect(pooledPlanes()).toBe(32);
    while (pooledPlanes()) takePlane();
  });
});
