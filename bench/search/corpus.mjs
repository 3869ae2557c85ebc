// The search benchmark's data, made deterministically from a seed: who is in which chat, who
// sends what, and every message's text (mixed languages, realistic lengths, Zipf-like word
// frequencies, links and emoji, planted rare words, phrases and 東京). Every decision about a
// message comes from a random stream of its own (seed, chat, index), so any chat's messages can
// be made again without the others: the queries' expected answers are computed from the
// searcher's chats alone.
//
// searchForm() and searchPattern() model the server's search form (server/util/search_text.hpp
// and chat/search/search_query.cpp) closely enough for this corpus, so expected result counts
// are exact.
import {
  CHINESE, EMOJI, ENGLISH, ENGLISH_STOPWORDS, FIRST_NAMES, FRAGMENTS, GERMAN, JAPANESE, LAST_NAMES, LINK_HOSTS,
  PHRASES, RARE, RUSSIAN, THAI,
} from './words.mjs';

// ---------------------------------------------------------------------------------------------
// Random numbers

function mix(h, v) {
  h = Math.imul(h ^ (v >>> 0), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca77);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae3d);
  h ^= h >>> 16;
  return h >>> 0;
}

const TAGS = { size: 1, members: 2, searcher: 3, message: 4, sender: 5, order: 6, shuffle: 7 };

// A stream of numbers in [0, 1) (mulberry32) for the given key.
export function stream(...key) {
  let a = 0x2545f491;
  for (const k of key) a = mix(a, k);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));  // lo..hi inclusive

// Draws indexes 0..n-1 with weight 1 / (i + q)^s.
export function zipf(n, s = 1, q = 2.7) {
  const cum = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1 / (i + q) ** s;
    cum[i] = total;
  }
  return (r) => {
    const x = r() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid; else lo = mid + 1;
    }
    return lo;
  };
}

// ---------------------------------------------------------------------------------------------
// Who is where

export const ENGLISH_WORDS = [...new Set(ENGLISH)];
// The ten most frequent content words: the common words searched for.
export const COMMON_WORDS = ENGLISH_WORDS.slice(0, 10);

