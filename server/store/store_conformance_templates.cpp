// The conformance suite, part 20: message templates (store/templates.hpp): a person's own and a
// group's, a shortcut once per set, the limit per set, changes over the version read, and the
// counts of use per chat and in all, with their weights, removed with the template.
#include "store/store_conformance.hpp"
#include "store/templates.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace parley::store::conformance {
namespace {

MessageTemplate template_of(std::uint64_t n, std::optional<std::string> user_id, std::optional<std::string> chat_id,
                            std::optional<std::string> shortcut, const User& by) {
  MessageTemplate t;
  t.id = uuid(n);
  t.user_id = std::move(user_id);
  t.chat_id = std::move(chat_id);
  t.title = "Title " + std::to_string(n);
  t.category = n % 2 == 0 ? "Even" : "";
  t.shortcut = std::move(shortcut);
  t.content = "Thank you, {name}! \xe2\x9c\x93";
  t.created_by = by.id;
  t.created_at = kT0 + static_cast<TimeMs>(n);
  t.updated_at = t.created_at;
  return t;
}

const MessageTemplate* by_id(const std::vector<MessageTemplate>& list, const std::string& id) {
  const auto it = std::find_if(list.begin(), list.end(), [&](const MessageTemplate& t) { return t.id == id; });
  return it == list.end() ? nullptr : &*it;
}

}  // namespace

TEST_P(StoreConformance, TemplatesAreKeptPerSetWithAShortcutOnceEach) {
  add_cast();
  auto& templates = store().templates();
  const auto thanks = template_of(60, alice_.id, std::nullopt, "thanks", alice_);
  const auto added = must(templates.add_template(thanks, 3), "add_template");
  EXPECT_EQ(added.id, thanks.id);
  EXPECT_EQ(added.version, 1);
  EXPECT_EQ(added.content, thanks.content);
  EXPECT_EQ(added.category, "Even");
  EXPECT_FALSE(added.chat_id);
  // The same shortcut: taken in alice's set, free in bob's and in a group's.
  EXPECT_EQ(error_of(templates.add_template(template_of(61, alice_.id, std::nullopt, "thanks", alice_), 3)),
            Errc::kConflict);
  must(templates.add_template(template_of(62, bob_.id, std::nullopt, "thanks", bob_), 3), "add_template");
  must(templates.add_template(template_of(63, std::nullopt, chat_.id, "thanks", bob_), 3), "add_template");
  // Many without a shortcut.
  must(templates.add_template(template_of(64, alice_.id, std::nullopt, std::nullopt, alice_), 3), "add_template");
  must(templates.add_template(template_of(65, alice_.id, std::nullopt, std::nullopt, alice_), 3), "add_template");
  EXPECT_EQ(error_of(templates.add_template(template_of(66, alice_.id, std::nullopt, std::nullopt, alice_), 3)),
            Errc::kLimit);

  const auto read = must(templates.template_by_id(thanks.id), "template_by_id");
  EXPECT_EQ(read.shortcut, "thanks");
  EXPECT_EQ(read.user_id, alice_.id);
  EXPECT_EQ(error_of(templates.template_by_id(uuid(99))), Errc::kNotFound);

  // Alice's own, with the group's when she writes there; never bob's.
  EXPECT_EQ(must(templates.templates_for(alice_.id, "", ""), "templates_for").size(), 3U);
  const auto with_group = must(templates.templates_for(alice_.id, chat_.id, chat_.id), "templates_for");
  EXPECT_EQ(with_group.size(), 4U);
  EXPECT_NE(by_id(with_group, uuid(63)), nullptr);
  EXPECT_EQ(by_id(with_group, uuid(62)), nullptr);
  const auto group = must(templates.group_templates(chat_.id), "group_templates");
  ASSERT_EQ(group.size(), 1U);
  EXPECT_EQ(group[0].chat_id, chat_.id);
}

