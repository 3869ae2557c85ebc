// The ThumbHash decoder: hashes made here by the reference encoder (rgbaToThumbHash, ported
// below for the test) decode into images of the right shape and colours, and the PNG written
// is a valid one (signature, chunk CRCs, zlib's Adler-32), so a browser shows it.
import { describe, expect, it } from 'vitest';

import { placeholderURL, rgbaToDataURL, thumbHashAspectRatio, thumbHashBytes, thumbHashToRGBA } from './thumbhash';

/** The reference encoder (ThumbHash, MIT), as the server's is: an image of at most 100 × 100 into a hash. */
function rgbaToThumbHash(w: number, h: number, rgba: Uint8Array): Uint8Array {
  const { PI, round, max, cos, abs } = Math;
  let avgR = 0;
  let avgG = 0;
  let avgB = 0;
  let avgA = 0;
  for (let i = 0, j = 0; i < w * h; i++, j += 4) {
    const alpha = rgba[j + 3]! / 255;
    avgR += (alpha / 255) * rgba[j]!;
    avgG += (alpha / 255) * rgba[j + 1]!;
    avgB += (alpha / 255) * rgba[j + 2]!;
    avgA += alpha;
  }
  if (avgA) {
    avgR /= avgA;
    avgG /= avgA;
    avgB /= avgA;
  }
  const hasAlpha = avgA < w * h;
  const lLimit = hasAlpha ? 5 : 7;
  const lx = max(1, round((lLimit * w) / max(w, h)));
  const ly = max(1, round((lLimit * h) / max(w, h)));
  const l: number[] = [];
  const p: number[] = [];
  const q: number[] = [];
  const a: number[] = [];
  for (let i = 0, j = 0; i < w * h; i++, j += 4) {
    const alpha = rgba[j + 3]! / 255;
    const r = avgR * (1 - alpha) + (alpha / 255) * rgba[j]!;
    const g = avgG * (1 - alpha) + (alpha / 255) * rgba[j + 1]!;
    const b = avgB * (1 - alpha) + (alpha / 255) * rgba[j + 2]!;
    l[i] = (r + g + b) / 3;
    p[i] = (r + g) / 2 - b;
    q[i] = r - g;
    a[i] = alpha;
  }
  const encodeChannel = (channel: number[], nx: number, ny: number): [number, number[], number] => {
    let dc = 0;
    const ac: number[] = [];
    let scale = 0;
    const fx: number[] = [];
    for (let cy = 0; cy < ny; cy++) {
      for (let cx = 0; cx * ny < nx * (ny - cy); cx++) {
        let f = 0;
        for (let x = 0; x < w; x++) fx[x] = cos((PI / w) * cx * (x + 0.5));
        for (let y = 0; y < h; y++) {
          const fy = cos((PI / h) * cy * (y + 0.5));
          for (let x = 0; x < w; x++) f += channel[x + y * w]! * fx[x]! * fy;
        }
        f /= w * h;
        if (cx || cy) {
          ac.push(f);
          scale = max(scale, abs(f));
        } else {
          dc = f;
        }
      }
    }
    if (scale) for (let i = 0; i < ac.length; i++) ac[i] = 0.5 + (0.5 / scale) * ac[i]!;
    return [dc, ac, scale];
  };
  const [lDc, lAc, lScale] = encodeChannel(l, max(3, lx), max(3, ly));
  const [pDc, pAc, pScale] = encodeChannel(p, 3, 3);
  const [qDc, qAc, qScale] = encodeChannel(q, 3, 3);
  const [aDc, aAc, aScale] = hasAlpha ? encodeChannel(a, 5, 5) : [0, [], 0];
  const isLandscape = w > h;
  const header24 =
    round(63 * lDc) | (round(31.5 + 31.5 * pDc) << 6) | (round(31.5 + 31.5 * qDc) << 12) | (round(31 * lScale) << 18) | (Number(hasAlpha) << 23);
  const header16 = (isLandscape ? ly : lx) | (round(63 * pScale) << 3) | (round(63 * qScale) << 9) | (Number(isLandscape) << 15);
  const hash = [header24 & 255, (header24 >> 8) & 255, header24 >> 16, header16 & 255, header16 >> 8];
  const acStart = hasAlpha ? 6 : 5;
  let acIndex = 0;
  if (hasAlpha) hash.push(round(15 * aDc) | (round(15 * aScale) << 4));
  for (const ac of hasAlpha ? [lAc, pAc, qAc, aAc] : [lAc, pAc, qAc]) {
    for (const f of ac) {
      hash[acStart + (acIndex >> 1)] = (hash[acStart + (acIndex >> 1)] ?? 0) | (round(15 * f) << ((acIndex & 1) << 2));
      acIndex++;
    }
  }
  return new Uint8Array(hash);
}

/** An image of w × h whose pixel at (x, y) is `colour(x, y)`. */
function image(w: number, h: number, colour: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.set(colour(x, y), (y * w + x) * 4);
  return out;
}

