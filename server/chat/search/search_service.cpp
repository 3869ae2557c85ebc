#include "chat/search/search_service.hpp"

#include "chat/account_rules.hpp"
#include "chat/groups/group_service.hpp"
#include "chat/store_errors.hpp"
#include "util/search_text.hpp"
#include "util/text_fold.hpp"
#include "util/utf8.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

namespace parley::chat {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

// A time bound given as YYYY-MM-DD (the start of that day in the caller's zone) or epoch ms.
Result<std::int64_t> time_of(std::string_view name, std::string_view value, std::int64_t utc_offset_minutes,
                             bool day_end) {
  if (auto day = day_of(value)) return (*day + (day_end ? 1 : 0)) * kDayMs - utc_offset_minutes * 60'000;
  std::int64_t ms = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
  if (ec != std::errc{} || end != value.data() + value.size() || ms < 0) {
    return fail(Errc::kInvalidInput, std::string(name) + " must be a date (YYYY-MM-DD) or epoch milliseconds");
  }
  return ms;
}

// Cursors: "d<position>" continues by date below an index position, "r<offset>" within the
// relevance window.
struct Cursor {
  bool relevance = false;
  std::int64_t value = 0;
};

std::optional<Cursor> cursor_of(std::string_view text) {
  if (text.size() < 2 || (text[0] != 'd' && text[0] != 'r')) return std::nullopt;
  Cursor c{text[0] == 'r', 0};
  const auto [end, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), c.value);
  if (ec != std::errc{} || end != text.data() + text.size() || c.value < 0) return std::nullopt;
  return c;
}

// Whether a word of `name` (its search form) starts with the search form `prefix` (" x...").
bool word_starts(const std::string& name_form, const std::string& prefix_form) {
  const std::string_view prefix = std::string_view(prefix_form).substr(0, prefix_form.size() - 1);  // " x"
  return !prefix.empty() && name_form.find(prefix) != std::string::npos;
}

// The other participant of a private chat (empty when there is none).
std::string other_of(const store::Chat& chat, const std::string& me) {
  for (const auto& p : chat.participants) {
    if (p != me) return p;
  }
  return {};
}

}  // namespace

Result<std::set<std::string>> SearchService::contacts_named(const Actor& actor, const std::string& wanted) {
  auto contacts = core_.store.contacts_of(actor.user_id);  // one read, not one per private chat
  if (!contacts) return store_failure(contacts.error(), "Contacts");
  std::set<std::string> named;
  for (const auto& u : *contacts) {
    if (word_starts(util::search_text(u.name), wanted)) named.insert(u.id);
  }
  return named;
}