TEST_P(StoreConformance, TemplatesChangeOverTheVersionReadAndGoWithTheirCounts) {
  add_cast();
  auto& templates = store().templates();
  auto t = must(templates.add_template(template_of(70, alice_.id, std::nullopt, "hi", alice_), 5), "add_template");
  must(templates.add_template(template_of(71, alice_.id, std::nullopt, "bye", alice_), 5), "add_template");
  t.title = "Hello";
  t.category = "Greetings";
  t.shortcut = "hello";
  t.content = "Hello there";
  t.updated_at = kT0 + 500;
  const auto changed = must(templates.update_template(t, 1), "update_template");
  EXPECT_EQ(changed.version, 2);
  EXPECT_EQ(changed.title, "Hello");
  EXPECT_EQ(changed.shortcut, "hello");
  EXPECT_EQ(changed.updated_at, kT0 + 500);
  EXPECT_EQ(changed.created_at, t.created_at);
  EXPECT_EQ(error_of(templates.update_template(t, 1)), Errc::kConflict);  // stale
  t.shortcut = "bye";
  EXPECT_EQ(error_of(templates.update_template(t, 2)), Errc::kConflict);  // taken
  t.id = uuid(98);
  EXPECT_EQ(error_of(templates.update_template(t, 1)), Errc::kNotFound);

  // Counts: per chat and in all, weights added up, the latest use kept.
  must(templates.count_template_use(bob_.id, uuid(70), chat_.id, kT0 + 10, 1.5), "count_template_use");
  must(templates.count_template_use(bob_.id, uuid(70), chat_.id, kT0 + 5, 0.25), "count_template_use");
  must(templates.count_template_use(bob_.id, uuid(70), uuid(7), kT0 + 20, 1e300), "count_template_use");
  EXPECT_EQ(error_of(templates.count_template_use(bob_.id, uuid(97), chat_.id, kT0, 1)), Errc::kNotFound);
  // Bob's counts are read with bob's templates (none) and alice's with hers: counts are per reader.
  const auto alices = must(templates.templates_for(alice_.id, "", chat_.id), "templates_for");
  ASSERT_NE(by_id(alices, uuid(70)), nullptr);
  EXPECT_EQ(by_id(alices, uuid(70))->use.uses, 0);
  must(templates.count_template_use(alice_.id, uuid(70), chat_.id, kT0 + 10, 1.5), "count_template_use");
  must(templates.count_template_use(alice_.id, uuid(70), chat_.id, kT0 + 5, 0.25), "count_template_use");
  must(templates.count_template_use(alice_.id, uuid(70), uuid(7), kT0 + 20, 1e300), "count_template_use");
  const auto counted = must(templates.templates_for(alice_.id, "", chat_.id), "templates_for");
  const auto* hello = by_id(counted, uuid(70));
  ASSERT_NE(hello, nullptr);
  EXPECT_EQ(hello->chat_use.uses, 2);
  EXPECT_EQ(hello->chat_use.last_used_at, kT0 + 10);
  EXPECT_DOUBLE_EQ(hello->chat_use.weight, 1.75);
  EXPECT_EQ(hello->use.uses, 3);
  EXPECT_EQ(hello->use.last_used_at, kT0 + 20);
  EXPECT_DOUBLE_EQ(hello->use.weight, 1e300 + 1.75);
  const auto* bye = by_id(counted, uuid(71));
  ASSERT_NE(bye, nullptr);
  EXPECT_EQ(bye->use.uses, 0);
  EXPECT_FALSE(bye->use.last_used_at);
  // Without a chat, no chat's counts.
  EXPECT_EQ(by_id(must(templates.templates_for(alice_.id, "", ""), "templates_for"), uuid(70))->chat_use.uses, 0);

  // Removed, with its counts: a template of the same id starts from nothing.
  EXPECT_EQ(must(templates.remove_template(uuid(70)), "remove_template").title, "Hello");
  EXPECT_EQ(error_of(templates.remove_template(uuid(70))), Errc::kNotFound);
  must(templates.add_template(template_of(70, alice_.id, std::nullopt, "hello", alice_), 5), "add_template");
  const auto fresh = must(templates.templates_for(alice_.id, "", chat_.id), "templates_for");
  EXPECT_EQ(by_id(fresh, uuid(70))->use.uses, 0);
  EXPECT_EQ(by_id(fresh, uuid(70))->chat_use.uses, 0);
}

}  // namespace parley::store::conformance
