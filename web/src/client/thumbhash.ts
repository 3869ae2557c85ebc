// The ThumbHash decoder (Evan Wallace's ThumbHash, MIT; the reference JavaScript ported to
// TypeScript): a placeholder of a few dozen bytes (Attachment.placeholder, base64) into a small
// RGBA image, and that image into a PNG data URL. The PNG is written here (stored, not
// compressed: a 32 × 32 image is 4 KB) rather than with a canvas, so it works anywhere, tests
// included, and a bubble can show it on its first render.

/** A decoded placeholder: at most 32 × 32 pixels, RGBA row by row. */
export interface DecodedThumbHash {
  w: number;
  h: number;
  rgba: Uint8Array;
}

/** The hash's bytes from base64; null when it is not base64 or too short to be a ThumbHash. */
export function thumbHashBytes(base64: string): Uint8Array | null {
  try {
    const bin = atob(base64);
    if (bin.length < 5) return null;
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** The width / height of the image the hash was made from, approximately. */
export function thumbHashAspectRatio(hash: Uint8Array): number {
  const header = hash[3] ?? 0;
  const hasAlpha = (hash[2] ?? 0) & 0x80;
  const isLandscape = (hash[4] ?? 0) & 0x80;
  const lx = isLandscape ? (hasAlpha ? 5 : 7) : header & 7;
  const ly = isLandscape ? header & 7 : hasAlpha ? 5 : 7;
  return ly === 0 ? 1 : lx / ly;
}

/** Decodes a ThumbHash into an image of at most 32 × 32 pixels. */
export function thumbHashToRGBA(hash: Uint8Array): DecodedThumbHash {
  const { PI, min, max, cos, round } = Math;
  const byte = (i: number) => hash[i] ?? 0;

  // The constants.
  const header24 = byte(0) | (byte(1) << 8) | (byte(2) << 16);
  const header16 = byte(3) | (byte(4) << 8);
  const lDc = (header24 & 63) / 63;
  const pDc = ((header24 >> 6) & 63) / 31.5 - 1;
  const qDc = ((header24 >> 12) & 63) / 31.5 - 1;
  const lScale = ((header24 >> 18) & 31) / 31;
  const hasAlpha = header24 >> 23 !== 0;
  const pScale = ((header16 >> 3) & 63) / 63;
  const qScale = ((header16 >> 9) & 63) / 63;
  const isLandscape = header16 >> 15 !== 0;
  const lx = max(3, isLandscape ? (hasAlpha ? 5 : 7) : header16 & 7);
  const ly = max(3, isLandscape ? header16 & 7 : hasAlpha ? 5 : 7);
  const aDc = hasAlpha ? (byte(5) & 15) / 15 : 1;
  const aScale = (byte(5) >> 4) / 15;

  // The varying factors (saturation boosted by 1.25 to make up for the quantisation).
  const acStart = hasAlpha ? 6 : 5;
  let acIndex = 0;
  const decodeChannel = (nx: number, ny: number, scale: number): number[] => {
    const ac: number[] = [];
    for (let cy = 0; cy < ny; cy++) {
      for (let cx = cy ? 0 : 1; cx * ny < nx * (ny - cy); cx++) {
        ac.push((((byte(acStart + (acIndex >> 1)) >> ((acIndex & 1) << 2)) & 15) / 7.5 - 1) * scale);
        acIndex++;
      }
    }
    return ac;
  };
  const lAc = decodeChannel(lx, ly, lScale);
  const pAc = decodeChannel(3, 3, pScale * 1.25);
  const qAc = decodeChannel(3, 3, qScale * 1.25);
  const aAc = hasAlpha ? decodeChannel(5, 5, aScale) : [];

  // The DCT back into RGB.
  const ratio = thumbHashAspectRatio(hash);
  const w = round(ratio > 1 ? 32 : 32 * ratio);
  const h = round(ratio > 1 ? 32 / ratio : 32);
  const rgba = new Uint8Array(w * h * 4);
  const fx: number[] = [];
  const fy: number[] = [];
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i += 4) {
      let l = lDc;
      let p = pDc;
      let q = qDc;
      let a = aDc;
      for (let cx = 0, n = max(lx, hasAlpha ? 5 : 3); cx < n; cx++) fx[cx] = cos((PI / w) * (x + 0.5) * cx);
      for (let cy = 0, n = max(ly, hasAlpha ? 5 : 3); cy < n; cy++) fy[cy] = cos((PI / h) * (y + 0.5) * cy);

      for (let cy = 0, j = 0; cy < ly; cy++) {
        const fy2 = (fy[cy] ?? 0) * 2;
        for (let cx = cy ? 0 : 1; cx * ly < lx * (ly - cy); cx++, j++) l += (lAc[j] ?? 0) * (fx[cx] ?? 0) * fy2;
      }
      for (let cy = 0, j = 0; cy < 3; cy++) {
        const fy2 = (fy[cy] ?? 0) * 2;
        for (let cx = cy ? 0 : 1; cx < 3 - cy; cx++, j++) {
          const f = (fx[cx] ?? 0) * fy2;
          p += (pAc[j] ?? 0) * f;
          q += (qAc[j] ?? 0) * f;
        }
      }
      if (hasAlpha) {
        for (let cy = 0, j = 0; cy < 5; cy++) {
          const fy2 = (fy[cy] ?? 0) * 2;
          for (let cx = cy ? 0 : 1; cx < 5 - cy; cx++, j++) a += (aAc[j] ?? 0) * (fx[cx] ?? 0) * fy2;
        }
      }

      const b = l - (2 / 3) * p;
      const r = (3 * l - b + q) / 2;
      const g = r - q;
      rgba[i] = max(0, 255 * min(1, r));
      rgba[i + 1] = max(0, 255 * min(1, g));
      rgba[i + 2] = max(0, 255 * min(1, b));
      rgba[i + 3] = max(0, 255 * min(1, a));
    }
  }
  return { w, h, rgba };
}

