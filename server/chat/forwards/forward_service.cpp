#include "chat/forwards/forward_service.hpp"

#include "chat/files/file_service.hpp"
#include "chat/moderation/block_service.hpp"
#include "chat/store_errors.hpp"
#include "util/ids.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace parley::chat {

Result<Forwarded> ForwardService::forward(const Actor& actor, const std::vector<std::string>& message_ids,
                                          std::string_view to_chat_id, std::optional<std::string> comment) {
  const auto& o = core_.options;
  if (message_ids.empty()) return fail(Errc::kInvalidInput, "messageIds must not be empty");
  if (message_ids.size() > o.max_forward) {
    return fail(Errc::kInvalidInput, "At most " + std::to_string(o.max_forward) + " messages per forward");
  }
  if (comment) {
    if (!util::is_valid_utf8(*comment)) return fail(Errc::kInvalidInput, "additionalContent must be valid UTF-8");
    if (util::utf8_length(*comment) > o.max_message_chars) {
      return fail(Errc::kPayloadTooLarge, "additionalContent is too long");
    }
    if (comment->find_first_not_of(" \t\r\n") == std::string::npos) comment.reset();
  }
  auto target = core_.access.chat(actor.user_id, to_chat_id);
  if (!target) return util::fail(target.error());
  if (auto open = check_not_blocked(core_, *target, actor.user_id); !open) return util::fail(open.error());
  std::vector<store::Message> sources;
  std::unordered_set<std::string> seen;
  for (const auto& id : message_ids) {
    if (!seen.insert(id).second) continue;
    auto m = core_.access.message(actor.user_id, id);
    if (!m) return util::fail(m.error());
    sources.push_back(std::move(*m));
  }
  // The rules see the comment and each forwarded text as the forwarder's own; what they would
  // hold is refused (a forward is not held for review).
  if (auto muted = core_.automod.check_muted(actor.user_id, *target); !muted) return util::fail(muted.error());
  std::vector<std::optional<Verdict>> flags;  // by position in the batch below
  std::vector<std::string_view> texts;
  if (comment) texts.push_back(*comment);
  for (const auto& src : sources) texts.push_back(src.content);
  for (const auto text : texts) {
    auto verdict = core_.automod.check(actor.user_id, *target, text, 0, false);
    if (!verdict) return util::fail(verdict.error());
    if (verdict->matched && verdict->action != AutoAction::kFlag) {
      if (verdict->action == AutoAction::kHold) verdict->action = AutoAction::kReject;
      return util::fail(core_.automod.stop(*verdict, actor.user_id, *target, text, {}));
    }
    flags.push_back(verdict->matched ? std::optional<Verdict>(std::move(*verdict)) : std::nullopt);
  }
  const auto now = core_.now();
  // Charged as sends are: one token per message stored, the comment too, all or none. A forward
  // of more messages than the bucket holds needs a full bucket (else it could never pass).
  const std::size_t stored = sources.size() + (comment ? 1 : 0);
  const auto capacity = static_cast<std::size_t>(std::max(1.0, std::floor(o.messages_burst)));
  const std::size_t cost = std::min(stored, capacity);
  const auto held = core_.limiter.take_all("msg:" + actor.user_id, o.messages_per_second, o.messages_burst, now, cost);
  if (held < cost) {
    return fail(Errc::kRateLimited, "Too many messages; slow down (this forward counts as " + std::to_string(cost) +
                                        (cost == 1 ? " message; " : " messages; ") + std::to_string(held) +
                                        " may be sent now)");
  }
  core_.touch(actor.user_id);
  const auto recipients = Core::recipients_of(*target, actor.user_id);
  const auto receiving = core_.receiving_recipients(*target, actor.user_id);
  const auto message = [&](std::string content) {
    store::NewMessage m;
    m.id = util::uuid_v7();
    m.chat_id = target->id;
    m.sender_id = actor.user_id;
    m.content = std::move(content);
    m.created_at = now;
    m.recipients = recipients;
    m.delivered_to = receiving;
    return m;
  };
  // The comment goes first, as people read it: what they are about to see, then the messages.
  std::vector<store::NewMessage> batch;
  if (comment) batch.push_back(message(std::move(*comment)));
  const bool has_comment = !batch.empty();
  for (const auto& src : sources) {
    auto m = message(src.content);
    // Forwarding a forward keeps the first author and the first message.
    m.forwarded_from_id = src.forwarded_from_id.value_or(src.id);
    m.original_sender_id = src.original_sender_id.value_or(src.sender_id);
    // Its files go with it: the target chat's members may read them from now on.
    if (src.attachments) {
      m.attachments = src.attachments;
      m.file_ids = FileService::file_ids_of(*src.attachments);
    }
    batch.push_back(std::move(m));
  }

  auto results = core_.store.append_messages(batch);
  std::vector<store::Appended> appended;
  for (auto& r : results) {
    if (!r) return store_failure(r.error(), "Message");
    appended.push_back(std::move(*r));
  }
  std::unordered_set<std::string> told;
  std::vector<store::StatusChange> delivered;
  for (std::size_t k = 0; k < appended.size(); ++k) {
    const auto& a = appended[k];
    if (a.duplicate) continue;
    core_.announce_appended(*target, a.message, told);
    if (flags[k]) core_.automod.flag(*flags[k], a.message);
    typing_.stopped(*target, a.message.sender_id);
    delivered.insert(delivered.end(), a.delivered.begin(), a.delivered.end());
  }
  // Stored with the messages (peers were told of the chat already): only the events.
  if (!delivered.empty()) core_.events.status_changed(delivered);

  Forwarded out;
  auto first = appended.begin();
  if (has_comment) out.comment = std::move((first++)->message);
  for (; first != appended.end(); ++first) out.messages.push_back(std::move(first->message));
  return out;
}

}  // namespace parley::chat
