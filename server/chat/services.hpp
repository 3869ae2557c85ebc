// The chat domain: one service per feature (people/, conversations/, messages/, pins/,
// forwards/, typing/, devices/, groups/, reactions/, privacy/, moderation/, emoji/, files/, search/, notifications/,
// settings/, schedules/, templates/, exports/),
// each an operation per request that takes the acting user and plain values, checks with the one access policy that the
// user may do it, validates its input, and returns a result or a typed error. They share a Core (backends, settings,
// clock, access policy, history cache, announcements, the background jobs). A new capability adds a folder with its
// service, a member here, and its tables in realtime/handlers/ and http/routes/.
//
// Threading: every operation may be called from any thread; they block on the store, so the
// adapters call them from worker threads.
#pragma once

#include "chat/conversations/conversation_service.hpp"
#include "chat/core.hpp"
#include "chat/devices/device_service.hpp"
#include "chat/emoji/emoji_service.hpp"
#include "chat/exports/export_service.hpp"
#include "chat/files/file_service.hpp"
#include "chat/forwards/forward_service.hpp"
#include "chat/groups/group_service.hpp"
#include "chat/messages/lifecycle_service.hpp"
#include "chat/messages/message_service.hpp"
#include "chat/messages/thread_service.hpp"
#include "chat/moderation/automod_service.hpp"
#include "chat/moderation/block_service.hpp"
#include "chat/moderation/moderation_service.hpp"
#include "chat/notifications/notification_service.hpp"
#include "chat/notifications/notifier.hpp"
#include "chat/people/people_service.hpp"
#include "chat/pins/pin_service.hpp"
#include "chat/privacy/privacy_service.hpp"
#include "chat/reactions/reaction_service.hpp"
#include "chat/schedules/schedule_service.hpp"
#include "chat/search/search_service.hpp"
#include "chat/settings/settings_service.hpp"
#include "chat/templates/template_service.hpp"
#include "chat/typing/typing_service.hpp"

namespace parley::chat {

class Services {
 public:
  // `jobs`: the background jobs' runner, where capabilities register their job kinds (core.hpp).
  // `blobs`: where files' bytes go (none: files are off). `push`: where Web Push messages go
  // (none: push is off). `mail`: where emails go, with what they need (none: email is off).
  Services(store::Store& store, bus::Presence& presence, bus::RateLimiter& limiter, Events& events,
           const ChatOptions& options, util::Clock& clock = util::system_clock(), jobs::JobRunner* jobs = nullptr,
           blob::BlobStore* blobs = nullptr, push::PushChannel* push = nullptr, const MailSetup& mail = {})
      : core_(store, presence, limiter, events, options, clock, jobs),
        notifier_(core_, push, mail),
        people(core_),
        conversations(core_),
        typing(core_),
        pins(core_),
        devices(core_),
        groups(core_, typing),
        lifecycle(core_),
        threads(core_),
        emoji(core_),
        reactions(core_, emoji),
        privacy(core_),
        blocks(core_),
        moderation(core_, blocks, lifecycle),
        files(core_, blobs),
        messages(core_, typing, files),
        forwards(core_, typing),
        search(core_, people),
        notifications(core_, notifier_),
        automod(core_, moderation, messages, lifecycle),
        settings(core_, files),
        schedules(core_, messages, files),
        templates(core_),
        exports(core_, files) {
    core_.notifier = &notifier_;
  }
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

 private:
  Core core_;          // first: the services below refer to it
  Notifier notifier_;  // before the services that send

 public:
  PeopleService people;
  ConversationService conversations;
  TypingService typing;  // before the services that stop typists
  PinService pins;
  DeviceService devices;
  GroupService groups;
  LifecycleService lifecycle;
  ThreadService threads;
  EmojiService emoji;  // before reactions, which use it
  ReactionService reactions;
  PrivacyService privacy;
  BlockService blocks;
  ModerationService moderation;
  FileService files;  // before the services that send files
  MessageService messages;
  ForwardService forwards;
  SearchService search;
  NotificationService notifications;
  AutoModService automod;  // after the services it sends and deletes with
  SettingsService settings;
  ScheduleService schedules;
  TemplateService templates;
  ExportService exports;

  const ChatOptions& options() const { return core_.options; }
  // The services' clock (a test's fake one in tests): for answers that depend on the time.
  store::TimeMs now() const { return core_.now(); }
  // Who hears of new messages while away (tests run its jobs).
  Notifier& notifier() { return notifier_; }
  // The history cache, for the cluster's cache notices (app/server.cpp).
  RecentHistory& recent() { return core_.recent; }
  // The privacy settings known, for the cluster's notices and the presence fan-out.
  PrivacyPolicy& privacy_policy() { return core_.privacy; }
  // The auto-moderation rules and mutes known, for the cluster's notices and moderation notices.
  AutoModeration& auto_moderation() { return core_.automod; }
};

}  // namespace parley::chat
