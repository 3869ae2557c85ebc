// A group's info panel: its avatar, name, description and members (paged, with roles and
// presence), and what the user may do there, by their role and the group's settings (the
// server decides again): edit the info, change the settings (admins), add members, make or
// unmake admins, remove members, hand the group over (the owner), leave. What the user may not
// do is not offered. Its owner and admins find "Reports", the moderation page showing the reports
// of the group's messages; every member "Report group…" (the chat view asks why). Live: a change
// by anyone (chat:updated) reloads the members shown. The
// settings, the info editor, the invite links, the custom emoji and the confirmation live in
// their own files.
import { useCallback, useEffect, useMemo, useRef, useState, type ComponentType } from 'react';

import { navigate } from '../../app/router';
import { useChatStore, useChats, useConnection, useSession, useUsers } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import { groupRights, groupTitle, memberCountText } from '../../client/groups';
import type { Chat, GroupRole, Member, User } from '../../client/types';
import { Avatar } from '../../shared/Avatar';
import { FlagIcon, ShieldIcon } from '../../shared/icons';
import { presenceText } from '../../shared/format';
import { Modal } from '../../shared/Modal';
import { useNow } from '../../shared/useNow';
import { ConfirmDialog, type Confirm } from './ConfirmDialog';
import { EditInfo } from './EditGroupInfo';
import { GroupEmoji } from './GroupEmoji';
import { SettingsForm } from './GroupSettingsForm';
import { InviteLinks } from './InviteLinks';
import { MemberPicker } from './MemberPicker';
import { button } from './styles';
import { useT, type MessageKey } from '../../i18n';

const PAGE = 100;
const ROLE_LABEL: Record<GroupRole, MessageKey | null> = { owner: 'groups.role.owner', admin: 'groups.role.admin', member: null };

/** What the panel shows from other features, handed in by the app. */
export interface GroupInfoSlots {
  /** The group's canned responses (the templates feature's); none when absent. */
  CannedResponses?: ComponentType<{ chat: Chat }>;
}

export function GroupInfo({
  chatId,
  onClose,
  onReport,
  CannedResponses,
}: { chatId: string; onClose: () => void; onReport?: () => void } & GroupInfoSlots) {
  const t = useT();
  const chat = useChats((s) => s.byId[chatId]);
  const left = useChats((s) => s.left[chatId] === true);
  const [view, setView] = useState<'info' | 'add' | 'edit'>('info');
  if (!chat) return null;
  const title = view === 'add' ? t('groups.addMembers') : view === 'edit' ? t('groups.editGroup') : t('groups.info');
  return (
    <Modal title={title} onClose={onClose} testId="group-info">
      {view === 'add' ? (
        <AddMembers chat={chat} onDone={() => setView('info')} />
      ) : view === 'edit' ? (
        <EditInfo chat={chat} onDone={() => setView('info')} />
      ) : (
        <InfoView
          chat={chat}
          left={left}
          onAdd={() => setView('add')}
          onEdit={() => setView('edit')}
          onClose={onClose}
          onReport={onReport}
          CannedResponses={CannedResponses}
        />
      )}
    </Modal>
  );
}

