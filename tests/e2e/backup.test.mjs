// Server backup and restore (`parley backup --to FILE`, `parley restore FILE`): a backup taken
// while messages are being sent and acknowledged, restored into an empty data directory,
// serves every message acknowledged before the backup began, once and in order, with the
// files they carry and the same accounts and tokens; restore refuses a directory in use and
// what is not a backup. The cluster shape refuses both (PostgreSQL is backed up with pg_dump).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import {
  PARLEY_BIN, fetchAllMessages, get, joinAll, makeDataDir, openChat, post, registerUser, startOne, uploadFile, useParley,
} from './helpers.mjs';

const CLUSTER = process.env.PARLEY_E2E_CLUSTER === '1';
const { server, clients } = useParley();

/** Runs `parley <args>`; resolves with {code, out, err}. */
function parley(args) {
  return new Promise((resolve) => {
    const child = spawn(PARLEY_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

/** A ustar archive of `entries` ([name, text]), as an attacker could write one. */
function tar(entries) {
  const blocks = [];
  for (const [name, text] of entries) {
    const body = Buffer.from(text);
    const header = Buffer.alloc(512);
    header.write(name, 0, 100);
    header.write('0000600\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);  // the checksum counts as spaces
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

describe('server backup and restore', () => {
  test('a backup taken under load restores every message acknowledged before it, with files', { skip: CLUSTER && 'the embedded shape only' }, async () => {
    const [alice, bob] = await Promise.all([registerUser(server), registerUser(server)]);
    const chat = await openChat(server, alice, bob);
    const [A, B] = await Promise.all([clients.connect(alice.token), clients.connect(bob.token)]);
    await joinAll(chat.id, [A, B]);
    const text = Buffer.from('kept in the backup\n'.repeat(1000));
    const fileId = await uploadFile(server, alice, text, 'notes.txt', 'text/plain');
    const withFile = await A.ask('message', { chatId: chat.id, content: 'the notes', attachments: [fileId] });
    assert.ok(withFile.id, JSON.stringify(withFile));

    // Alice sends, one acknowledgement at a time, until the backup has finished.
    const acked = [];  // [id, ackedAt]
    let sending = true;
    const load = (async () => {
      for (let i = 0; sending; i += 1) {
        const ack = await A.ask('message', { chatId: chat.id, content: `load ${i}` });
        assert.ok(ack.id, JSON.stringify(ack));
        acked.push([ack.id, Date.now()]);
      }
    })();
    while (acked.length < 50) await new Promise((r) => { setImmediate(r); });
    const file = path.join(makeDataDir(), 'parley-backup.tar');
    const began = Date.now();
    const backup = await parley(['backup', '--to', file, '--data_dir', server.dataDir]);
    sending = false;
    await load;
    assert.equal(backup.code, 0, backup.err);
    assert.match(backup.out, /^backed up schema version \d+, [1-9]\d* file\(s\) into /);
    assert.ok(acked.some(([, at]) => at > began), 'the sends went on while the backup ran');
    const before = new Set(acked.filter(([, at]) => at < began).map(([id]) => id));
    assert.ok(before.size >= 50);

    const restoredDir = path.join(makeDataDir(), 'restored');
    const restore = await parley(['restore', file, '--data_dir', restoredDir]);
    assert.equal(restore.code, 0, restore.err);
    const again = await parley(['restore', file, '--data_dir', restoredDir]);
    assert.equal(again.code, 1);
    assert.match(again.err, /not empty/);

    const restored = await startOne({ dataDir: restoredDir });
    try {
      // The same secret: Alice's token still works.
      const history = await fetchAllMessages(restored, chat.id, alice.token);
      const ids = history.map((m) => m.id);
      assert.equal(new Set(ids).size, ids.length, 'no message twice');
      history.forEach((m, i) => assert.equal(m.seq, i + 1, 'seq without gaps'));
      for (const id of before) assert.ok(ids.includes(id), `acknowledged ${id} is missing`);
      assert.ok(ids.length <= acked.length + 1);
      const carried = history.find((m) => m.id === withFile.id);
      assert.deepEqual(carried.attachments.map((a) => a.id), [fileId]);
      const links = await post(restored, '/api/v1/files/links', { ids: [fileId] }, bob.token);
      assert.equal(links.status, 200, links.text);
      const got = await get(restored, links.json.links[0].url);
      assert.equal(got.status, 200);
      assert.equal(got.text, text.toString());
    } finally {
      await restored.stop();
    }
  });

  test('restore refuses what is not a backup, and the cluster shape is refused', async () => {
    const dir = makeDataDir();
    const junk = path.join(dir, 'junk.tar');
    fs.writeFileSync(junk, 'not an archive at all');
    const bad = await parley(['restore', junk, '--data_dir', path.join(dir, 'into')]);
    assert.equal(bad.code, 1);
    assert.equal(fs.existsSync(path.join(dir, 'into', 'parley.db')), false);
    assert.equal((await parley(['restore'])).code, 2);
    // A manifest of a newer schema, names that leave the directory, unknown entries.
    const manifest = JSON.stringify({ format: 1, schemaVersion: 1, createdAt: 0 });
    const attempts = [
      [[['manifest.json', JSON.stringify({ format: 1, schemaVersion: 100000, createdAt: 0 })]], /newer than this build/],
      [[['manifest.json', manifest], ['files/../../evil', 'x']], /refusing the entry/],
      [[['manifest.json', manifest], ['/etc/evil', 'x']], /refusing the entry/],
      [[['manifest.json', manifest], ['notes.txt', 'x']], /refusing the entry/],
      [[['parley.db', 'x'], ['manifest.json', manifest]], /not a Parley backup/],
      [[['manifest.json', manifest], ['jwt_secret', 'x'.repeat(40)]], /holds no database/],
    ];
    for (const [i, [entries, why]] of attempts.entries()) {
      const archive = path.join(dir, `attempt-${i}.tar`);
      fs.writeFileSync(archive, tar(entries));
      const into = path.join(dir, `into-${i}`, 'data');
      const r = await parley(['restore', archive, '--data_dir', into]);
      assert.equal(r.code, 1, `${i}: ${r.out}`);
      assert.match(r.err, why, `${i}`);
      assert.equal(fs.existsSync(path.join(dir, `into-${i}`, 'evil')), false);
      assert.deepEqual(fs.existsSync(into) ? fs.readdirSync(into, { recursive: true }).filter((f) => !fs.statSync(path.join(into, f)).isDirectory()) : [], [], `${i}: nothing left behind`);
    }
    assert.equal((await parley(['backup', '--data_dir', dir])).code, 2);  // no --to
    const missing = await parley(['backup', '--to', path.join(dir, 'b.tar'), '--data_dir', path.join(dir, 'none')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no database/);
    const cluster = await parley(['backup', '--to', path.join(dir, 'c.tar'), '--database', 'postgres://x@127.0.0.1/db']);
    assert.equal(cluster.code, 2);
    assert.match(cluster.err, /pg_dump/);
  });
});
