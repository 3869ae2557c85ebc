// Groups applied to the slices: creating one, its members and roles, info and settings,
// leaving, members and receipts pages, and invite links. Each change is the server's to decide
// (it answers forbidden, member_limit, ...): these throw RequestError for the caller to show;
// what they change arrives as the acknowledgement's chat, and for everyone as chat:updated and
// a system message. Used by ChatStore (its `groups`).
import type { ChatApi } from './api';
import type { Inbound } from './inbound';
import type { Realtime } from './realtime';
import type { Slices } from './slices';
import type { Chat, GroupRole, GroupSettings, Invite, InvitePreview, Member, MemberPage, Receipt } from './types';

export interface GroupHost {
  readonly api: ChatApi;
  readonly realtime: Realtime;
  readonly slices: Slices;
  readonly inbound: Inbound;
  session(): number;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
}

export class GroupActions {
  constructor(private readonly host: GroupHost) {}

  /** Creates a group with the user as its owner; resolves to it, listed and joined. */
  async createGroup(title: string, description: string, memberIds: readonly string[]): Promise<Chat> {
    const s = this.host.session();
    const text = description.trim();
    const ack = await this.host.realtime.request('group:create', {
      title: title.trim(),
      ...(text ? { description: text } : {}),
      memberIds: [...memberIds],
    });
    if (s === this.host.session()) this.host.inbound.applyChat(ack.chat, true);
    return ack.chat;
  }

  async addMembers(chatId: string, userIds: readonly string[]): Promise<void> {
    await this.groupChange(this.host.realtime.request('group:add', { chatId, userIds: [...userIds] }));
  }

  async removeMember(chatId: string, userId: string): Promise<void> {
    await this.groupChange(this.host.realtime.request('group:remove', { chatId, userId }));
  }

  async setMemberRole(chatId: string, userId: string, role: Exclude<GroupRole, 'owner'>): Promise<void> {
    await this.groupChange(this.host.realtime.request('group:role', { chatId, userId, role }));
  }

  async transferOwnership(chatId: string, userId: string): Promise<void> {
    const s = this.host.session();
    await this.groupChange(this.host.realtime.request('group:owner', { chatId, userId }));
    // The former owner is an admin now (the acknowledgement's role is not said).
    if (s === this.host.session()) this.host.slices.chats.patch(chatId, (c) => ({ ...c, role: 'admin' }));
  }

  async updateGroup(chatId: string, info: { title?: string; description?: string; avatarColor?: string }): Promise<void> {
    await this.groupChange(this.host.realtime.request('group:update', { chatId, ...info }));
  }

  async updateGroupSettings(chatId: string, settings: GroupSettings): Promise<void> {
    await this.groupChange(this.host.realtime.request('group:settings', { chatId, ...settings }));
  }

  /** Leaves a group: it stays in the list, read-only, until removed from it. */
  async leaveGroup(chatId: string): Promise<void> {
    const s = this.host.session();
    await this.host.realtime.request('group:leave', { chatId });
    if (s === this.host.session()) this.host.inbound.removed(chatId);
  }

  /** Takes a group the user is no longer in out of the list. */
  removeFromList(chatId: string): void {
    if (!this.host.slices.chats.isLeft(chatId)) return;
    this.host.slices.chats.remove(chatId);
    this.host.slices.messages.deleteEntry(chatId);
    this.host.slices.pins.deleteEntry(chatId);
  }

  /** One page of a group's members in join order (after: the previous page's nextAfter). */
  async groupMembers(chatId: string, after?: number, limit = 100): Promise<MemberPage> {
    const ack = await this.host.realtime.request('group:members', { chatId, ...(after !== undefined ? { after } : {}), limit });
    const s = this.host.session();
    // They are people the client may show (names in the timeline, presence in the panel).
    const users = this.host.slices.users;
    const fresh = ack.members.filter((m) => !users.user(m.id));
    if (fresh.length > 0 && s === this.host.session()) {
      users.set({ ...users.get(), ...Object.fromEntries(fresh.map((m) => [m.id, { id: m.id, name: m.name, email: m.email }])) });
    }
    const me = this.host.slices.session.me()?.id;
    const mine = ack.members.find((m: Member) => m.id === me);
    if (mine) this.host.slices.chats.patch(chatId, (c) => (c.role === mine.role ? c : { ...c, role: mine.role }));
    return { members: ack.members, nextAfter: ack.nextAfter ?? null };
  }

  /** Who has one of the user's group messages, and who read it (a page at a time). */
  async messageReceipts(messageId: string, after?: number): Promise<MemberPage<Receipt>> {
    const ack = await this.host.realtime.request('message:receipts', { messageId, ...(after !== undefined ? { after } : {}), limit: 200 });
    return { members: ack.members, nextAfter: ack.nextAfter ?? null };
  }

  // Invite links. Admins make, list and revoke them over the socket, as the panel's other
  // changes; the preview and the join go over REST, so the join page works before the socket
  // has connected (just signed in). Errors are thrown for the caller to show.

  /** Makes a link (options absent: never expires, no limit). */
  async createInvite(chatId: string, options: { expiresInSeconds?: number; maxUses?: number }): Promise<Invite> {
    return (await this.host.realtime.request('group:invite', { chatId, ...options })).invite;
  }

  /** The group's links that are not revoked, newest first. */
  async invites(chatId: string): Promise<Invite[]> {
    return (await this.host.realtime.request('group:invites', { chatId })).invites;
  }

  async revokeInvite(chatId: string, token: string): Promise<Invite> {
    return (await this.host.realtime.request('group:invite:revoke', { chatId, token })).invite;
  }

  /** What an invite link leads to. */
  async invitePreview(inviteToken: string): Promise<InvitePreview> {
    const s = this.host.session();
    try {
      return await this.host.api.invitePreview(this.host.slices.session.token(), inviteToken);
    } catch (err) {
      this.host.handleError(err, s, false);
      throw err;
    }
  }

  /**
   * Joins the group an invite link leads to (a member already: nothing changes); resolves to
   * the group, listed and joined (chat:added says the same a moment later).
   */
  async joinByInvite(inviteToken: string): Promise<Chat> {
    const s = this.host.session();
    try {
      const chat = await this.host.api.joinByInvite(this.host.slices.session.token(), inviteToken);
      if (s === this.host.session()) this.host.inbound.applyChat(chat, true);
      return chat;
    } catch (err) {
      this.host.handleError(err, s, false);
      throw err;
    }
  }

  private async groupChange(req: Promise<{ chat: Chat }>): Promise<void> {
    const s = this.host.session();
    const ack = await req;
    if (s === this.host.session()) this.host.inbound.applyChat(ack.chat, false);
  }
}
