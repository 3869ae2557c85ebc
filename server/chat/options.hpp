// The settings of the chat domain (from the configuration; see app/config.hpp).
#pragma once

#include "store/store.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace parley::chat {

// Whose emails a user sees in the user lists (directory_emails in the configuration).
enum class EmailVisibility {
  kAll,       // everyone's (the prototype's behaviour)
  kContacts,  // their own and those of the users they share a chat with; others' are ""
};

struct ChatOptions {
  std::size_t max_message_chars = 10000;
  std::size_t max_client_message_id = 128;
  std::size_t max_quote_chars = 1000;  // a reply's quote of the message it answers
  std::size_t max_pins = 50;
  std::size_t max_group_members = 10000;  // members of one group, the creator included
  std::size_t max_forward = 100;
  // A typist who says nothing for this long stops typing (typing/typing_service.hpp).
  std::int64_t typing_timeout_ms = 6000;
  std::size_t default_history = 50;
  std::size_t max_history = 200;
  double messages_per_second = 20;  // per user
  double messages_burst = 60;
  std::size_t cache_per_chat = 100;
  std::size_t cache_chats = 10000;  // 0: no cache
  EmailVisibility directory_emails = EmailVisibility::kAll;
  std::size_t default_directory = 50;
  std::size_t max_directory = store::kMaxDirectoryLimit;
  std::size_t max_directory_search_chars = 100;
  // How long after sending its sender may edit a message / delete it for everyone; 0: always.
  // Group admins delete any message of their group, whenever.
  std::int64_t edit_window_ms = 48LL * 3600 * 1000;
  std::int64_t delete_window_ms = 48LL * 3600 * 1000;
  // Reactions: per person on one message, different emoji on one message, and the rate per user.
  std::size_t max_reactions_per_user = 3;
  std::size_t max_distinct_reactions = 20;
  double reactions_per_second = 10;
  double reactions_burst = 50;
  // Searches (search/search_service.hpp) per user: a search reads much more than a send.
  double searches_per_second = 5;
  double searches_burst = 20;
  // The server's admins (lower-case emails): they manage the server-wide custom emoji.
  std::vector<std::string> server_admins;
  std::size_t max_custom_emoji = 200;  // of the server, and of one group
  // Scheduled messages (schedules/schedule_service.hpp): pending ones per person, and how late
  // an occurrence may still be sent (the server was down at its time); later, it is missed.
  std::size_t max_scheduled_per_user = 1000;
  // Templates (templates/template_service.hpp): one person's own, and one group's canned responses.
  std::size_t max_templates = 200;
  std::int64_t schedule_grace_ms = 15 * 60 * 1000;
  // Files (files/file_service.hpp): the largest file, what one user may keep (files plus
  // uploads in progress), uploads in progress at once per user, new uploads per minute per
  // user, how long an unfinished upload (and a file never sent) is kept, files per message,
  // and how long a download link is valid.
  std::uint64_t max_upload_bytes = 100ULL << 20;
  std::uint64_t upload_quota_bytes = 10ULL << 30;
  std::size_t max_uploads_in_flight = 20;
  double uploads_per_minute = 60;
  std::int64_t upload_expiry_ms = 24LL * 3600 * 1000;
  std::size_t max_attachments = 10;
  std::int64_t file_link_ms = 3600LL * 1000;
  // Exports (exports/export_service.hpp): how long a finished export's file is kept, its largest
  // size, and the exports one person may have queued or running at once.
  std::int64_t export_keep_ms = 48LL * 3600 * 1000;
  std::uint64_t max_export_bytes = 20ULL << 30;
  std::size_t max_unfinished_exports = 2;
  // Notifications (notifications/): the push subscriptions one person keeps (a new one beyond
  // replaces their oldest), and whether a subscription may name an http:// endpoint or one on a
  // private address (push services in tests; never in production: the server would make
  // requests into its own network for whoever subscribes).
  std::size_t max_push_subscriptions = store::kMaxPushSubscriptions;
  bool push_insecure_endpoints = false;
  // Where a finished upload is joined for processing (a file as large as the upload, removed
  // after); empty: the system's temporary directory.
  std::string scratch_dir;
};

}  // namespace parley::chat