function pixel(img: { w: number; rgba: Uint8Array }, x: number, y: number): number[] {
  const i = (y * img.w + x) * 4;
  return [...img.rgba.subarray(i, i + 4)];
}

function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** CRC-32 (PNG's), bit by bit: independent of the decoder's nibble table. */
function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

/** zlib's inflate, as the browser does it. */
async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('thumbHashToRGBA', () => {
  it('decodes a landscape image into 32 px wide, its shape kept', () => {
    const hash = rgbaToThumbHash(80, 40, image(80, 40, () => [200, 40, 40, 255]));
    expect(thumbHashAspectRatio(hash)).toBeCloseTo(7 / 4, 5);
    const img = thumbHashToRGBA(hash);
    expect(img.w).toBe(32);
    expect(img.h).toBe(18);
    expect(img.rgba.length).toBe(32 * 18 * 4);
  });

  it('decodes a portrait image into 32 px high', () => {
    const hash = rgbaToThumbHash(30, 90, image(30, 90, () => [20, 120, 220, 255]));
    const img = thumbHashToRGBA(hash);
    expect(img.h).toBe(32);
    expect(img.w).toBeLessThan(16);
  });

  it('keeps a flat colour within a few levels, opaque', () => {
    const hash = rgbaToThumbHash(64, 64, image(64, 64, () => [200, 40, 40, 255]));
    const img = thumbHashToRGBA(hash);
    for (const [x, y] of [
      [0, 0],
      [16, 16],
      [31, 31],
    ] as const) {
      const [r, g, b, a] = pixel(img, x, y);
      expect(Math.abs(r! - 200)).toBeLessThan(16);
      expect(Math.abs(g! - 40)).toBeLessThan(16);
      expect(Math.abs(b! - 40)).toBeLessThan(16);
      expect(a).toBe(255);
    }
  });

  it('keeps where the light is: a left-to-right gradient stays one', () => {
    const hash = rgbaToThumbHash(60, 60, image(60, 60, (x) => [x * 4, x * 4, x * 4, 255]));
    const img = thumbHashToRGBA(hash);
    const left = pixel(img, 2, 16)[0]!;
    const mid = pixel(img, 16, 16)[0]!;
    const right = pixel(img, 29, 16)[0]!;
    expect(left).toBeLessThan(mid);
    expect(mid).toBeLessThan(right);
    expect(Math.abs(mid - 120)).toBeLessThan(25);
  });

  it('decodes transparency', () => {
    const hash = rgbaToThumbHash(40, 40, image(40, 40, (x) => [0, 200, 0, x < 20 ? 0 : 255]));
    const img = thumbHashToRGBA(hash);
    expect(pixel(img, 1, 16)[3]!).toBeLessThan(80);
    expect(pixel(img, 30, 16)[3]!).toBeGreaterThan(180);
  });
});

describe('rgbaToDataURL', () => {
  it('writes a PNG that zlib and the CRCs accept, with the pixels given', async () => {
    const rgba = image(3, 2, (x, y) => [x * 80, y * 100, 7, 255]);
    const url = rgbaToDataURL(3, 2, rgba);
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const png = fromBase64(url.slice('data:image/png;base64,'.length));
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    // Every chunk's CRC.
    const chunks: Record<string, Uint8Array> = {};
    for (let at = 8; at < png.length; ) {
      const len = u32(png, at);
      const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
      chunks[type] = png.subarray(at + 8, at + 8 + len);
      expect(u32(png, at + 8 + len)).toBe(crc32(png.subarray(at + 4, at + 8 + len)));
      at += 12 + len;
    }
    expect(u32(chunks.IHDR!, 0)).toBe(3);
    expect(u32(chunks.IHDR!, 4)).toBe(2);
    // The pixel rows after each row's filter byte (0: none); inflating checks the Adler-32.
    const raw = await inflate(chunks.IDAT!);
    expect(raw.length).toBe(2 * (1 + 3 * 4));
    expect([...raw.subarray(1, 13)]).toEqual([...rgba.subarray(0, 12)]);
    expect([...raw.subarray(14, 26)]).toEqual([...rgba.subarray(12, 24)]);
    expect(chunks.IEND!.length).toBe(0);
  });
});

describe('placeholderURL', () => {
  it('decodes a base64 placeholder once and answers the same URL again', () => {
    const hash = base64(rgbaToThumbHash(40, 30, image(40, 30, () => [10, 20, 30, 255])));
    const url = placeholderURL(hash);
    expect(url).toMatch(/^data:image\/png;base64,/);
    expect(placeholderURL(hash)).toBe(url);
  });

  it('answers null for what is no placeholder', () => {
    expect(placeholderURL(undefined)).toBeNull();
    expect(placeholderURL('')).toBeNull();
    expect(placeholderURL('%%%')).toBeNull();
    expect(thumbHashBytes('AAE=')).toBeNull();
  });
});
