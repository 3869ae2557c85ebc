// Pure rules of group chats as the client sees them: what a chat object from the server adds to
// the one held, the statuses a group's floors give its messages, what the signed-in user has
// read, what a system message changes about the user's own role, what the user may do, and the
// slow mode's wait. No I/O here; the store and the slices apply them.
import { t } from '../i18n/core';
import { statusRank } from './messages';
import type { ChatMessagesState } from './state';
import type { Chat, ChatMessage, GroupPolicy, GroupRole, MessageStatus, ViewMessage } from './types';

export function isGroup(chat: Chat | undefined): boolean {
  return chat?.kind === 'group';
}

export function isSystem(m: Pick<ChatMessage, 'kind'>): boolean {
  return m.kind === 'system';
}

const ROLE_RANK: Record<GroupRole, number> = { member: 0, admin: 1, owner: 2 };

export function roleRank(role: GroupRole | undefined): number {
  return role ? ROLE_RANK[role] : 0;
}

/**
 * A chat object from the server over the one held. chat:updated and chat:added carry no role
 * and no read watermark of the user's (only the chat list and the acknowledgements of the
 * user's own changes say the role): those are kept. Floors, the read watermark and the
 * changeSeq never go down (events may overtake a list fetched earlier).
 */
export function mergeChat(prev: Chat | undefined, next: Chat): Chat {
  if (!prev || !isGroup(next)) return next;
  const out: Chat = { ...next };
  if (out.role === undefined && prev.role !== undefined) out.role = prev.role;
  const keepMax = (k: 'deliveredSeq' | 'readSeq' | 'lastReadSeq' | 'changeSeq') => {
    const a = prev[k];
    const b = next[k];
    if (a !== undefined && (b === undefined || a > b)) out[k] = a;
  };
  keepMax('deliveredSeq');
  keepMax('readSeq');
  keepMax('lastReadSeq');
  keepMax('changeSeq');
  // An older version (a list fetched before an event) does not undo the event's change.
  if ((prev.version ?? 0) > (next.version ?? 0)) {
    const { deliveredSeq, readSeq, lastReadSeq, changeSeq, role } = out;
    return { ...prev, deliveredSeq, readSeq, lastReadSeq, changeSeq, role };
  }
  return out;
}

/** The status a group's floors give a message with this seq. */
export function floorStatus(seq: number, deliveredSeq: number, readSeq: number): MessageStatus {
  return seq <= readSeq ? 'READ' : seq <= deliveredSeq ? 'DELIVERED' : 'SENT';
}

/**
 * Raises the statuses of a group's stored messages to what its floors say (every member has
 * the messages up to deliveredSeq, read up to readSeq). Returns `items` itself when nothing
 * changes.
 */
export function withFloors(items: readonly ViewMessage[], deliveredSeq: number, readSeq: number): ViewMessage[] {
  if (deliveredSeq <= 0 && readSeq <= 0) return items as ViewMessage[];
  let changed = false;
  const out = items.map((m) => {
    if (m.pending || m.failed !== undefined || m.seq <= 0) return m;
    const s = floorStatus(m.seq, deliveredSeq, readSeq);
    if (statusRank(s) <= statusRank(m.status)) return m;
    changed = true;
    return { ...m, status: s };
  });
  return changed ? out : (items as ViewMessage[]);
}

/**
 * A group's messages as this user sees them. A group message's status is the group's (READ
 * when every member read it), so those from others that the user read (up to their read
 * watermark) are marked READ here, which is what the unread counts go by; the user's own get
 * the floors' statuses.
 */
export function groupView(chat: Chat | undefined, me: string, st: ChatMessagesState): ChatMessagesState {
  if (!chat || !isGroup(chat)) return st;
  let items = withFloors(st.items, chat.deliveredSeq ?? 0, chat.readSeq ?? 0);
  const read = chat.lastReadSeq ?? 0;
  if (read > 0) {
    let changed = false;
    const marked = items.map((m) => {
      if (m.pending || m.senderId === me || m.seq > read || m.status === 'READ') return m;
      changed = true;
      return { ...m, status: 'READ' as const };
    });
    if (changed) items = marked;
  }
  return items === st.items ? st : { ...st, items };
}

