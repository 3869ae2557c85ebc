// What the service worker shows for a push (src/client/notifications-wire.ts PushPayload), pure:
// the build (pwa/plugin.ts) puts these functions into sw.js, without their `export`, and the
// unit tests import them from here.
//
// - A message ({chatId, messageId, title, body?, at, count?, mention?}) is tagged with its chat,
//   so the next one replaces it and counts on ("5 new messages": the server's count when it
//   sends one, else the one showing plus one). One that follows the one before within BURST_MS
//   replaces it silently, unless it mentions the user (mention: it mentions or answers them, or
//   has one of their keywords), which always alerts and says "Mentions you"; the count line
//   keeps saying how many of those it holds mention them.
// - A reaction to the user's message ({kind: "reaction", chatId, messageId, title, body, at})
//   takes its chat's place too, but is no new message: the count of messages showing stays.
// - The summary after Do not disturb ({kind: "summary", title, body, at, chats: [{chatId,
//   count}]}) has a tag of its own; a click opens its first chat, or the app.
// Anything missing or malformed gets a plain notice.

/** A push this soon after the chat's notification before it replaces it without a sound. */
export const BURST_MS = 5000;
export const SUMMARY_TAG = 'parley-summary';

function text(v) {
  return typeof v === 'string' ? v : '';
}

function positive(v) {
  return Number.isInteger(v) && v > 0 ? v : 0;
}

/** The messages, and of them the mentions, counted by the chat's notification showing (`before`: its data). */
function held(before) {
  if (!before) return { count: 0, mentions: 0 };
  const count = Number.isInteger(before.count) && before.count >= 0 ? before.count : 1;
  return { count, mentions: Math.min(count, positive(before.mentions)) };
}

function countLine(count, mentions) {
  if (count <= 1) return '';
  return mentions > 0 ? `${count} new messages, ${mentions} mentioning you` : `${count} new messages`;
}

function timestamp(at) {
  const t = typeof at === 'number' ? at : Date.parse(at);
  return Number.isFinite(t) ? { timestamp: t } : {};
}

/**
 * What a push asks to show: {title, options} for showNotification, given the data of the
 * notification its chat shows now (if any) and the time.
 */
export function pushNotice(payload, before, now) {
  const p = payload !== null && typeof payload === 'object' ? payload : {};
  if (p.kind === 'summary') {
    const chats = Array.isArray(p.chats) ? p.chats.filter((c) => c && typeof c.chatId === 'string' && c.chatId) : [];
    return {
      title: text(p.title) || 'While Do not disturb was on',
      options: {
        body: text(p.body) || 'New messages',
        tag: SUMMARY_TAG,
        renotify: true,
        icon: '/icon-192.png',
        ...timestamp(p.at),
        data: { kind: 'summary', chatId: chats[0]?.chatId ?? '', shownAt: now },
      },
    };
  }

  const chatId = text(p.chatId);
  const was = held(before);
  const burst = Boolean(before) && typeof before.shownAt === 'number' && now - before.shownAt < BURST_MS;
  const tag = chatId ? `chat:${chatId}` : 'parley';
  const messageId = text(p.messageId);

  if (p.kind === 'reaction') {
    const line = countLine(was.count, was.mentions);
    const said = text(p.body) || 'New reaction';
    return {
      title: text(p.title) || 'Parley',
      options: {
        body: line ? `${said}\n${line}` : said,
        tag,
        renotify: !burst,
        silent: burst,
        icon: '/icon-192.png',
        ...timestamp(p.at),
        data: { kind: 'reaction', chatId, messageId, count: was.count, mentions: was.mentions, shownAt: now },
      },
    };
  }

  const mention = p.mention === true;
  const count = positive(p.count) || was.count + 1;
  const mentions = Math.min(count, was.mentions + (mention ? 1 : 0));
  const said = text(p.body);
  const first = mention ? `Mentions you · ${said || 'New message'}` : said;
  const line = countLine(count, mentions);
  const body = line ? (first ? `${first}\n${line}` : line) : first || 'New message';
  const quiet = burst && !mention;
  return {
    title: text(p.title) || 'Parley',
    options: {
      body,
      tag,
      renotify: !quiet,
      silent: quiet,
      icon: '/icon-192.png',
      ...timestamp(p.at),
      data: { kind: 'message', chatId, messageId, count, mentions, shownAt: now },
    },
  };
}

/** The tag whose notification a push replaces (null: one of its own, nothing to count on). */
export function replacedTag(payload) {
  const p = payload !== null && typeof payload === 'object' ? payload : {};
  if (p.kind === 'summary') return null;
  return typeof p.chatId === 'string' && p.chatId ? `chat:${p.chatId}` : null;
}

/** The chat a click on a notification opens ('' : the app itself). */
export function clickedChat(data) {
  return data && typeof data.chatId === 'string' ? data.chatId : '';
}