function InfoView({
  chat,
  left,
  onAdd,
  onEdit,
  onClose,
  onReport,
  CannedResponses,
}: {
  chat: Chat;
  left: boolean;
  onAdd: () => void;
  onEdit: () => void;
  onClose: () => void;
  onReport?: () => void;
} & GroupInfoSlots) {
  const t = useT();
  const store = useChatStore();
  const me = useSession((s) => s.user?.id ?? '');
  const users = useUsers();
  const now = useNow();
  const rights = groupRights(chat, left);
  const [members, setMembers] = useState<Member[]>([]);
  const [nextAfter, setNextAfter] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const watched = useRef(new Set<string>());
  const connected = useConnection() === 'connected';

  const load = useCallback(
    async (after?: number) => {
      setLoading(true);
      try {
        const page = await store.groups.groupMembers(chat.id, after, PAGE);
        setMembers((prev) => (after === undefined ? page.members : [...prev, ...page.members]));
        setNextAfter(page.nextAfter);
        setError(null);
        // Group members are not contacts: their presence is heard while the panel shows them.
        const fresh = page.members.filter((m) => m.id !== me && !watched.current.has(m.id));
        for (const m of fresh) watched.current.add(m.id);
        if (fresh.length > 0) store.watchPresence(fresh.map((m): User => ({ id: m.id, name: m.name, email: m.email })));
      } catch (err) {
        setError(errorMessage(err));
      } finally {
        setLoading(false);
      }
    },
    [store, chat.id, me],
  );

  // The first page, again whenever the group changes (roles, members) and when the connection
  // comes back (a panel opened offline waits for it).
  useEffect(() => {
    if (!left && connected) void load();
  }, [load, left, chat.version, connected]);
  useEffect(() => {
    const w = watched.current;
    return () => store.unwatchPresence([...w]);
  }, [store]);

  const act = async (run: () => Promise<void>) => {
    setOpen(null);
    try {
      await run();
    } catch (err) {
      store.showToast(errorMessage(err));
    }
  };

  const settings = chat.settings ?? {};
  const count = chat.memberCount ?? chat.participants.length;

  return (
    <div className="flex max-h-[80dvh] flex-col overflow-y-auto" data-testid="group-info-body">
      <section className="flex flex-col items-center gap-1 border-b border-line px-5 py-4 text-center">
        <Avatar id={chat.id} name={groupTitle(chat)} color={chat.avatarColor} size="xl" />
        <p className="mt-2 text-lg font-semibold break-words [overflow-wrap:anywhere]" data-testid="group-info-title" dir="auto">
          {groupTitle(chat)}
        </p>
        <p className="text-sm text-muted">{t('groups.subtitle', { members: memberCountText(count) })}</p>
        {chat.description && (
          <p className="mt-1 text-sm whitespace-pre-wrap break-words [overflow-wrap:anywhere]" dir="auto">
            {chat.description}
          </p>
        )}
        {rights.editInfo && (
          <button type="button" onClick={onEdit} className={`${button} mt-1 text-accent hover:bg-hover`}>
            {t('groups.editInfo')}
          </button>
        )}
        {left && <p className="mt-2 rounded-lg bg-panel-2 px-3 py-2 text-sm">{t('groups.notMember')}</p>}
      </section>

      {rights.settings && <SettingsForm chat={chat} settings={settings} />}
      {rights.invite && <InviteLinks chat={chat} />}
      {!left && <GroupEmoji chat={chat} />}
      {!left && CannedResponses && <CannedResponses chat={chat} />}

      {!left && (
        <section aria-labelledby="members-heading" className="px-3 py-3">
          <div className="flex items-center justify-between gap-2 px-2">
            <h3 id="members-heading" className="text-sm font-semibold">
              {memberCountText(count)}
            </h3>
            {rights.addMembers && (
              <button type="button" onClick={onAdd} className={`${button} text-accent hover:bg-hover`}>
                {t('groups.addMembers')}
              </button>
            )}
          </div>
          <ul aria-label={t('groups.members')} className="mt-1 flex flex-col" data-testid="member-list">
            {members.map((m) => {
              const you = m.id === me;
              const live = users[m.id];
              const online = you || (live?.isOnline ?? false);
              const canRemove = !you && rights.remove(m.role);
              const canRole = !you && rights.changeRole(m.role);
              const canTransfer = !you && rights.transfer;
              const actions = canRemove || canRole || canTransfer;
              const expanded = open === m.id;
              const role = ROLE_LABEL[m.role];
              return (
                <li key={m.id} data-member-id={m.id} className="rounded-xl px-2 py-1.5">
                  <div className="flex items-center gap-3">
                    <Avatar id={m.id} name={m.name} size="sm" online={online} />
                    <span className="min-w-0 flex-1">
                      <span className="flex items-center gap-2">
                        <span className="truncate font-medium" dir="auto">{you ? t('groups.you', { name: m.name }) : m.name}</span>
                        {role && (
                          <span className="shrink-0 rounded-full bg-accent-soft px-2 py-0.5 text-xs font-semibold text-accent" data-testid="member-role">
                            {t(role)}
                          </span>
                        )}
                      </span>
                      <span className={`block truncate text-xs ${online ? 'text-online' : 'text-muted'}`}>
                        {you ? t('time.online') : presenceText(live?.isOnline, live?.lastSeen, now)}
                      </span>
                    </span>
                    {actions && (
                      <button
                        type="button"
                        aria-expanded={expanded}
                        aria-controls={`member-actions-${m.id}`}
                        onClick={() => setOpen(expanded ? null : m.id)}
                        className={`${button} px-3 text-accent hover:bg-active`}
                      >
                        <span className="sr-only">{m.name}: </span>{t('groups.manage')}
                      </button>
                    )}
                  </div>
                  {actions && expanded && (
                    <div id={`member-actions-${m.id}`} className="mt-1 flex flex-wrap justify-end gap-1" role="group" aria-label={t('groups.manageName', { name: m.name })}>
                      {canRole && m.role === 'member' && (
                        <button type="button" className={`${button} bg-panel-2 hover:bg-active`} onClick={() => void act(() => store.groups.setMemberRole(chat.id, m.id, 'admin'))}>
                          {t('groups.makeAdmin')}
                        </button>
                      )}
                      {canRole && m.role === 'admin' && (
                        <button type="button" className={`${button} bg-panel-2 hover:bg-active`} onClick={() => void act(() => store.groups.setMemberRole(chat.id, m.id, 'member'))}>
                          {t('groups.dismissAdmin')}
                        </button>
                      )}
                      {canTransfer && (
                        <button
                          type="button"
                          className={`${button} bg-panel-2 hover:bg-active`}
                          onClick={() =>
                            setConfirm({
                              title: t('groups.transfer.title'),
                              question: t('groups.transfer.question', { name: m.name }),
                              action: t('groups.transfer.action'),
                              run: () => store.groups.transferOwnership(chat.id, m.id),
                            })
                          }
                        >
                          {t('groups.makeOwner')}
                        </button>
                      )}
                      {canRemove && (
                        <button
                          type="button"
                          className={`${button} bg-danger-soft text-danger hover:opacity-90`}
                          onClick={() =>
                            setConfirm({
                              title: t('groups.remove.title', { name: m.name }),
                              question: t('groups.remove.question', { name: m.name, group: groupTitle(chat) }),
                              action: t('groups.remove.action'),
                              run: () => store.groups.removeMember(chat.id, m.id),
                            })
                          }
                        >
                          {t('groups.removeFromGroup')}
                        </button>
                      )}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
          {error && (
            <p role="alert" className="px-2 py-2 text-sm text-danger">
              {t('groups.membersFailed', { error })}
            </p>
          )}
          {!connected && members.length === 0 && !error && (
            <p className="px-2 py-2 text-center text-sm text-muted">{t('groups.membersOffline')}</p>
          )}
          {loading && <p className="px-2 py-2 text-center text-sm text-muted">{t('groups.membersLoading')}</p>}
          {nextAfter !== null && !loading && (
            <button type="button" onClick={() => void load(nextAfter)} className={`${button} w-full text-accent hover:bg-hover`}>
              {t('groups.moreMembers')}
            </button>
          )}
        </section>
      )}

      <section className="flex flex-col gap-1 border-t border-line px-3 py-3">
        {!left && (chat.role === 'owner' || chat.role === 'admin') && (
          <button
            type="button"
            onClick={() => {
              onClose();
              navigate({ name: 'moderation', chatId: chat.id });
            }}
            className={`${button} inline-flex w-full items-center justify-center gap-2 text-accent hover:bg-hover`}
          >
            <ShieldIcon size={18} />
            {t('groups.reports')}
          </button>
        )}
        {!left && onReport && (
          <button type="button" onClick={onReport} className={`${button} inline-flex w-full items-center justify-center gap-2 text-danger hover:bg-danger-soft`}>
            <FlagIcon size={18} />
            {t('groups.reportGroup')}
          </button>
        )}
        {left ? (
          <button
            type="button"
            onClick={() => {
              onClose();
              store.groups.removeFromList(chat.id);
            }}
            className={`${button} w-full text-danger hover:bg-danger-soft`}
          >
            {t('groups.removeFromList')}
          </button>
        ) : (
          <button
            type="button"
            onClick={() =>
              setConfirm({
                title: t('groups.leave.title'),
                question:
                  chat.role === 'owner'
                    ? t('groups.leave.owner', { group: groupTitle(chat) })
                    : t('groups.leave.question', { group: groupTitle(chat) }),
                action: t('groups.leave.action'),
                run: () => store.groups.leaveGroup(chat.id),
              })
            }
            className={`${button} w-full text-danger hover:bg-danger-soft`}
          >
            {t('groups.leave.action')}
          </button>
        )}
      </section>

      {confirm && <ConfirmDialog confirm={confirm} onClose={() => setConfirm(null)} onDone={(ok) => ok && setConfirm(null)} />}
    </div>
  );
}

function AddMembers({ chat, onDone }: { chat: Chat; onDone: () => void }) {
  const t = useT();
  const store = useChatStore();
  const me = useSession((s) => s.user?.id ?? '');
  const [chosen, setChosen] = useState<readonly User[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The members listed with the chat (a large group's first thousand) are not offered again.
  const exclude = useMemo(() => new Set([me, ...chat.participants]), [me, chat.participants]);
  return (
    <form
      className="flex max-h-[80dvh] flex-col gap-3 overflow-y-auto px-5 py-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen.length === 0) {
          setError(t('groups.chooseSomeone'));
          return;
        }
        setBusy(true);
        setError(null);
        store.groups
          .addMembers(chat.id, chosen.map((u) => u.id))
          .then(onDone)
          .catch((err: unknown) => {
            setError(errorMessage(err));
            setBusy(false);
          });
      }}
    >
      <MemberPicker selected={chosen} onChange={setChosen} exclude={exclude} />
      {error && (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onDone} className={`${button} hover:bg-hover`}>
          {t('common.back')}
        </button>
        <button type="submit" disabled={busy} className={`${button} bg-accent px-5 text-on-accent hover:bg-accent-strong disabled:opacity-60`}>
          {busy ? t('groups.adding') : chosen.length > 1 ? t('groups.addN', { count: chosen.length }) : t('groups.addOne')}
        </button>
      </div>
    </form>
  );
}

