#!/usr/bin/env node
// Templates benchmark: what the composer's picker and the quick replies cost when a person
// keeps a full set of templates, writes in a group with a full set of canned responses, and
// has used them many times.
//
//   node bench/templates.mjs --parley build/server/app/parley --data /tmp/templates-bench \
//     [--store-url postgres://...] [--templates 200] [--chats 20] [--uses 10000] \
//     [--queries 2000] [--concurrency 16]
//
// starts parley itself (cheap password hashing, no rate limits, max_templates = --templates),
// registers a writer, --chats peers with a private chat each, and a group of all of them that
// the writer owns; then:
//   fill     the writer saves --templates templates and the group --templates canned responses
//            (REST), and reports the rate;
//   use      counts --uses uses spread over the templates and chats (a few templates used far
//            more than the rest, as people do), and reports the rate;
//   picker   --queries GET /api/v1/me/templates?chatId=<the group> (the writer's own and the
//            group's, ranked for the group: 2 x --templates templates), --concurrency at a time:
//            client latency p50 / p99 and the server's CPU per request;
//   quick    the same for GET /api/v1/chats/<a private chat>/quick-replies.
// Exits 1 when an answer is not what was stored (its size, or a ranking that is not by use).
import { failer, parseArgs, pct, startParley } from './rest-lib.mjs';

const args = parseArgs({ templates: '200', chats: '20', uses: '10000', queries: '2000', concurrency: '16' });
const fail = failer('templates');
if (!args.parley || !args.data) fail('usage: --parley BIN --data DIR [...]');
const N = (name) => Number(args[name]);

async function main() {
  const server = await startParley({
    bin: args.parley, data: args.data, storeUrl: args['store-url'], concurrency: N('concurrency'), fail,
    flags: ['--max_templates', String(N('templates'))],
  });
  const { must, pool, cpuMs } = server;
  const run = Date.now().toString(36);
  const register = async (name) => must('POST', '/auth/register', {
    body: { email: `${name}-${run}@bench.test`, password: 'correct horse battery', name },
  }, 201);
  const writer = await register('writer');
  const token = writer.accessToken;
  const peers = [];
  await pool(N('chats'), async (i) => {
    const peer = await register(`peer${i}`);
    const chat = await must('POST', '/chats', { token, body: { userId: peer.user.id } }, 201);
    peers[i] = { id: peer.user.id, chatId: chat.id };
  });
  const group = await must('POST', '/api/v1/groups', { token, body: { title: 'Support', memberIds: peers.map((p) => p.id) } }, 201);
  const groupId = group.chat?.id ?? group.id;
  if (!groupId) fail(`no group id in ${JSON.stringify(group).slice(0, 200)}`);

  // fill
  let t0 = Date.now();
  const ids = [];
  await pool(2 * N('templates'), async (i) => {
    const own = i < N('templates');
    const body = {
      title: `${own ? 'Reply' : 'Answer'} ${i}`, category: `Category ${i % 7}`, shortcut: `t${i}`,
      content: `Thank you, {first_name}! This is reply ${i}, sent on {date}.`,
    };
    const res = await must('POST', own ? '/api/v1/me/templates' : `/api/v1/chats/${groupId}/templates`, { token, body }, 201);
    ids[i] = res.template.id;
  });
  const fillRate = (2 * N('templates')) / ((Date.now() - t0) / 1000);

  // use: template k's share falls as 1 / (k + 1).
  const weights = ids.map((_, k) => 1 / (k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const pick = (x) => {
    let acc = 0;
    for (let k = 0; k < weights.length; k += 1) {
      acc += weights[k] / total;
      if (x < acc) return k;
    }
    return weights.length - 1;
  };
  t0 = Date.now();
  await pool(N('uses'), async (i) => {
    const k = pick(((i * 7919) % 10007) / 10007);
    const chatId = k >= N('templates') ? groupId : peers[i % peers.length].chatId;
    await must('POST', `/api/v1/templates/${ids[k]}/uses`, { token, body: { chatId } }, 204);
  });
  const useRate = N('uses') / ((Date.now() - t0) / 1000);

  async function timed(path, check) {
    const latency = [];
    const cpu0 = cpuMs();
    await pool(N('queries'), async () => {
      const start = process.hrtime.bigint();
      const body = await must('GET', path, { token });
      latency.push(Number(process.hrtime.bigint() - start) / 1e6);
      check(body.templates);
    });
    const cpu = cpuMs() - cpu0;
    latency.sort((a, b) => a - b);
    return {
      p50_ms: Number(pct(latency, 50).toFixed(2)),
      p99_ms: Number(pct(latency, 99).toFixed(2)),
      cpu_us_per_request: Math.round((cpu * 1000) / N('queries')),
    };
  }
  const byUse = (list) => list.every((t, i) => i === 0 || list[i - 1].uses >= t.uses || t.uses === 0);
  const picker = await timed(`/api/v1/me/templates?chatId=${groupId}`, (list) => {
    if (list.length !== 2 * N('templates')) fail(`the picker answered ${list.length} templates`);
  });
  const overall = await must('GET', '/api/v1/me/templates', { token });
  if (!byUse(overall.templates)) fail('the templates are not ranked by use');
  const quick = await timed(`/api/v1/chats/${peers[0].chatId}/quick-replies`, (list) => {
    if (list.length !== 3) fail(`${list.length} quick replies`);
  });

  console.log(JSON.stringify({
    store: args['store-url'] ? 'postgres' : 'embedded',
    templates: 2 * N('templates'),
    fill_per_s: Math.round(fillRate),
    uses: N('uses'),
    uses_per_s: Math.round(useRate),
    picker,
    quick_replies: quick,
  }));
  server.stop();
}

main().catch((e) => fail(e.stack));
