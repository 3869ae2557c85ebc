#!/usr/bin/env node
// Upload benchmark: tus uploads against a running parley, with the server's CPU time and
// resident memory read from /proc/<pid> while they run. Prints one JSON line per scenario.
//
//   node bench/uploads.mjs --url http://127.0.0.1:3000 --pid $(pidof parley) \
//     [--big-mb 1024] [--small 1000] [--small-kb 100] [--concurrency 4] [--images 20]
//
// Scenarios:
//   big     one upload of --big-mb MiB in one PATCH (as tus-js-client sends by default), the
//           bytes made as they are sent (the generator holds one chunk): MB/s, server CPU
//           per MB, and the server's RSS before and at its highest (it must not grow with the
//           file: the server holds one 8 MiB part at a time)
//   small   --small uploads of --small-kb KiB, --concurrency at a time: uploads/s, MB/s, CPU
//           per upload
//   images  --images PNGs of 2000x1500 uploaded one by one: the time from the last byte to
//           the answer (joining, libvips thumbnail + display + ThumbHash, storing), and server
//           CPU per image
//
// The server needs limits that allow it, for example:
//   parley --max_upload_bytes 2147483648 --upload_quota_bytes 1099511627776 \
//     --rate_uploads_per_minute 1000000 --max_uploads_in_flight 1000 --rate_auth_per_second 1000
import fs from 'node:fs';
import http from 'node:http';
import { png } from '../tests/support/png.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const url = args.url ?? 'http://127.0.0.1:3000';
const pid = args.pid ? Number(args.pid) : undefined;
const bigMb = Number(args['big-mb'] ?? 1024);
const smallCount = Number(args.small ?? 1000);
const smallKb = Number(args['small-kb'] ?? 100);
const concurrency = Number(args.concurrency ?? 4);
const imageCount = Number(args.images ?? 20);
const only = args.only ? args.only.split(',') : ['big', 'small', 'images'];
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const TICKS = 100;  // clock ticks per second of /proc/<pid>/stat (Linux's USER_HZ)

function serverCpuMs() {
  if (!pid) return 0;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
}
function serverRssMb() {
  if (!pid) return 0;
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) / 1024;
}
// Samples the RSS every 50 ms until stopped; resolves with the highest.
function watchRss() {
  let peak = serverRssMb();
  const timer = setInterval(() => { peak = Math.max(peak, serverRssMb()); }, 50);
  return () => { clearInterval(timer); return Math.max(peak, serverRssMb()); };
}

function call(method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, url), { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (typeof body === 'function') {
      body(req);
    } else {
      if (body) req.write(body);
      req.end();
    }
  });
}

async function register() {
  const email = `bench-${Date.now()}-${Math.random().toString(36).slice(2)}@bench.test`;
  const res = await call('POST', '/api/v1/auth/register', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, name: 'Bench', password: 'correct horse battery staple' }),
  });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${res.text}`);
  return JSON.parse(res.text).accessToken;
}

const b64 = (s) => Buffer.from(s).toString('base64');

async function create(token, length, name) {
  const res = await call('POST', '/api/v1/uploads', {
    headers: {
      authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', 'upload-length': String(length),
      'upload-metadata': `filename ${b64(name)},filetype ${b64('application/octet-stream')}`,
    },
  });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
  return res.headers.location;
}

// One PATCH of `length` bytes from offset 0; `write(req)` sends them.
async function patch(token, location, length, write) {
  const res = await call('PATCH', location, {
    headers: {
      authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', 'upload-offset': '0',
      'content-type': 'application/offset+octet-stream', 'content-length': String(length),
    },
    body: write,
  });
  if (res.status !== 204) throw new Error(`patch: ${res.status} ${res.text}`);
}

// Writes `length` pseudo-random bytes (one 1 MiB chunk, varied per write so blobs differ).
function streamBytes(length) {
  return (req) => {
    const chunk = Buffer.alloc(1 << 20);
    for (let i = 0; i < chunk.length; i += 4) chunk.writeUInt32LE((i * 2654435761) >>> 0, i);
    let sent = 0;
    let n = 0;
    const more = () => {
      while (sent < length) {
        const size = Math.min(chunk.length, length - sent);
        chunk.writeUInt32LE(n++, 0);
        sent += size;
        if (!req.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
          req.once('drain', more);
          return;
        }
      }
      req.end();
    };
    more();
  };
}


const round = (v, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

async function big(token) {
  const length = bigMb * 1024 * 1024;
  const location = await create(token, length, 'big.bin');
  const rssBefore = serverRssMb();
  const stop = watchRss();
  const cpu0 = serverCpuMs();
  const t0 = performance.now();
  await patch(token, location, length, streamBytes(length));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = serverCpuMs() - cpu0;
  const peak = stop();
  return { scenario: 'big', mb: bigMb, seconds: round(seconds, 2), mb_per_s: round(bigMb / seconds),
    server_cpu_ms_per_mb: round(cpu / bigMb, 2), server_rss_mb_before: round(rssBefore), server_rss_mb_peak: round(peak) };
}

async function small(token) {
  const length = smallKb * 1024;
  const stop = watchRss();
  const cpu0 = serverCpuMs();
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < smallCount) {
      next++;
      const location = await create(token, length, 'small.bin');
      await patch(token, location, length, streamBytes(length));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = serverCpuMs() - cpu0;
  return { scenario: 'small', uploads: smallCount, kb: smallKb, concurrency, seconds: round(seconds, 2),
    uploads_per_s: round(smallCount / seconds), mb_per_s: round((smallCount * smallKb) / 1024 / seconds),
    server_cpu_ms_per_upload: round(cpu / smallCount, 2), server_rss_mb_peak: round(stop()) };
}

async function images(token) {
  const times = [];
  let cpu = 0;
  for (let i = 0; i < imageCount; i++) {
    const bytes = png(2000, 1500, i);
    const location = await create(token, bytes.length, `photo-${i}.png`);
    const cpu0 = serverCpuMs();
    const t0 = performance.now();
    await patch(token, location, bytes.length, (req) => req.end(bytes));
    times.push(performance.now() - t0);
    cpu += serverCpuMs() - cpu0;
  }
  times.sort((a, b) => a - b);
  return { scenario: 'images', images: imageCount, size: '2000x1500 PNG',
    finish_ms_p50: round(times[Math.floor(times.length / 2)]), finish_ms_max: round(times.at(-1)),
    server_cpu_ms_per_image: round(cpu / imageCount) };
}

const token = await register();
for (const name of only) {
  const result = await { big, small, images }[name](token);
  console.log(JSON.stringify(result));
}
agent.destroy();
