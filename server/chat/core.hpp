// What every feature module of the domain shares: the backends, the settings, the clock, the
// access policy, the history cache, and the announcements of committed changes. Built once by
// Services and handed to each module by reference.
//
// Threading: every member is safe from any thread.
#pragma once

#include "bus/presence.hpp"
#include "chat/access.hpp"
#include "chat/events.hpp"
#include "chat/moderation/auto_moderation.hpp"
#include "chat/options.hpp"
#include "chat/privacy/privacy_policy.hpp"
#include "chat/recent_history.hpp"
#include "jobs/job_runner.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

#include <string>
#include <unordered_set>
#include <vector>

namespace parley::chat {

class Notifier;

class Core {
 public:
  Core(store::Store& the_store, bus::Presence& the_presence, bus::RateLimiter& the_limiter, Events& the_events,
       const ChatOptions& the_options, util::Clock& the_clock, jobs::JobRunner* the_jobs = nullptr)
      : store(the_store),
        presence(the_presence),
        limiter(the_limiter),
        events(the_events),
        clock(the_clock),
        jobs(the_jobs),
        options(the_options),
        access(the_store, the_store, the_store),
        privacy(the_store, the_store, the_store.moderation()),
        recent(the_store, the_options.cache_per_chat, the_options.cache_chats),
        automod(the_store, the_clock) {}

  store::Store& store;
  bus::Presence& presence;
  bus::RateLimiter& limiter;
  Events& events;
  util::Clock& clock;
  // The background jobs: a capability registers the handlers of its job kinds here
  // (jobs->handle(kind, ...), from its constructor: the server starts the runner after the
  // services are built) and enqueues its jobs (jobs->enqueue). Null where no jobs run (tests).
  jobs::JobRunner* const jobs;
  const ChatOptions options;
  const Access access;
  PrivacyPolicy privacy;
  RecentHistory recent;
  // The auto-moderation rules and mutes every send and edit passes (moderation/).
  AutoModeration automod;
  // Who hears of new messages while away (notifications/notifier.hpp); set by Services once
  // built, before any request.
  Notifier* notifier = nullptr;

  std::int64_t now() const { return clock.now_ms(); }
  // The user did something: not away.
  void touch(const std::string& user_id) { presence.touch(user_id, now()); }
  // A chat's participants other than `sender`.
  static std::vector<std::string> recipients_of(const store::Chat& chat, const std::string& sender);
  // Those of the recipients with a device that receives the chat: a message is stored
  // DELIVERED for them as it is committed (the fan-out sends it to that device).
  std::vector<std::string> receiving_recipients(const store::Chat& chat, const std::string& sender) const;

  // Announces a committed message: the cache, the other instances (once per chat in `told`),
  // the events and the notifier hear of it. (Its DELIVERED changes, stored with it, go to
  // events.status_changed only.)
  void announce_appended(const store::Chat& chat, const store::Message& m, std::unordered_set<std::string>& told);
  // A group change's timeline lines: the cache and the other instances hear of them (the
  // events hear of them with the change, Events::group_changed).
  void remember_appended(const std::vector<store::Message>& lines);
  // Announces committed status changes.
  void announce_status(const std::vector<store::StatusChange>& changes);
  // A page of `chat_id`'s messages as `user_id` sees it: the messages they hid (delete for me)
  // keep their place, marked, so that a client's catch-up stays gapless; replies carry the
  // preview of what they answer as it is now, and the viewer's own reactions are marked.
  Result<void> as_seen_by(const std::string& user_id, std::string_view chat_id, std::vector<store::Message>& page);
  // Announces a committed change of one message (a pin, an edit).
  void announce_updated(const store::Message& m);
};

}  // namespace parley::chat
