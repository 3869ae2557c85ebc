// Messages after they are sent: editing (the sender, within edit_window_ms, text messages),
// the versions of a message's text, deleting for everyone (the sender within
// delete_window_ms; in a group, its admins and owner any message), deleting for oneself, and
// the change feed a device reads after being away (store/lifecycle.hpp). Safe from any
// thread; writes the store, then announces through Core.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

enum class DeleteScope { kEveryone, kMe };

class LifecycleService {
 public:
  static constexpr std::size_t kMaxDeletedAtOnce = 100;

  explicit LifecycleService(Core& core) : core_(core) {}

  // The message after the edit (unchanged text: the message as it is, nothing stored).
  // `mentions`: whom the new text mentions, as asked (chat/messages/mentions.hpp).
  Result<store::Message> edit(const Actor& actor, std::string_view message_id, std::string_view content,
                              store::Mentions mentions = {});
  Result<std::vector<store::TextVersion>> versions(const Actor& actor, std::string_view message_id);
  // Messages of one chat, 1 to kMaxDeletedAtOnce: the tombstones (everyone), or the messages
  // as they are, hidden from the caller from now on (me).
  Result<std::vector<store::Message>> remove(const Actor& actor, std::string_view chat_id,
                                             const std::vector<std::string>& message_ids, DeleteScope scope);
  Result<store::ChangePage> changes(const Actor& actor, std::string_view chat_id, std::int64_t since,
                                    std::size_t limit);
  // A moderator's deletion for everyone (chat/moderation): whoever sent it, whenever; announced
  // as any other. The tombstone.
  Result<store::Message> delete_as_moderator(const std::string& moderator_id, const std::string& message_id);

 private:
  // Deletes `messages` of `chat` for everyone as `by` and announces those that were not deleted
  // already; the tombstones.
  Result<std::vector<store::Message>> delete_for_everyone(const store::Chat& chat,
                                                          const std::vector<store::Message>& messages,
                                                          const std::string& by);
  // Whether `actor` may delete `m` of `chat` for everyone.
  std::optional<Error> may_delete(const Actor& actor, const store::Chat& chat, const store::Message& m);
  bool window_closed(const store::Message& m, std::int64_t window_ms) const;
  // The server's edit window, or the group's when it is shorter (0: no limit).
  std::int64_t edit_window_ms(const store::Chat& chat) const;

  Core& core_;
};

}  // namespace parley::chat
