// Keccak-256 as Ethereum uses it (the original Keccak padding, not SHA3-256's), small enough to
// read: the hash a reason or a ruling goes on chain as, and the content address of a
// supervisor's evidence. window.lashouKeccak(text) hashes the text's UTF-8 bytes, as Python's
// eth_utils keccak(text=…) does; window.lashouKeccak.bytes(Uint8Array) hashes bytes. Both
// answer "0x" and 64 hex digits. Lanes are 64-bit words kept as two 32-bit halves.
(function () {
  "use strict";
  const RATE = 136; // bytes absorbed per permutation: 1600 bits less twice the 256-bit output

  // Round constants from the Keccak reference's LFSR; the ρ rotations and π positions walk
  // the lanes from (1, 0) as in the reference "readable and compact" implementation.
  const RC_LO = new Uint32Array(24);
  const RC_HI = new Uint32Array(24);
  let lfsr = 1;
  for (let round = 0; round < 24; round++) {
    for (let j = 0; j < 7; j++) {
      if (lfsr & 1) {
        const bit = (1 << j) - 1;
        if (bit < 32) RC_LO[round] ^= 1 << bit;
        else RC_HI[round] ^= 1 << (bit - 32);
      }
      lfsr = lfsr & 0x80 ? ((lfsr << 1) ^ 0x71) & 0xff : lfsr << 1;
    }
  }
  const PI = [];
  const RHO = [];
  for (let t = 0, x = 1, y = 0; t < 24; t++) {
    [x, y] = [y, (2 * x + 3 * y) % 5];
    PI.push(x + 5 * y);
    RHO.push((((t + 1) * (t + 2)) / 2) % 64);
  }

  // [lo, hi] rotated left by n bits.
  function rotl(lo, hi, n) {
    if (n >= 32) [lo, hi, n] = [hi, lo, n - 32];
    if (n === 0) return [lo, hi];
    return [((lo << n) | (hi >>> (32 - n))) >>> 0, ((hi << n) | (lo >>> (32 - n))) >>> 0];
  }

  // Keccak-f[1600] on s: 25 lanes, lane i at s[2i] (low half) and s[2i + 1] (high half).
  function permute(s) {
    const c = new Uint32Array(10);
    for (let round = 0; round < 24; round++) {
      for (let x = 0; x < 5; x++) {
        c[2 * x] = s[2 * x] ^ s[2 * x + 10] ^ s[2 * x + 20] ^ s[2 * x + 30] ^ s[2 * x + 40];
        c[2 * x + 1] = s[2 * x + 1] ^ s[2 * x + 11] ^ s[2 * x + 21] ^ s[2 * x + 31] ^ s[2 * x + 41];
      }
      for (let x = 0; x < 5; x++) {
        const next = (x + 1) % 5;
        const prev = (x + 4) % 5;
        const [rlo, rhi] = rotl(c[2 * next], c[2 * next + 1], 1);
        const dlo = c[2 * prev] ^ rlo;
        const dhi = c[2 * prev + 1] ^ rhi;
        for (let y = 0; y < 25; y += 5) {
          s[2 * (x + y)] ^= dlo;
          s[2 * (x + y) + 1] ^= dhi;
        }
      }
      let lo = s[2];
      let hi = s[3];
      for (let t = 0; t < 24; t++) {
        const at = PI[t];
        const [nlo, nhi] = [s[2 * at], s[2 * at + 1]];
        [s[2 * at], s[2 * at + 1]] = rotl(lo, hi, RHO[t]);
        [lo, hi] = [nlo, nhi];
      }
      for (let y = 0; y < 25; y += 5) {
        const row = s.slice(2 * y, 2 * y + 10);
        for (let x = 0; x < 5; x++) {
          const a = 2 * ((x + 1) % 5);
          const b = 2 * ((x + 2) % 5);
          s[2 * (x + y)] = row[2 * x] ^ (~row[a] & row[b]);
          s[2 * (x + y) + 1] = row[2 * x + 1] ^ (~row[a + 1] & row[b + 1]);
        }
      }
      s[0] ^= RC_LO[round];
      s[1] ^= RC_HI[round];
    }
  }

  function keccakBytes(bytes) {
    // pad: one 0x01 after the message, 0x80 on the block's last byte (0x81 when they meet)
    const blocks = Math.floor(bytes.length / RATE) + 1;
    const padded = new Uint8Array(blocks * RATE);
    padded.set(bytes);
    padded[bytes.length] ^= 0x01;
    padded[padded.length - 1] ^= 0x80;
    const state = new Uint32Array(50);
    const words = new DataView(padded.buffer);
    for (let block = 0; block < blocks; block++) {
      for (let i = 0; i < RATE / 4; i++) state[i] ^= words.getUint32(block * RATE + 4 * i, true);
      permute(state);
    }
    const out = new DataView(new ArrayBuffer(32));
    for (let i = 0; i < 8; i++) out.setUint32(4 * i, state[i], true);
    let hex = "0x";
    for (let i = 0; i < 32; i++) hex += out.getUint8(i).toString(16).padStart(2, "0");
    return hex;
  }

  function keccakText(text) {
    return keccakBytes(new TextEncoder().encode(String(text)));
  }
  keccakText.bytes = keccakBytes;
  window.lashouKeccak = keccakText;
})();