// The CRC-32 table by nibble (PNG chunks).
const CRC_TABLE = [
  0, 498536548, 997073096, 651767980, 1994146192, 1802195444, 1303535960, 1342533948, -306674912, -267414716,
  -690576408, -882789492, -1687895376, -2032938284, -1609899400, -1111625188,
];

/** An RGBA image (at most 100 × 100) as a PNG data URL: one stored (uncompressed) zlib block. */
export function rgbaToDataURL(w: number, h: number, rgba: Uint8Array): string {
  const row = w * 4 + 1;
  const idat = 6 + h * (5 + row);
  const bytes = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, w >> 8, w & 255, 0, 0, h >> 8, h & 255, 8, 6, 0, 0, 0, 0, 0,
    0, 0, idat >>> 24, (idat >> 16) & 255, (idat >> 8) & 255, idat & 255, 73, 68, 65, 84, 120, 1,
  ];
  let a = 1;
  let b = 0;
  for (let y = 0, i = 0, end = row - 1; y < h; y++, end += row - 1) {
    bytes.push(y + 1 < h ? 0 : 1, row & 255, row >> 8, ~row & 255, (row >> 8) ^ 255, 0);
    for (b = (b + a) % 65521; i < end; i++) {
      const u = (rgba[i] ?? 0) & 255;
      bytes.push(u);
      a = (a + u) % 65521;
      b = (b + a) % 65521;
    }
  }
  bytes.push(b >> 8, b & 255, a >> 8, a & 255, 0, 0, 0, 0, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130);
  for (const [start, stop] of [
    [12, 29],
    [37, 41 + idat],
  ] as const) {
    let c = ~0;
    for (let i = start; i < stop; i++) {
      c ^= bytes[i] ?? 0;
      c = (c >>> 4) ^ (CRC_TABLE[c & 15] ?? 0);
      c = (c >>> 4) ^ (CRC_TABLE[c & 15] ?? 0);
    }
    c = ~c;
    let at = stop;
    bytes[at++] = c >>> 24;
    bytes[at++] = (c >> 16) & 255;
    bytes[at++] = (c >> 8) & 255;
    bytes[at++] = c & 255;
  }
  let bin = '';
  for (const x of bytes) bin += String.fromCharCode(x);
  return `data:image/png;base64,${btoa(bin)}`;
}

const cache = new Map<string, string | null>();

/** A placeholder (base64 ThumbHash) as a PNG data URL, decoded once per hash; null if it is not one. */
export function placeholderURL(base64: string | undefined): string | null {
  if (!base64) return null;
  const held = cache.get(base64);
  if (held !== undefined) return held;
  const bytes = thumbHashBytes(base64);
  let url: string | null = null;
  if (bytes) {
    const img = thumbHashToRGBA(bytes);
    url = img.w > 0 && img.h > 0 ? rgbaToDataURL(img.w, img.h, img.rgba) : null;
  }
  if (cache.size > 500) cache.clear();
  cache.set(base64, url);
  return url;
}
