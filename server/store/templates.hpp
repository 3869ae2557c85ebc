// Message templates: text a person keeps to insert while writing, their own (user_id set) or a
// group's canned responses that its admins keep for its members (chat_id set). Each has a title,
// a category, an optional shortcut (unique in its set) and a text with variables the clients
// fill in. Beside them, how often and how lately each person used each template, per chat and
// in all: the domain ranks suggestions by it (chat/templates). What is valid is the domain's.
// Apart from store.hpp (Store::templates()), so that only what uses templates is built against it.
#pragma once

#include "store/errors.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::store {

// One person's use of a template: in one chat, or in all of them.
struct TemplateUse {
  std::int64_t uses = 0;
  std::optional<TimeMs> last_used_at;
  // The sum of the uses' weights, each given by the domain when it was counted (a later use
  // weighs more: see chat/templates/template_rank.hpp).
  double weight = 0;
};

struct MessageTemplate {
  std::string id;
  std::optional<std::string> user_id;  // a person's own template
  std::optional<std::string> chat_id;  // a group's canned response
  std::string title;
  std::string category;  // "" for none
  std::optional<std::string> shortcut;
  std::string content;
  std::string created_by;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  std::int64_t version = 1;  // rises by one with every change
  // The reader's use of it, when read for a reader (templates_for): in all chats, in one.
  TemplateUse use;
  TemplateUse chat_use;
};

class TemplateStore {
 public:
  virtual ~TemplateStore() = default;

  // Stores a new template (version 1) in its set (the user's or the group's). kConflict: its
  // shortcut is taken in the set (or the id is); kLimit: the set holds `max_in_set` already.
  virtual Result<MessageTemplate> add_template(const MessageTemplate& t, std::size_t max_in_set) = 0;
  // kNotFound: no such template.
  virtual Result<MessageTemplate> template_by_id(std::string_view id) = 0;
  // Writes title, category, shortcut, content and updated_at when the stored version is
  // `expected_version`; returns it as stored (version + 1). kNotFound: no such template;
  // kConflict: another change came between, or the shortcut is taken in the set.
  virtual Result<MessageTemplate> update_template(const MessageTemplate& t, std::int64_t expected_version) = 0;
  // Removes a template and what is counted of its use; returns it. kNotFound: no such template.
  virtual Result<MessageTemplate> remove_template(std::string_view id) = 0;
  // `user_id`'s own templates and, when `group_id` is not empty, that group's, each with
  // `user_id`'s use of it in all chats and in `use_chat_id` (none when empty); in no order.
  virtual Result<std::vector<MessageTemplate>> templates_for(std::string_view user_id, std::string_view group_id,
                                                             std::string_view use_chat_id) = 0;
  // A group's templates (without anyone's use), in no order.
  virtual Result<std::vector<MessageTemplate>> group_templates(std::string_view chat_id) = 0;
  // Counts one use of a template by `user_id` in `chat_id` at `at`, adding `weight` to its
  // weights in that chat and in all. kNotFound: no such template.
  virtual Result<void> count_template_use(std::string_view user_id, std::string_view template_id,
                                          std::string_view chat_id, TimeMs at, double weight) = 0;
};

}  // namespace parley::store