export function userName(i) {
  const n = FIRST_NAMES.length * LAST_NAMES.length;
  const base = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]}`;
  return i < n ? base : `${base} ${Math.floor(i / n) + 1}`;
}
export const userEmail = (i, seed) => `user${i}.s${seed}@search.bench`;
export const chatTitle = (c) => `Search bench ${c}`;
export const SEARCHER = 0;

// The plan: members of each chat (members[c][0] creates it), the searcher's chats, and how
// many messages each chat gets. The searcher (user 0) is in exactly `memberChats` chats.
export function makePlan({ seed, users, chats, messages, memberChats, minMembers = 3, maxMembers = 250 }) {
  if (memberChats > chats) throw new Error('--member-chats is larger than --chats');
  const members = [];
  const hi = Math.min(maxMembers, users - 1);
  for (let c = 0; c < chats; c++) {
    const r = stream(seed, TAGS.size, c);
    // Log-uniform sizes: many small groups, a few large ones (mean about 47 for 3..250).
    const size = Math.max(2, Math.min(hi, Math.round(minMembers * (hi / minMembers) ** r())));
    const rm = stream(seed, TAGS.members, c);
    const set = new Set();
    while (set.size < size) set.add(1 + Math.floor(rm() * (users - 1)));
    members.push([...set]);
  }
  // The searcher's chats: memberChats distinct chats (partial Fisher-Yates).
  const order = Array.from({ length: chats }, (_, c) => c);
  const rs = stream(seed, TAGS.searcher);
  for (let i = 0; i < memberChats; i++) {
    const j = i + Math.floor(rs() * (chats - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const searcherChats = order.slice(0, memberChats).sort((a, b) => a - b);
  for (const c of searcherChats) members[c].push(SEARCHER);
  const counts = Array.from({ length: chats }, (_, c) => Math.floor(messages / chats) + (c < messages % chats ? 1 : 0));
  // Senders: in each chat, a Zipf law over its members (a few talk most).
  const senderOf = members.map((m) => zipf(m.length, 0.9, 1.5));
  return { seed, users, chats, messages, memberChats, members, searcherChats, counts, senderOf };
}

export function senderOf(plan, c, k) {
  const r = stream(plan.seed, TAGS.sender, c, k);
  return plan.members[c][plan.senderOf[c](r)];
}

// Every user's messages as [chat, index] pairs in send order, and the users in the order they
// send (shuffled, so that the position order of the index mixes chats and senders).
export function sendQueues(plan) {
  const byUser = new Map();
  for (let c = 0; c < plan.chats; c++) {
    for (let k = 0; k < plan.counts[c]; k++) {
      const u = senderOf(plan, c, k);
      let q = byUser.get(u);
      if (!q) byUser.set(u, (q = []));
      q.push(c, k);
    }
  }
  const users = [...byUser.keys()].sort((a, b) => a - b);
  const r = stream(plan.seed, TAGS.shuffle);
  for (let i = users.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [users[i], users[j]] = [users[j], users[i]];
  }
  return { users, byUser };
}

// ---------------------------------------------------------------------------------------------
// Message texts

const pickEnglish = zipf(ENGLISH_WORDS.length, 1.05, 2.7);
const pickStop = zipf(ENGLISH_STOPWORDS.length, 0.9, 1.5);
const pickGerman = zipf(GERMAN.length, 1.0, 2.7);
const pickRussian = zipf(RUSSIAN.length, 1.0, 2.7);
const pickJapanese = zipf(JAPANESE.length, 1.0, 2.7);
const pickChinese = zipf(CHINESE.length, 1.0, 2.7);
const pickThai = zipf(THAI.length, 1.0, 2.7);

// Planted: each rare word in about RARE_PER_WORD messages of the whole corpus (at most 0.2 % of
// the messages in a small one), each phrase in
// PHRASE_SHARE of the messages, 東京 in about TOKYO_SHARE of them (in Japanese and Chinese ones).
export const RARE_PER_WORD = 50;
export const PHRASE_SHARE = 0.001;
export const TOKYO = '東京';
const LANGS = [['en', 0.70], ['de', 0.08], ['ru', 0.08], ['ja', 0.05], ['zh', 0.05], ['th', 0.03], ['emoji', 0.01]];
export const TOKYO_SHARE = 0.005;
const TOKYO_IN_CJK = TOKYO_SHARE / 0.10;

const capital = (w) => w.charAt(0).toUpperCase() + w.slice(1);

// Word counts: many short messages, some medium, a few long paragraphs (cut at MAX_CHARS).
const MAX_CHARS = 600;
function wordCount(r) {
  const x = r();
  if (x < 0.62) return int(r, 3, 15);
  if (x < 0.92) return int(r, 15, 40);
  return int(r, 40, 110);
}

function english(r, n) {
  const out = [];
  let sentence = 0;
  for (let i = 0; i < n; i++) {
    let w = r() < 0.45 ? ENGLISH_STOPWORDS[pickStop(r)] : ENGLISH_WORDS[pickEnglish(r)];
    if (sentence === 0) w = capital(w);
    sentence++;
    if (i < n - 1 && sentence > 4 && r() < 0.18) {
      w += r() < 0.8 ? '.' : r() < 0.5 ? '?' : '!';
      sentence = 0;
    } else if (i < n - 1 && r() < 0.05) {
      w += ',';
    }
    out.push(w);
  }
  return out.join(' ') + (r() < 0.6 ? '' : r() < 0.7 ? '.' : '?');
}

function spaced(r, n, list, pick, lowerFirst = false) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(list[pick(r)]);
  const s = out.join(' ');
  return lowerFirst ? s : capital(s);
}

// Scripts without spaces: clauses of a few words run together, clauses separated by 、 or a space.
function unspaced(r, n, list, pick, stop, insert) {
  let s = '';
  let clause = 0;
  for (let i = 0; i < n; i++) {
    if (insert && i === insert.at) s += insert.text;
    s += list[pick(r)];
    clause++;
    if (clause > 3 && r() < 0.25 && i < n - 1) {
      s += stop(r);
      clause = 0;
    }
  }
  if (insert && insert.at >= n) s += insert.text;
  return s;
}

function link(r) {
  const host = LINK_HOSTS[int(r, 0, LINK_HOSTS.length - 1)];
  let tail = '';
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  if (host.endsWith('=')) {
    for (let i = 0; i < 11; i++) tail += alphabet[int(r, 0, alphabet.length - 1)];
  } else if (host.endsWith('-') || host.endsWith('pull')) {
    tail = (host.endsWith('pull') ? '/' : '') + int(r, 1, 9999);
  } else {
    tail = `/${ENGLISH_WORDS[pickEnglish(r)]}-${int(r, 1, 999)}`;
  }
  return `https://${host}${tail}`;
}

// Inserts `text` as a word at a random place of a space-separated text.
function insertWord(r, s, text) {
  const words = s.split(' ');
  words.splice(int(r, 0, words.length), 0, text);
  return words.join(' ');
}

