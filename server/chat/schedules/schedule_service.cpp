#include "chat/schedules/schedule_service.hpp"

#include "chat/files/file_service.hpp"
#include "chat/notifications/notification_settings.hpp"
#include "chat/schedules/recurrence.hpp"
#include "chat/schedules/scheduled_id.hpp"
#include "chat/store_errors.hpp"
#include "util/ids.hpp"

#include <spdlog/spdlog.h>

namespace parley::chat {

namespace {

constexpr std::string_view kWhat = "Scheduled message";

util::Failure<Error> wrong(std::string message) { return fail(Errc::kInvalidInput, std::move(message)); }

// Errors of a send that the author cannot fix by waiting: the schedule ends with them.
bool lasting(Errc e) { return e != Errc::kRateLimited && e != Errc::kUnavailable && e != Errc::kInternal; }

std::string reason_of(const Error& e) {
  switch (e.code) {
    case Errc::kForbidden:
    case Errc::kNotFound:
    case Errc::kBlocked:
      return "no_access";
    default:
      return "rejected";
  }
}

}  // namespace

ScheduleService::ScheduleService(Core& core, MessageService& messages, FileService& files)
    : core_(core), messages_(messages), files_(files), owner_("schedules-" + util::uuid_v7()) {}

SendRequest ScheduleService::request_of(const store::ScheduledMessage& s, store::TimeMs at) {
  SendRequest request;
  request.chat_id = s.chat_id;
  request.content = s.content;
  request.client_message_id = scheduled_client_id(s.id, at);
  request.scheduled = true;
  if (s.attachments) request.attachments = FileService::file_ids_of(*s.attachments);
  return request;
}

std::string ScheduleService::zone_of_user(const std::string& user_id) {
  auto doc = core_.store.notify_settings(user_id);
  if (!doc) return "UTC";
  return settings_from(*doc).time_zone;
}

Result<void> ScheduleService::settle(const Actor& actor, const store::Chat& chat, store::ScheduledMessage& s,
                                     bool first, bool timing_changed) {
  if (!s.attachments || !s.content.empty()) {
    if (auto e = check_content(core_.options, s.content)) return util::fail(std::move(*e));
  }
  // Only the text changed: the occurrence stays, even when its time has come meanwhile.
  if (!timing_changed) return {};
  if (s.recipient_zone) {
    if (chat.group) return wrong("recipientZone is for private chats");
    const auto others = Core::recipients_of(chat, actor.user_id);
    if (others.empty()) return wrong("recipientZone needs another participant");
    s.time_zone = zone_of_user(others.front());
  }
  auto timing = schedules::timing_of(s.start, s.time_zone, s.rrule);
  if (!timing) return util::fail(timing.error());
  s.start = schedules::local_time_text(timing->start);
  if (timing->rule) s.rrule = schedules::rrule_text(*timing->rule);
  const auto now = core_.now();
  const auto next = schedules::occurrences(*timing, now, 1);
  if (next.empty()) {
    return wrong(timing->rule ? "the rule has no occurrence after now" : "start must be in the future");
  }
  if (first && next.front() > now + kMaxAheadMs) return wrong("start must be at most a year ahead");
  s.next_at = next.front();
  return {};
}

Result<store::ScheduledMessage> ScheduleService::create(const Actor& actor, std::string_view chat_id,
                                                        const ScheduleInput& input) {
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  if (!input.start || (!input.content && input.attachments.empty())) {
    return wrong("start, and content or attachments, are required");
  }
  store::ScheduledMessage s;
  s.id = util::uuid_v7();
  s.user_id = actor.user_id;
  s.chat_id = chat->id;
  s.content = input.content.value_or("");
  s.start = *input.start;
  if (!input.attachments.empty()) {
    auto carried = files_.carried(actor, input.attachments);
    if (!carried) return util::fail(carried.error());
    s.attachments = std::move(carried->attachments);
  }
  s.time_zone = input.time_zone ? *input.time_zone : zone_of_user(actor.user_id);
  if (input.rrule) s.rrule = *input.rrule;
  s.recipient_zone = input.recipient_zone.value_or(false);
  if (auto r = settle(actor, *chat, s, true, true); !r) return util::fail(r.error());
  auto pending = core_.store.schedules().count_pending_schedules(actor.user_id);
  if (!pending) return store_failure(pending.error(), kWhat);
  if (*pending >= core_.options.max_scheduled_per_user) {
    return fail(Errc::kRateLimited, "Too many scheduled messages; at most " +
                                        std::to_string(core_.options.max_scheduled_per_user) + " may wait");
  }
  s.created_at = s.updated_at = core_.now();
  if (auto r = core_.store.schedules().add_schedule(s); !r) return store_failure(r.error(), kWhat);
  announce(s);
  if (on_scheduled_) on_scheduled_(*s.next_at);
  return s;
}

Result<std::vector<store::ScheduledMessage>> ScheduleService::list(const Actor& actor, std::string_view chat_id) {
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  auto r = core_.store.schedules().pending_schedules(actor.user_id, chat->id);
  if (!r) return store_failure(r.error(), kWhat);
  return std::move(*r);
}

Result<std::vector<store::ScheduledMessage>> ScheduleService::list_all(const Actor& actor) {
  auto r = core_.store.schedules().pending_schedules(actor.user_id, "");
  if (!r) return store_failure(r.error(), kWhat);
  return std::move(*r);
}

Result<store::ScheduledMessage> ScheduleService::get(const Actor& actor, std::string_view chat_id,
                                                     std::string_view id) {
  if (!util::is_uuid(id)) return fail(Errc::kNotFound, "Scheduled message not found");
  auto s = core_.store.schedules().schedule(id);
  if (!s) return store_failure(s.error(), kWhat);
  if (s->user_id != actor.user_id || s->chat_id != chat_id) return fail(Errc::kNotFound, "Scheduled message not found");
  return std::move(*s);
}

Result<store::ScheduledMessage> ScheduleService::own_pending(const Actor& actor, std::string_view chat_id,
                                                             std::string_view id) {
  auto s = get(actor, chat_id, id);
  if (!s) return util::fail(s.error());
  if (s->state != store::ScheduleState::kPending) return fail(Errc::kNotFound, "Scheduled message not found");
  if (s->lease_until && *s->lease_until > core_.now()) return fail(Errc::kConflict, "The message is being sent");
  return std::move(*s);
}

Result<store::ScheduledMessage> ScheduleService::change(const Actor& actor, std::string_view chat_id,
                                                        std::string_view id, const ScheduleInput& input) {
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  auto s = own_pending(actor, chat->id, id);
  if (!s) return util::fail(s.error());
  if (input.version && *input.version != s->version) {
    return fail(Errc::kConflict, "The scheduled message changed meanwhile; read it again");
  }
  const std::int64_t read_version = s->version;
  if (input.content) s->content = *input.content;
  if (input.start) s->start = *input.start;
  if (input.time_zone) s->time_zone = *input.time_zone;
  if (input.rrule) s->rrule = *input.rrule;
  if (input.recipient_zone) s->recipient_zone = *input.recipient_zone;
  const bool timing = input.start || input.time_zone || input.rrule || input.recipient_zone;
  if (auto r = settle(actor, *chat, *s, input.start.has_value(), timing); !r) return util::fail(r.error());
  s->updated_at = core_.now();
  auto stored = core_.store.schedules().update_schedule(*s, read_version, core_.now());
  if (!stored) {
    if (stored.error() == store::Errc::kConflict) {
      return fail(Errc::kConflict, "The scheduled message is being sent or changed meanwhile; read it again");
    }
    return store_failure(stored.error(), kWhat);
  }
  announce(*stored);
  if (on_scheduled_ && stored->next_at) on_scheduled_(*stored->next_at);
  return std::move(*stored);
}

Result<void> ScheduleService::cancel(const Actor& actor, std::string_view chat_id, std::string_view id) {
  auto s = own_pending(actor, chat_id, id);
  if (!s) return util::fail(s.error());
  const std::int64_t read_version = s->version;
  s->state = store::ScheduleState::kCancelled;
  s->next_at.reset();
  s->updated_at = core_.now();
  auto stored = core_.store.schedules().update_schedule(*s, read_version, core_.now());
  if (!stored) {
    if (stored.error() == store::Errc::kConflict) {
      return fail(Errc::kConflict, "The scheduled message is being sent or changed meanwhile; read it again");
    }
    return store_failure(stored.error(), kWhat);
  }
  announce(*stored);
  return {};
}

Result<SentNow> ScheduleService::send_now(const Actor& actor, std::string_view chat_id, std::string_view id) {
  auto own = own_pending(actor, chat_id, id);
  if (!own) return util::fail(own.error());
  auto leased = core_.store.schedules().claim_schedule(id, owner_, core_.now(), kLeaseMs);
  if (!leased) {
    if (leased.error() == store::Errc::kConflict) return fail(Errc::kConflict, "The message is being sent already");
    return store_failure(leased.error(), kWhat);
  }
  const auto at = leased->next_at.value_or(core_.now());
  auto sent = std::move(messages_.send_messages(actor, {request_of(*leased, at)}).front());
  if (!sent) {
    (void)core_.store.schedules().release_schedule(leased->id, owner_, core_.now());
    return util::fail(sent.error());
  }
  auto s = std::move(*leased);
  ++s.sent_count;
  s.last_sent_at = core_.now();
  s.last_message_id = sent->message.id;
  auto after = advance(std::move(s), at, core_.now());
  if (!after) return util::fail(after.error());
  return SentNow{std::move(*sent), std::move(*after)};
}

Result<std::vector<std::int64_t>> ScheduleService::preview(const Actor& actor, const ScheduleInput& input,
                                                           std::size_t limit) {
  if (!input.start) return wrong("start is required");
  const std::string zone = input.time_zone ? *input.time_zone : zone_of_user(actor.user_id);
  std::optional<std::string> rrule;
  if (input.rrule) rrule = *input.rrule;
  auto timing = schedules::timing_of(*input.start, zone, rrule);
  if (!timing) return util::fail(timing.error());
  return schedules::occurrences(*timing, core_.now(), limit);
}

Result<std::vector<store::ScheduledMessage>> ScheduleService::claim_due(std::size_t limit) {
  auto r = core_.store.schedules().claim_due_schedules(owner_, core_.now(), kLeaseMs, limit);
  if (!r) return store_failure(r.error(), kWhat);
  return std::move(*r);
}

Result<std::optional<store::TimeMs>> ScheduleService::next_due() {
  auto r = core_.store.schedules().next_schedule_due();
  if (!r) return store_failure(r.error(), kWhat);
  return *r;
}

Result<store::ScheduledMessage> ScheduleService::advance(store::ScheduledMessage s, store::TimeMs at,
                                                         store::TimeMs now) {
  // The next occurrence after this one; those between that are too late as well are missed.
  auto timing = schedules::timing_of(s.start, s.time_zone, s.rrule);
  std::vector<std::int64_t> next;
  if (timing && timing->rule) {
    const auto late = now - core_.options.schedule_grace_ms;
    next = schedules::occurrences(*timing, at, kMaxMissedCounted + 1);
    std::size_t missed = 0;
    while (missed < next.size() && next[missed] < late) ++missed;
    if (missed > 0) {
      s.missed_count += static_cast<std::int64_t>(missed);
      s.last_missed_at = next[missed - 1];
    }
    next.erase(next.begin(), next.begin() + static_cast<std::ptrdiff_t>(missed));
  }
  if (next.empty()) {
    s.state = store::ScheduleState::kDone;
    s.next_at.reset();
  } else {
    s.next_at = next.front();
  }
  s.updated_at = now;
  auto stored = core_.store.schedules().finish_schedule(s, owner_);
  if (!stored) return store_failure(stored.error(), kWhat);
  announce(*stored);
  return std::move(*stored);
}

void ScheduleService::fire(const store::ScheduledMessage& leased) {
  if (!leased.next_at) return;
  const auto at = *leased.next_at;
  const auto now = core_.now();
  store::ScheduledMessage s = leased;
  if (now - at > core_.options.schedule_grace_ms) {
    ++s.missed_count;
    s.last_missed_at = at;
    if (auto r = advance(std::move(s), at, now); !r) {
      spdlog::warn("schedules: {} missed but not recorded: {}", leased.id, r.error().message);
    }
    return;
  }
  auto sent = std::move(messages_.send_messages(Actor(s.user_id), {request_of(s, at)}).front());
  if (!sent && sent.error().code == Errc::kHeld) {
    // Held for a moderator's review, who sends it or not: this occurrence is done.
    if (auto r = advance(std::move(s), at, now); !r) {
      spdlog::warn("schedules: {} held but not recorded: {}", leased.id, r.error().message);
    }
    return;
  }
  if (!sent && !lasting(sent.error().code)) {
    // Again soon: the lease given back, claimable after a pause.
    (void)core_.store.schedules().release_schedule(s.id, owner_, core_.now() + kRetryMs);
    return;
  }
  if (!sent) {
    s.state = store::ScheduleState::kCancelled;
    s.next_at.reset();
    s.reason = reason_of(sent.error());
    s.updated_at = core_.now();
    auto stored = core_.store.schedules().finish_schedule(s, owner_);
    if (stored) {
      announce(*stored);
    } else {
      spdlog::warn("schedules: {} cancelled but not recorded", s.id);
    }
    return;
  }
  ++s.sent_count;
  s.last_sent_at = core_.now();
  s.last_message_id = sent->message.id;
  if (auto r = advance(std::move(s), at, core_.now()); !r) {
    // The lease runs out and the occurrence is attempted again: its message is stored already.
    spdlog::warn("schedules: {} sent but not recorded: {}", leased.id, r.error().message);
  }
}

void ScheduleService::announce(const store::ScheduledMessage& s) { core_.events.scheduled_changed(s); }

}  // namespace parley::chat
