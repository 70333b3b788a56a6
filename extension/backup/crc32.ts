/** CRC-32 (zip's polynomial), fed chunk by chunk so big entries are checked without loading them whole. */
const TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

export function createCrc32() {
  let crc = -1;
  return {
    update(data: Uint8Array): void {
      let c = crc;
      for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
      crc = c;
    },
    digest: () => ~crc >>> 0,
  };
}
