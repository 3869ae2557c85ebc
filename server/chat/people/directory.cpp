// PeopleService::directory: the user directory a page at a time, searchable, with emails hidden
// as configured. The cursor is the keyset of the last entry of a page (store.hpp,
// DirectoryQuery), encoded so that clients treat it as opaque: "d1\n<id>\n<sort key>" in
// base64url. A forged cursor can only move the start of a page, never reveal more.
#include "chat/people/people_service.hpp"

#include "chat/store_errors.hpp"

#include "util/base64.hpp"
#include "util/ids.hpp"
#include "util/metrics.hpp"
#include "util/search_text.hpp"
#include "util/text_fold.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <unordered_set>

namespace parley::chat {
namespace {

constexpr std::string_view kCursorVersion = "d1";
constexpr std::size_t kMaxCursorChars = 2048;
constexpr std::size_t kMaxSortKeyBytes = 1024;  // a folded name of 64 characters is far below

std::string encode_cursor(const store::DirectoryEntry& last) {
  return util::base64url_encode(std::string(kCursorVersion) + "\n" + last.user.id + "\n" + last.sort_key);
}

// The keyset in `cursor`, or nothing when it is not one of ours.
std::optional<std::pair<std::string, std::string>> decode_cursor(std::string_view cursor) {
  if (cursor.empty() || cursor.size() > kMaxCursorChars) return std::nullopt;
  auto text = util::base64url_decode(cursor);
  if (!text) return std::nullopt;
  const std::string_view t(*text);
  const auto first = t.find('\n');
  const auto second = first == std::string_view::npos ? first : t.find('\n', first + 1);
  if (second == std::string_view::npos || t.substr(0, first) != kCursorVersion) return std::nullopt;
  const auto id = t.substr(first + 1, second - first - 1);
  const auto key = t.substr(second + 1);
  if (!util::is_uuid(id) || key.empty() || key.size() > kMaxSortKeyBytes || !util::is_valid_utf8(key) ||
      key.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  return std::pair{std::string(key), std::string(id)};
}

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool has_control_characters(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace

Result<DirectoryPage> PeopleService::directory(const Actor& actor, const DirectoryRequest& request) {
  store::DirectoryQuery query;
  query.viewer = actor.user_id;
  query.search = std::string(trim(request.search));
  if (!util::is_valid_utf8(query.search) || has_control_characters(query.search)) {
    return fail(Errc::kInvalidInput, "q must be text without control characters");
  }
  if (util::utf8_length(query.search) > core_.options.max_directory_search_chars) {
    return fail(Errc::kInvalidInput,
                "q must be at most " + std::to_string(core_.options.max_directory_search_chars) + " characters");
  }
  query.limit = core_.options.default_directory;
  if (request.limit) {
    if (*request.limit < 1) return fail(Errc::kInvalidInput, "limit must be a positive integer");
    query.limit = std::min(static_cast<std::size_t>(*request.limit), core_.options.max_directory);
  }
  if (request.cursor) {
    auto keyset = decode_cursor(*request.cursor);
    if (!keyset) return fail(Errc::kInvalidInput, "cursor is not a cursor this server gave");
    query.after_key = std::move(keyset->first);
    query.after_id = std::move(keyset->second);
  }
  query.search_all_emails = core_.options.directory_emails == EmailVisibility::kAll;

  auto page = core_.store.directory(query);
  if (!page) return store_failure(page.error(), "Users");
  DirectoryPage out;
  if (page->more && !page->entries.empty()) out.next_cursor = encode_cursor(page->entries.back());
  std::vector<store::User> users;
  std::vector<bool> shares_chat;
  users.reserve(page->entries.size());
  shares_chat.reserve(page->entries.size());
  for (auto& e : page->entries) {
    users.push_back(std::move(e.user));
    shares_chat.push_back(e.shares_chat);
  }
  auto views = views_of(std::move(users), shares_chat, actor);
  if (!views) return util::fail(views.error());
  out.users = std::move(*views);
  return out;
}

Result<std::vector<UserView>> PeopleService::by_prefix(const Actor& actor, std::string_view prefix, std::size_t limit) {
  const auto words = util::search_words(prefix);
  if (words.empty()) return fail(Errc::kInvalidInput, "q must have a letter, digit or emoji");
  const bool all_emails = core_.options.directory_emails == EmailVisibility::kAll;
  auto users = core_.store.users_by_prefix(words.front(), all_emails ? util::search_fold(trim(prefix)) : "", limit);
  if (!users) return store_failure(users.error(), "Users");
  std::unordered_set<std::string> contacts;
  if (!all_emails) {
    auto ids = contact_ids(actor);
    if (!ids) return util::fail(ids.error());
    contacts.insert(ids->begin(), ids->end());
  }
  std::vector<bool> shares_chat;
  shares_chat.reserve(users->size());
  for (const auto& u : *users) shares_chat.push_back(all_emails || contacts.contains(u.id));
  return views_of(std::move(*users), shares_chat, actor);
}

}  // namespace parley::chat