// The text of message k of chat c.
export function messageText(plan, c, k) {
  const r = stream(plan.seed, TAGS.message, c, k);
  let x = r();
  let lang = 'en';
  for (const [name, share] of LANGS) {
    if (x < share) { lang = name; break; }
    x -= share;
  }
  const n = wordCount(r);
  let s;
  switch (lang) {
    case 'de': s = spaced(r, n, GERMAN, pickGerman); break;
    case 'ru': s = spaced(r, n, RUSSIAN, pickRussian); break;
    case 'ja': case 'zh': {
      const ja = lang === 'ja';
      const m = Math.max(2, Math.round(n * 0.8));
      const insert = r() < TOKYO_IN_CJK ? { at: int(r, 0, m), text: TOKYO } : null;
      s = ja
        ? unspaced(r, m, JAPANESE, pickJapanese, (rr) => (rr() < 0.7 ? '、' : '。'), insert)
        : unspaced(r, m, CHINESE, pickChinese, (rr) => (rr() < 0.7 ? '，' : '。'), insert);
      break;
    }
    case 'th': s = unspaced(r, Math.max(2, Math.round(n * 0.7)), THAI, pickThai, () => ' ', null); break;
    case 'emoji': s = Array.from({ length: int(r, 1, 4) }, () => EMOJI[int(r, 0, EMOJI.length - 1)]).join(''); break;
    default: s = english(r, n);
  }
  if (s.length > MAX_CHARS) {
    const cut = s.lastIndexOf(' ', MAX_CHARS);
    s = s.slice(0, cut > MAX_CHARS / 2 ? cut : MAX_CHARS);
  }
  // Planted words and phrases (their draws happen for every message, so that the streams of
  // the other decisions do not depend on them).
  const rare = r();
  const rareShare = Math.min(0.002, RARE_PER_WORD / plan.messages) * RARE.length;
  const phrase = r();
  if (rare < rareShare) s = insertWord(r, s, RARE[Math.floor((rare / rareShare) * RARE.length)]);
  if (phrase < PHRASE_SHARE * PHRASES.length) {
    s = insertWord(r, s, PHRASES[Math.floor((phrase / (PHRASE_SHARE * PHRASES.length)) * PHRASES.length)]);
  }
  if (lang !== 'emoji' && r() < 0.03) s = insertWord(r, s, link(r));
  if (lang !== 'emoji' && r() < 0.10) {
    const e = EMOJI[int(r, 0, EMOJI.length - 1)];
    s = r() < 0.7 ? `${s} ${e}` : insertWord(r, s, e);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// The server's search form (util/search_text.hpp), for this corpus

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });
const UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Script=Yi}]/u;
const EMOJI_RE = /^[\p{Extended_Pictographic}\p{Regional_Indicator}]/u;
const WORD_RE = /^[\p{Alphabetic}\p{N}]/u;
const DROPPED = /[\u0300-\u036f\u{1f3fb}-\u{1f3ff}]/gu;
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const ASCII = /^[\x00-\x7f]*$/;
const graphemeCache = new Map();

// NFKC_Casefold, then accents and skin tones dropped: for one grapheme. Returns [kind, text]
// with kind 0 separator, 1 part of a word, 2 a word of its own, or null (ignorable).
function foldGrapheme(g) {
  let hit = graphemeCache.get(g);
  if (hit !== undefined) return hit;
  let f = g.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ').replace(IGNORABLE, '');
  f = f.normalize('NFKC');
  if (/[^\x00-\xbf]/.test(f)) {
    const d = f.normalize('NFD');
    const kept = d.replace(DROPPED, '');
    if (kept !== d) f = kept.normalize('NFC');
  }
  if (f === '') hit = null;
  else if (EMOJI_RE.test(f) || (WORD_RE.test(f) && UNSPACED.test(f))) hit = [2, f];
  else if (WORD_RE.test(f)) hit = [1, f];
  else hit = [0, ''];
  if (graphemeCache.size < 100000) graphemeCache.set(g, hit);
  return hit;
}

export function searchForm(text) {
  let out = ' ';
  if (ASCII.test(text)) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122)) out += text[i];
      else if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
      else if (!out.endsWith(' ')) out += ' ';
    }
    return out.endsWith(' ') ? out : out + ' ';
  }
  for (const { segment } of segmenter.segment(text)) {
    const f = foldGrapheme(segment);
    if (f === null) continue;
    const [kind, piece] = f;
    if (kind === 1) {
      out += piece;
    } else {
      if (!out.endsWith(' ')) out += ' ';
      if (kind === 2) out += piece + ' ';
    }
  }
  return out.endsWith(' ') ? out : out + ' ';
}

// The pattern of a typed word or phrase (chat/search/search_query.cpp search_pattern).
export function searchPattern(typed, exact) {
  const form = searchForm(typed);
  if (form.length <= 1) return '';
  const inner = form.slice(1, -1);
  if (!exact && !inner.includes(' ') && [...inner].length >= 3) return inner;
  return form;
}

export { FRAGMENTS, PHRASES, RARE };
