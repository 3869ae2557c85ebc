#!/usr/bin/env node
// Starts s3rver (tests/e2e's devDependencies), a local S3 stand-in for the tests of the S3 blob
// backend, on 127.0.0.1 with the bucket parley-test, keeping its objects in DIRECTORY:
//
//   node scripts/s3rver.mjs PORT DIRECTORY
//
// Prints "s3rver: ready on http://127.0.0.1:PORT" once it listens; exits 1 when it cannot
// (the port is taken: scripts/services.sh then tries another). Credentials: S3RVER / S3RVER.
//
// s3rver 3.7 lacks parts of S3 that the backend relies on; the middleware below adds them in
// front of it, for path-style requests:
// - SigV4 signatures are checked (s3rver checks only the access key), so that a wrong secret
//   or a request signed other than it is sent fails as on S3: 403 SignatureDoesNotMatch;
// - AbortMultipartUpload (DELETE ?uploadId) and ListMultipartUploads (GET ?uploads);
// - CompleteMultipartUpload refuses a part but the last under 5 MiB (400 EntityTooSmall).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const S3rver = require('s3rver');
const S3Error = require('s3rver/lib/models/error');

const BUCKET = 'parley-test';
const SECRETS = new Map([['S3RVER', 'S3RVER']]);
const MIN_PART = 5 * 1024 * 1024;

const [port, directory] = process.argv.slice(2);
if (!port || !directory) {
  console.error('usage: node scripts/s3rver.mjs PORT DIRECTORY');
  process.exit(2);
}

const hmac = (key, text) => crypto.createHmac('sha256', key).update(text).digest();
const sha256 = text => crypto.createHash('sha256').update(text).digest('hex');
const encode = text =>
  encodeURIComponent(text).replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const escapeXml = text => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// The request's canonical form rebuilt from what arrived (decoded, then encoded as SigV4
// says), so that a path or query encoded other than signed does not match.
function checkSignature(ctx) {
  const authorization = ctx.get('authorization');
  if (!authorization.startsWith('AWS4-HMAC-SHA256 ')) return;
  const fields = Object.fromEntries(
    authorization
      .slice('AWS4-HMAC-SHA256 '.length)
      .split(',')
      .map(field => field.trim().split('=')),
  );
  const [accessKey, date, region, service] = (fields.Credential || '').split('/');
  const secret = SECRETS.get(accessKey);
  if (secret === undefined) {
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  const [rawPath, rawQuery = ''] = ctx.req.url.split(/\?(.*)/s);
  const canonicalPath = rawPath
    .split('/')
    .map(segment => encode(decodeURIComponent(segment)))
    .join('/');
  const canonicalQuery = rawQuery
    .split('&')
    .filter(Boolean)
    .map(pair => {
      const [name, value = ''] = pair.split(/=(.*)/s);
      return [encode(decodeURIComponent(name)), encode(decodeURIComponent(value))];
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const signedHeaders = fields.SignedHeaders || '';
  const canonicalHeaders = signedHeaders
    .split(';')
    .map(name => `${name}:${String(ctx.req.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payloadHash = ctx.get('x-amz-content-sha256');
  const canonical = [ctx.method, canonicalPath, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', ctx.get('x-amz-date'), scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  const expected = hmac(key, stringToSign).toString('hex');
  const required = ['host', 'x-amz-date', 'x-amz-content-sha256'];
  if (expected !== fields.Signature || !required.every(name => signedHeaders.split(';').includes(name))) {
    throw new S3Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
      { CanonicalRequest: canonical },
    );
  }
}

const uploadsOf = bucket => path.join(directory, bucket, '._S3rver_uploads');

async function pendingUploads(bucket) {
  const ids = await fs.readdir(uploadsOf(bucket)).catch(() => []);
  const uploads = [];
  for (const id of ids) {
    const key = await fs.readFile(path.join(uploadsOf(bucket), id, 'key'), 'utf8').catch(() => undefined);
    if (key !== undefined) uploads.push({ id, key });
  }
  return uploads.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function partSizes(bucket, uploadId) {
  const dir = path.join(uploadsOf(bucket), uploadId);
  const names = (await fs.readdir(dir).catch(() => [])).filter(name => /^\d+$/.test(name));
  const parts = await Promise.all(names.map(async name => [Number(name), (await fs.stat(path.join(dir, name))).size]));
  return parts.sort(([a], [b]) => a - b);
}

// What s3rver lacks; anything else goes on to it.
async function extensions(ctx, next) {
  checkSignature(ctx);
  const [, bucket, key] = /^\/([^/]+)(?:\/(.+))?$/s.exec(ctx.path) || [];
  if (!bucket) return next();
  if (ctx.method === 'DELETE' && key && 'uploadId' in ctx.query) {
    const dir = path.join(uploadsOf(bucket), ctx.query.uploadId);
    const owner = await fs.readFile(path.join(dir, 'key'), 'utf8').catch(() => undefined);
    if (owner !== key) throw new S3Error('NoSuchUpload', 'The specified upload does not exist.');
    await fs.rm(dir, { recursive: true, force: true });
    ctx.status = 204;
    return;
  }
  if (ctx.method === 'GET' && !key && 'uploads' in ctx.query) {
    const prefix = ctx.query.prefix || '';
    const uploads = (await pendingUploads(bucket)).filter(upload => upload.key.startsWith(prefix));
    ctx.type = 'application/xml';
    ctx.body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult>' +
      `<Bucket>${escapeXml(bucket)}</Bucket><Prefix>${escapeXml(prefix)}</Prefix><IsTruncated>false</IsTruncated>` +
      uploads.map(u => `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${u.id}</UploadId></Upload>`).join('') +
      '</ListMultipartUploadsResult>';
    return;
  }
  if (ctx.method === 'POST' && key && 'uploadId' in ctx.query) {
    const parts = await partSizes(bucket, ctx.query.uploadId);
    const small = parts.slice(0, -1).find(([, size]) => size < MIN_PART);
    if (small) {
      throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', {
        PartNumber: small[0],
        ProposedSize: small[1],
        MinSizeAllowed: MIN_PART,
      });
    }
  }
  return next();
}

const s3rver = new S3rver({ directory, silent: true, configureBuckets: [{ name: BUCKET }] });
s3rver.middleware.unshift(extensions);
await s3rver.configureBuckets();
const server = http.createServer(s3rver.callback());
server.on('error', error => {
  console.error(`s3rver: cannot listen on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(Number(port), '127.0.0.1', () => console.log(`s3rver: ready on http://127.0.0.1:${port}`));