SearchService::SearchService(Core& core, PeopleService& people) : core_(core), people_(people) {
  if (core_.jobs == nullptr) return;
  core_.jobs->handle(
      "search.index",
      [this](const store::Job&) {
        index_pending();
        return jobs::JobOutcome::done();
      },
      jobs::JobKindOptions{.lease_ms = 10 * 60'000, .backoff = store::Backoff{.first_ms = 10'000, .max_ms = 600'000}});
  store::NewJob job;
  job.kind = "search.index";
  job.run_at = core_.now();
  job.dedupe_key = "search.index";
  if (!core_.jobs->enqueue(job)) spdlog::warn("search: cannot enqueue the indexing of earlier messages");
}

void SearchService::index_pending() {
  std::size_t total = 0;
  while (core_.jobs == nullptr || !core_.jobs->stopping()) {
    auto step = core_.store.index_pending_messages(kIndexBatch);
    if (!step) {
      spdlog::warn("search: indexing earlier messages failed; it resumes at the next start");
      return;
    }
    total += step->indexed;
    if (step->indexed == 0 && step->pending == 0) break;
    spdlog::info("search: indexed {} earlier messages, {} to go", total, step->pending);
    if (step->pending == 0) break;
  }
  if (total > 0) spdlog::info("search: every earlier message is indexed ({})", total);
}

Result<std::vector<std::string>> SearchService::senders_of(const Actor& actor, const QueryValue& from) {
  const auto invalid = [&](std::string message) {
    return util::fail(Error{Errc::kInvalidQuery, std::move(message), from.position});
  };
  if (auto user = core_.store.user_by_id(from.value)) return std::vector<std::string>{user->id};
  if (from.value.find('@') != std::string::npos) {
    const auto email = canonical_email(from.value);
    if (auto user = email ? core_.store.user_by_email(*email)
                          : store::Result<store::User>(util::fail(store::Errc::kNotFound))) {
      return std::vector<std::string>{user->id};
    }
  }
  DirectoryRequest request;
  request.search = from.value;
  request.limit = 50;
  auto page = people_.directory(actor, request);
  if (!page) return invalid("from: " + page.error().message);
  const auto wanted = util::search_fold(from.value);
  std::vector<std::string> exact;
  std::vector<std::string> all;
  for (const auto& v : page->users) {
    all.push_back(v.user.id);
    if (util::search_fold(v.user.name) == wanted) exact.push_back(v.user.id);
  }
  if (!exact.empty()) return exact;
  if (all.empty()) return invalid("No one is called " + from.value);
  return all;
}

Result<std::vector<std::string>> SearchService::chats_named(const Actor& actor, const QueryValue& in) {
  if (auto chat = core_.access.chat(actor.user_id, in.value)) return std::vector<std::string>{chat->id};
  auto chats = core_.store.chats_of(actor.user_id);
  if (!chats) return store_failure(chats.error(), "Chat");
  const auto wanted = util::search_text(in.value);
  auto named_contacts = contacts_named(actor, wanted);
  if (!named_contacts) return util::fail(named_contacts.error());
  std::vector<std::string> found;
  for (const auto& c : *chats) {
    if (c.group) {
      if (util::search_text(c.group->title).find(wanted.substr(0, wanted.size() - 1)) != std::string::npos) {
        found.push_back(c.id);
      }
      continue;
    }
    if (named_contacts->count(other_of(c, actor.user_id)) > 0) found.push_back(c.id);
  }
  if (found.empty())
    return util::fail(Error{Errc::kInvalidQuery, "None of your chats is called " + in.value, in.position});
  return found;
}

Result<store::MessageSearch> SearchService::store_query(const Actor& actor, const MessageSearchRequest& request,
                                                        const SearchQuery& query) {
  store::MessageSearch s;
  s.viewer = actor.user_id;
  for (const auto& t : query.include) s.all.push_back(t.pattern);
  for (const auto& t : query.exclude) s.none.push_back(t.pattern);
  if (request.chat_id) {
    auto chat = core_.access.chat(actor.user_id, *request.chat_id);
    if (!chat) return util::fail(chat.error());
    s.chat_ids.push_back(chat->id);
  }
  if (!query.in.empty()) {
    std::set<std::string> named;
    for (const auto& in : query.in) {
      auto ids = chats_named(actor, in);
      if (!ids) return util::fail(ids.error());
      named.insert(ids->begin(), ids->end());
    }
    if (s.chat_ids.empty()) {
      s.chat_ids.assign(named.begin(), named.end());
    } else if (named.count(s.chat_ids.front()) == 0) {
      s.chat_ids = {""};  // in: names other chats than chatId: nothing can match
    }
  }
  if (request.from) s.sender_ids.push_back(*request.from);
  for (const auto& from : query.from) {
    auto ids = senders_of(actor, from);
    if (!ids) return util::fail(ids.error());
    s.sender_ids.insert(s.sender_ids.end(), ids->begin(), ids->end());
  }
  const auto offset = request.utc_offset_minutes;
  if (query.after_day) s.sent_from = *query.after_day * kDayMs - offset * 60'000;
  if (query.before_day) s.sent_before = *query.before_day * kDayMs - offset * 60'000;
  if (request.after) {
    auto at = time_of("after", *request.after, offset, false);
    if (!at) return util::fail(at.error());
    s.sent_from = std::max(s.sent_from, *at);
  }
  if (request.before) {
    auto at = time_of("before", *request.before, offset, false);
    if (!at) return util::fail(at.error());
    s.sent_before = s.sent_before == 0 ? *at : std::min(s.sent_before, *at);
  }
  if (query.has_link) s.flags |= store::kSearchHasLink;
  if (query.has_file) s.flags |= store::kSearchHasFile;
  for (const auto& h : request.has) {
    if (h == "link") {
      s.flags |= store::kSearchHasLink;
    } else if (h == "file") {
      s.flags |= store::kSearchHasFile;
    } else {
      return fail(Errc::kInvalidInput, "has takes link or file");
    }
  }
  s.pinned = query.pinned;
  return s;
}

std::vector<FoundMessage> SearchService::matched(std::vector<store::SearchHit> hits, const SearchQuery& query) {
  std::vector<FoundMessage> out;
  out.reserve(hits.size());
  for (auto& h : hits) {
    auto match = match_text(h.message.content, query.include);
    out.push_back(FoundMessage{std::move(h.message), std::move(match)});
  }
  return out;
}

Result<void> SearchService::as_seen_by(const Actor& actor, std::vector<FoundMessage>& found) {
  // As the viewer sees them (reply previews, their reactions, a group's ticks), chat by chat.
  std::map<std::string, std::vector<std::size_t>> by_chat;
  for (std::size_t i = 0; i < found.size(); ++i) by_chat[found[i].message.chat_id].push_back(i);
  for (const auto& [chat_id, indexes] : by_chat) {
    std::vector<store::Message> page;
    page.reserve(indexes.size());
    for (const auto i : indexes) page.push_back(std::move(found[i].message));
    if (auto chat = core_.store.chat_by_id(chat_id); chat && chat->group) GroupService::apply_floors(*chat, page);
    if (auto seen = core_.as_seen_by(actor.user_id, chat_id, page); !seen) return util::fail(seen.error());
    for (std::size_t k = 0; k < indexes.size(); ++k) found[indexes[k]].message = std::move(page[k]);
  }
  return {};
}

Result<void> SearchService::allowed(const Actor& actor) {
  const auto& o = core_.options;
  if (!core_.limiter.allow("search:" + actor.user_id, o.searches_per_second, o.searches_burst, core_.now())) {
    return fail(Errc::kRateLimited, "Too many searches; try again in a moment");
  }
  return {};
}

Result<MessageSearchPage> SearchService::messages(const Actor& actor, const MessageSearchRequest& request) {
  if (auto ok = allowed(actor); !ok) return util::fail(ok.error());
  auto query = parse_search_query(request.q);
  if (!query) return util::fail(query.error());
  if (query->empty() && !request.chat_id && !request.from && !request.after && !request.before && request.has.empty()) {
    return util::fail(Error{Errc::kInvalidQuery, "Type a word to search for, or an operator such as from:", 0});
  }
  if (query->include.empty() && !query->exclude.empty() && query->empty() && !request.from && !request.after &&
      !request.before && request.has.empty() && !request.chat_id) {
    return util::fail(Error{Errc::kInvalidQuery, "Say what to search for, not only what to leave out", 0});
  }
  const std::size_t limit = static_cast<std::size_t>(
      std::clamp<std::int64_t>(request.limit.value_or(kDefaultSearchResults), 1, kMaxSearchResults));
  Cursor cursor{!request.by_date, 0};
  if (request.cursor) {
    auto c = cursor_of(*request.cursor);
    if (!c) return fail(Errc::kInvalidInput, "cursor is not one this server gave");
    cursor = *c;
  }
  auto search = store_query(actor, request, *query);
  if (!search) return util::fail(search.error());

  MessageSearchPage page;
  if (cursor.relevance) {
    search->limit = kRelevanceWindow;
    auto hits = core_.store.search_messages(*search);
    if (!hits) return store_failure(hits.error(), "Chat");
    const bool window_full = hits->size() == kRelevanceWindow;
    const auto oldest = hits->empty() ? 0 : hits->back().position;
    auto found = matched(std::move(*hits), *query);
    std::stable_sort(found.begin(), found.end(),
                     [](const FoundMessage& a, const FoundMessage& b) { return a.match.score > b.match.score; });
    const auto from =
        static_cast<std::size_t>(std::min<std::int64_t>(cursor.value, static_cast<std::int64_t>(found.size())));
    const auto to = std::min(found.size(), from + limit);
    for (auto i = from; i < to; ++i) page.results.push_back(std::move(found[i]));
    if (to < found.size()) {
      page.next_cursor = "r" + std::to_string(to);
    } else if (window_full) {
      page.next_cursor = "d" + std::to_string(oldest);
    }
    if (auto seen = as_seen_by(actor, page.results); !seen) return util::fail(seen.error());
    return page;
  }
  search->limit = limit + 1;
  search->below_position = cursor.value;
  auto hits = core_.store.search_messages(*search);
  if (!hits) return store_failure(hits.error(), "Chat");
  if (hits->size() > limit) {
    hits->resize(limit);
    page.next_cursor = "d" + std::to_string(hits->back().position);
  }
  page.results = matched(std::move(*hits), *query);
  if (auto seen = as_seen_by(actor, page.results); !seen) return util::fail(seen.error());
  return page;
}

Result<SwitcherMatches> SearchService::switcher(const Actor& actor, std::string_view q, std::size_t limit) {
  limit = std::clamp<std::size_t>(limit, 1, 50);
  const auto wanted = util::search_text(q);
  if (wanted.size() <= 1) return fail(Errc::kInvalidInput, "q must have a letter, digit or emoji");
  if (util::utf8_length(q) > core_.options.max_directory_search_chars) {
    return fail(Errc::kInvalidInput,
                "q must be at most " + std::to_string(core_.options.max_directory_search_chars) + " characters");
  }
  if (auto ok = allowed(actor); !ok) return util::fail(ok.error());
  SwitcherMatches out;
  auto people = people_.by_prefix(actor, q, std::max<std::size_t>(limit, 50));
  if (!people) return util::fail(people.error());
  const auto email_prefix = util::search_fold(q);
  for (auto& v : *people) {
    const bool by_name = word_starts(util::search_text(v.user.name), wanted);
    const bool by_email = !v.user.email.empty() && util::search_fold(v.user.email).rfind(email_prefix, 0) == 0;
    if ((by_name || by_email) && out.people.size() < limit) out.people.push_back(std::move(v));
  }
  // Private chats by the other person's name (the caller's contacts), groups by title.
  auto named = contacts_named(actor, wanted);
  if (!named) return util::fail(named.error());
  auto chats = core_.store.chats_of(actor.user_id);
  if (!chats) return store_failure(chats.error(), "Chat");
  for (auto& c : *chats) {
    if (out.chats.size() >= limit) break;
    bool match = false;
    if (c.group) {
      match = word_starts(util::search_text(c.group->title), wanted);
    } else {
      match = named->count(other_of(c, actor.user_id)) > 0;
    }
    if (match) out.chats.push_back(std::move(c));
  }
  return out;
}

}  // namespace parley::chat
