// Message templates: text a person keeps to insert while writing (their own), and the canned
// responses a group's admins keep for its members (support-team use; members read them). Each
// has a title, a category, an optional shortcut typed as "/shortcut" (unique in its set,
// lower-case) and a text whose variables ({name}, {first_name}, {my_name}, {date}) clients
// fill in for the chat it is used in. Clients count each use (count_use); the person's
// templates are then ranked by how often and how lately they used them (template_rank.hpp),
// in the chat they write in first, and their most used are offered as quick replies. A change
// reaches who may use the set (Events::templates_changed). Safe from any thread; reads and
// writes the store.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"
#include "store/templates.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

// What a person gives for a new template, or changes (absent: unchanged; a shortcut's null
// inner value: none).
struct TemplateInput {
  std::optional<std::string> title;
  std::optional<std::string> category;
  std::optional<std::optional<std::string>> shortcut;
  std::optional<std::string> content;
  std::optional<std::int64_t> version;  // changes: the version read (conflict when not the stored one)
};

struct GroupTemplates {
  std::vector<store::MessageTemplate> templates;  // by category, then title
  bool can_manage = false;                        // the caller is one of the group's admins
};

class TemplateService {
 public:
  static constexpr std::size_t kMaxTitle = 100;
  static constexpr std::size_t kMaxCategory = 40;
  static constexpr std::size_t kMaxShortcut = 32;
  static constexpr std::size_t kQuickReplies = 3;

  explicit TemplateService(Core& core) : core_(core) {}

  // The actor's own templates and, with a group's `chat_id`, its canned responses, each with
  // the actor's use; ranked for that chat (without one: by use anywhere).
  Result<std::vector<store::MessageTemplate>> mine(const Actor& actor, std::optional<std::string_view> chat_id);
  // A group's canned responses (members).
  Result<GroupTemplates> of_group(const Actor& actor, std::string_view chat_id);
  // Without `chat_id`: the actor's own; with it, the group's (its admins: forbidden otherwise;
  // invalid_input for a private chat). invalid_input names the field that is wrong; conflict:
  // the shortcut is taken; template_limit: the set holds max_templates.
  Result<store::MessageTemplate> create(const Actor& actor, std::optional<std::string_view> chat_id,
                                        const TemplateInput& input);
  // not_found for a template not of that set. conflict: changed meanwhile, or the shortcut taken.
  Result<store::MessageTemplate> change(const Actor& actor, std::optional<std::string_view> chat_id,
                                        std::string_view id, const TemplateInput& input);
  Result<void> remove(const Actor& actor, std::optional<std::string_view> chat_id, std::string_view id);
  // Counts one use by the actor in a chat they are in: of their own template, or of that
  // group's canned response (not_found for any other).
  Result<void> count_use(const Actor& actor, std::string_view id, std::string_view chat_id);
  // The actor's most used templates for a chat, at most kQuickReplies: those used there first.
  Result<std::vector<store::MessageTemplate>> quick_replies(const Actor& actor, std::string_view chat_id);

 private:
  // The group the actor may read (any member) or manage (admins), by id.
  Result<store::Chat> group_of(const Actor& actor, std::string_view chat_id, bool manage);
  // The template `id` of the set (the actor's own, or the group's).
  Result<store::MessageTemplate> in_set(const Actor& actor, std::optional<std::string_view> chat_id,
                                        std::string_view id);
  // Checks and applies `input` to `t` (a new one: title and content required).
  std::optional<Error> apply(const TemplateInput& input, store::MessageTemplate& t, bool created) const;
  void announce(const store::MessageTemplate& t);

  Core& core_;
};

}  // namespace parley::chat
