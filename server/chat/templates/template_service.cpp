#include "chat/templates/template_service.hpp"

#include "chat/messages/message_service.hpp"
#include "chat/store_errors.hpp"
#include "chat/templates/template_rank.hpp"
#include "util/ids.hpp"
#include "util/text_fold.hpp"
#include "util/utf8.hpp"

namespace parley::chat {
namespace {

constexpr std::string_view kWhat = "Template";

std::string_view trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// A one-line text field: trimmed, at most `max` characters; `required`: not empty.
Result<std::string> line(std::string_view field, std::string_view value, std::size_t max, bool required) {
  if (!util::is_valid_utf8(value)) return fail(Errc::kInvalidInput, std::string(field) + " must be valid UTF-8");
  const auto text = trimmed(value);
  if (required && text.empty()) return fail(Errc::kInvalidInput, std::string(field) + " must not be empty");
  if (util::utf8_length(text) > max || text.find_first_of("\r\n") != std::string_view::npos) {
    return fail(Errc::kInvalidInput,
                std::string(field) + " must be one line of at most " + std::to_string(max) + " characters");
  }
  return std::string(text);
}

// A shortcut as stored: without its "/", case-folded; none when empty.
Result<std::optional<std::string>> shortcut_of(std::string_view value) {
  if (!util::is_valid_utf8(value)) return fail(Errc::kInvalidInput, "shortcut must be valid UTF-8");
  auto text = trimmed(value);
  if (text.starts_with('/')) text.remove_prefix(1);
  if (text.empty()) return std::optional<std::string>();
  auto folded = util::search_fold(text);
  if (!util::is_word(folded) || util::utf8_length(folded) > TemplateService::kMaxShortcut) {
    return fail(Errc::kInvalidInput,
                "shortcut must be 1 to " + std::to_string(TemplateService::kMaxShortcut) + " letters, digits, _ and -");
  }
  return std::optional<std::string>(std::move(folded));
}

std::string taken(const std::optional<std::string>& shortcut) {
  return "There is a /" + shortcut.value_or("") + " already";
}

}  // namespace

Result<store::Chat> TemplateService::group_of(const Actor& actor, std::string_view chat_id, bool manage) {
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  if (!chat->group) return fail(Errc::kInvalidInput, "Canned responses are for groups");
  if (!manage) return chat;
  auto me = core_.store.member(chat->id, actor.user_id);
  if (!me) return store_failure(me.error(), "Chat");
  if (me->role < store::Role::kAdmin) return fail(Errc::kForbidden, "Only admins manage the group's canned responses");
  return chat;
}

Result<store::MessageTemplate> TemplateService::in_set(const Actor& actor, std::optional<std::string_view> chat_id,
                                                       std::string_view id) {
  if (!util::is_uuid(id)) return fail(Errc::kNotFound, "Template not found");
  auto t = core_.store.templates().template_by_id(id);
  if (!t) return store_failure(t.error(), kWhat);
  const bool ours = chat_id ? t->chat_id == *chat_id : t->user_id == actor.user_id;
  if (!ours) return fail(Errc::kNotFound, "Template not found");
  return std::move(*t);
}

std::optional<Error> TemplateService::apply(const TemplateInput& in, store::MessageTemplate& t, bool created) const {
  if (created && (!in.title || !in.content)) return Error{Errc::kInvalidInput, "title and content are required"};
  if (in.title) {
    auto title = line("title", *in.title, kMaxTitle, true);
    if (!title) return title.error();
    t.title = std::move(*title);
  }
  if (in.category) {
    auto category = line("category", *in.category, kMaxCategory, false);
    if (!category) return category.error();
    t.category = std::move(*category);
  }
  if (in.shortcut) {
    auto shortcut = shortcut_of(in.shortcut->value_or(""));
    if (!shortcut) return shortcut.error();
    t.shortcut = std::move(*shortcut);
  }
  if (in.content) {
    if (auto e = check_content(core_.options, *in.content)) return e;
    t.content = *in.content;
  }
  return std::nullopt;
}

Result<std::vector<store::MessageTemplate>> TemplateService::mine(const Actor& actor,
                                                                  std::optional<std::string_view> chat_id) {
  std::string group;
  std::string use_chat;
  if (chat_id) {
    auto chat = core_.access.chat(actor.user_id, *chat_id);
    if (!chat) return util::fail(chat.error());
    use_chat = chat->id;
    if (chat->group) group = chat->id;
  }
  auto list = core_.store.templates().templates_for(actor.user_id, group, use_chat);
  if (!list) return store_failure(list.error(), kWhat);
  rank_templates(*list);
  return std::move(*list);
}

Result<GroupTemplates> TemplateService::of_group(const Actor& actor, std::string_view chat_id) {
  auto chat = group_of(actor, chat_id, false);
  if (!chat) return util::fail(chat.error());
  GroupTemplates out;
  auto me = core_.store.member(chat->id, actor.user_id);
  out.can_manage = me && me->role >= store::Role::kAdmin;
  auto list = core_.store.templates().group_templates(chat->id);
  if (!list) return store_failure(list.error(), kWhat);
  out.templates = std::move(*list);
  sort_for_listing(out.templates);
  return out;
}

Result<store::MessageTemplate> TemplateService::create(const Actor& actor, std::optional<std::string_view> chat_id,
                                                       const TemplateInput& input) {
  store::MessageTemplate t;
  if (chat_id) {
    auto group = group_of(actor, *chat_id, true);
    if (!group) return util::fail(group.error());
    t.chat_id = group->id;
  } else {
    t.user_id = actor.user_id;
  }
  if (auto e = apply(input, t, true)) return util::fail(std::move(*e));
  t.id = util::uuid_v7();
  t.created_by = actor.user_id;
  t.created_at = t.updated_at = core_.now();
  auto added = core_.store.templates().add_template(t, core_.options.max_templates);
  if (!added) {
    if (added.error() == store::Errc::kConflict) return fail(Errc::kConflict, taken(t.shortcut));
    if (added.error() == store::Errc::kLimit) {
      return fail(Errc::kTemplateLimit, std::string(chat_id ? "A group keeps" : "You can keep") + " at most " +
                                            std::to_string(core_.options.max_templates) + " templates");
    }
    return store_failure(added.error(), kWhat);
  }
  announce(*added);
  return std::move(*added);
}

Result<store::MessageTemplate> TemplateService::change(const Actor& actor, std::optional<std::string_view> chat_id,
                                                       std::string_view id, const TemplateInput& input) {
  if (chat_id) {
    if (auto group = group_of(actor, *chat_id, true); !group) return util::fail(group.error());
  }
  auto t = in_set(actor, chat_id, id);
  if (!t) return util::fail(t.error());
  if (input.version && *input.version != t->version) {
    return fail(Errc::kConflict, "The template was changed meanwhile");
  }
  const auto read_version = t->version;
  if (auto e = apply(input, *t, false)) return util::fail(std::move(*e));
  t->updated_at = core_.now();
  auto stored = core_.store.templates().update_template(*t, read_version);
  if (!stored) {
    if (stored.error() != store::Errc::kConflict) return store_failure(stored.error(), kWhat);
    // Another change came between, or the shortcut is another template's.
    auto now = core_.store.templates().template_by_id(id);
    if (now && now->version == read_version && t->shortcut) {
      return fail(Errc::kConflict, taken(t->shortcut));
    }
    return fail(Errc::kConflict, "The template was changed meanwhile");
  }
  announce(*stored);
  return std::move(*stored);
}

Result<void> TemplateService::remove(const Actor& actor, std::optional<std::string_view> chat_id, std::string_view id) {
  if (chat_id) {
    if (auto group = group_of(actor, *chat_id, true); !group) return util::fail(group.error());
  }
  auto t = in_set(actor, chat_id, id);
  if (!t) return util::fail(t.error());
  auto removed = core_.store.templates().remove_template(t->id);
  if (!removed) return store_failure(removed.error(), kWhat);
  announce(*removed);
  return {};
}

Result<void> TemplateService::count_use(const Actor& actor, std::string_view id, std::string_view chat_id) {
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  if (!util::is_uuid(id)) return fail(Errc::kNotFound, "Template not found");
  auto t = core_.store.templates().template_by_id(id);
  if (!t) return store_failure(t.error(), kWhat);
  if (t->user_id != actor.user_id && t->chat_id != chat->id) return fail(Errc::kNotFound, "Template not found");
  const auto at = core_.now();
  auto counted = core_.store.templates().count_template_use(actor.user_id, t->id, chat->id, at, use_weight(at));
  if (!counted) return store_failure(counted.error(), kWhat);
  return {};
}

Result<std::vector<store::MessageTemplate>> TemplateService::quick_replies(const Actor& actor,
                                                                           std::string_view chat_id) {
  auto list = mine(actor, chat_id);
  if (!list) return util::fail(list.error());
  return most_used(std::move(*list), kQuickReplies);
}

void TemplateService::announce(const store::MessageTemplate& t) {
  core_.events.templates_changed(t.user_id.value_or(""), t.chat_id.value_or(""));
}

}  // namespace parley::chat