/**
 * What a system message changes about `me`'s role in its group, if anything: a role given or
 * taken, ownership received (or, for the owner who gave it, admin).
 */
export function roleAfter(m: ChatMessage, me: string): GroupRole | undefined {
  const sys = m.system;
  if (!isSystem(m) || !sys) return undefined;
  const targets = sys.userIds ?? [];
  if (sys.type === 'role_changed' && targets.includes(me) && sys.role) return sys.role;
  if (sys.type === 'owner_changed') {
    if (targets.includes(me)) return 'owner';
    if (sys.actorId === me) return 'admin';
  }
  if (sys.type === 'created' && sys.actorId === me) return 'owner';
  return undefined;
}

/** What the signed-in user may do in a group, by their role and its settings. */
export interface GroupRights {
  send: boolean;
  addMembers: boolean;
  editInfo: boolean;
  pin: boolean;
  /** Change the settings (admins). */
  settings: boolean;
  /** Make, see and revoke the group's invite links (admins). */
  invite: boolean;
  /** Remove a member with this role (admins: anyone but the owner; never oneself). */
  remove: (target: GroupRole) => boolean;
  /** Make a member admin or an admin member (admins: anyone but the owner). */
  changeRole: (target: GroupRole) => boolean;
  /** Hand the group over (the owner). */
  transfer: boolean;
}

function allows(policy: GroupPolicy | undefined, fallback: GroupPolicy, role: GroupRole | undefined): boolean {
  return (policy ?? fallback) === 'everyone' || roleRank(role) >= ROLE_RANK.admin;
}

export function groupRights(chat: Chat | undefined, left = false): GroupRights {
  const role = left ? undefined : chat?.role;
  const member = !left && isGroup(chat);
  const admin = member && roleRank(role) >= ROLE_RANK.admin;
  const s = chat?.settings ?? {};
  return {
    send: member && allows(s.sendMessages, 'everyone', role),
    addMembers: member && allows(s.addMembers, 'everyone', role),
    editInfo: member && allows(s.editInfo, 'admins', role),
    pin: member && allows(s.pinMessages, 'everyone', role),
    settings: admin,
    invite: admin,
    remove: (target) => admin && target !== 'owner',
    changeRole: (target) => admin && target !== 'owner',
    transfer: member && role === 'owner',
  };
}

/**
 * Seconds the user still waits before writing again in slow mode (0: may write now): admins
 * are exempt; the wait runs from the user's last message held.
 */
export function slowModeWait(chat: Chat | undefined, items: readonly ViewMessage[], me: string, now: number): number {
  const until = slowModeUntil(chat, items, me);
  return until > now ? Math.ceil((until - now) / 1000) : 0;
}

/** When (epoch ms) slow mode lets the user write again; 0 when it does not hold them. */
export function slowModeUntil(chat: Chat | undefined, items: readonly ViewMessage[], me: string): number {
  const seconds = chat?.settings?.slowModeSeconds ?? 0;
  if (!isGroup(chat) || seconds <= 0 || roleRank(chat?.role) >= ROLE_RANK.admin) return 0;
  let last = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    const m = items[i];
    if (!m || m.senderId !== me || isSystem(m) || m.failed !== undefined) continue;
    last = Date.parse(m.createdAt);
    break;
  }
  return last ? last + seconds * 1000 : 0;
}

/** "1 member", "12 members". */
export function memberCountText(n: number): string {
  return t('common.members', { count: n });
}

/** The chat's title: a group's own, a private chat's other person's (chatTitle in selectors). */
export function groupTitle(chat: Chat): string {
  return chat.title?.trim() || t('common.group');
}
