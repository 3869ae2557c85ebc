// The conformance suite, part 4: the user directory (Store::directory): order, keyset pages,
// Unicode-insensitive search, which emails a search may match, and the shares_chat flag.
#include "store/store_conformance.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace parley::store::conformance {
namespace {

DirectoryQuery query_of(const User& viewer, std::string search = {}, std::size_t limit = 50) {
  DirectoryQuery q;
  q.viewer = viewer.id;
  q.search = std::move(search);
  q.limit = limit;
  return q;
}

std::vector<std::string> names_of(const DirectoryPage& page) {
  std::vector<std::string> names;
  for (const auto& e : page.entries) names.push_back(e.user.name);
  return names;
}

// Every entry of the directory for `query`, page by page; the pages must not overlap.
std::vector<DirectoryEntry> walk(Store& store, DirectoryQuery query) {
  std::vector<DirectoryEntry> all;
  for (int pages = 0; pages < 100; ++pages) {
    auto page = must(store.directory(query), "directory");
    EXPECT_LE(page.entries.size(), query.limit);
    for (auto& e : page.entries) all.push_back(std::move(e));
    if (!page.more) return all;
    EXPECT_FALSE(all.empty());
    query.after_key = all.back().sort_key;
    query.after_id = all.back().user.id;
  }
  ADD_FAILURE() << "the directory did not end";
  return all;
}

}  // namespace

TEST_P(StoreConformance, RenamedUsersAreListedAndFoundByTheNewName) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  must(store().set_user_name(alice.id, "zoë alice"), "set_user_name");
  EXPECT_EQ(must(store().user_by_id(alice.id), "user_by_id").name, "zoë alice");
  auto users = must(store().list_users(), "list_users");
  ASSERT_EQ(users.size(), 2U);
  EXPECT_EQ(users[1].id, alice.id) << "listed by the new name";
  EXPECT_EQ(names_of(must(store().directory(query_of(bob, "ZOË")), "directory")),
            std::vector<std::string>{"zoë alice"});
  EXPECT_EQ(names_of(must(store().directory(query_of(bob, "bob")), "directory")), std::vector<std::string>{"bob"});
}

TEST_P(StoreConformance, DirectoryOrdersByFoldedNameThenIdInPages) {
  const auto zed = add_user("Zed");
  const auto bob = add_user("bob");
  const auto emile = add_user("Émile");
  const auto alice1 = add_user("Alice");
  const auto alice2 = add_user("alice");
  auto first = must(store().directory(query_of(bob, {}, 2)), "directory");
  ASSERT_EQ(first.entries.size(), 2U);
  EXPECT_TRUE(first.more);
  EXPECT_EQ(first.entries[0].sort_key, "alice");
  EXPECT_TRUE(first.entries[0].user.password_hash.empty());

  const auto all = walk(store(), query_of(bob, {}, 2));
  std::vector<std::string> names;
  for (const auto& e : all) names.push_back(e.user.name);
  // Both alices (by id between them), then bob, zed, and émile, whose folded name starts with
  // a byte above ASCII.
  ASSERT_EQ(names.size(), 5U);
  EXPECT_EQ(names[2], "bob");
  EXPECT_EQ(names[3], "Zed");
  EXPECT_EQ(names[4], "Émile");
  EXPECT_LT(all[0].user.id, all[1].user.id);
  EXPECT_EQ(walk(store(), query_of(bob, {}, 5)).size(), 5U);
  auto exact = must(store().directory(query_of(bob, {}, 5)), "directory");
  EXPECT_FALSE(exact.more);
  (void)zed, (void)emile, (void)alice1, (void)alice2;
}

TEST_P(StoreConformance, DirectoryPagesResumeAfterTheirCursorWhateverWasAdded) {
  const auto viewer = add_user("m-viewer");
  for (const char* name : {"b", "d", "f", "h"}) add_user(name);
  auto first = must(store().directory(query_of(viewer, {}, 2)), "directory");
  ASSERT_EQ(names_of(first), (std::vector<std::string>{"b", "d"}));
  add_user("a");  // before the cursor: not on later pages
  add_user("e");  // after it: on the next page
  auto next = query_of(viewer, {}, 3);
  next.after_key = first.entries.back().sort_key;
  next.after_id = first.entries.back().user.id;
  auto second = must(store().directory(next), "directory");
  EXPECT_EQ(names_of(second), (std::vector<std::string>{"e", "f", "h"}));
  EXPECT_TRUE(second.more);  // m-viewer
}

TEST_P(StoreConformance, DirectorySearchFoldsCaseAndFormsOnNamesAndEmails) {
  const auto viewer = add_user("viewer");
  add_user("Élodie Dupont");
  add_user("ДМИТРИЙ");
  add_user("Strauß");
  add_user("Bob 100%_sure");
  EXPECT_EQ(names_of(must(store().directory(query_of(viewer, "élo")), "directory")),
            (std::vector<std::string>{"Élodie Dupont"}));
  EXPECT_EQ(names_of(must(store().directory(query_of(viewer, "ÉLODIE")), "directory")),
            (std::vector<std::string>{"Élodie Dupont"}));
  EXPECT_EQ(names_of(must(store().directory(query_of(viewer, "e\u0301lo")), "directory")),
            (std::vector<std::string>{"Élodie Dupont"}));
  EXPECT_EQ(names_of(must(store().directory(query_of(viewer, "pont")), "directory")),
            (std::vector<std::string>{"Élodie Dupont"}));
  EXPECT_EQ(names_of(must(store().directory(query_of(viewer, "дмит")), "directory")),
            (std::vector<std::string>{"ДМИТРИЙ"}));
  EXPECT_EQ(names_of(must(store().directory(query_of(viewer, "STRAUSS")), "directory")),
            (std::vector<std::string>{"Strauß"}));
  // LIKE wildcards are plain characters.
  EXPECT_EQ(names_of(must(store().directory(query_of(viewer, "%_")), "directory")),
            (std::vector<std::string>{"Bob 100%_sure"}));
  EXPECT_TRUE(must(store().directory(query_of(viewer, "_x")), "directory").entries.empty());
  // Emails too (add_user names them <name>@example.test).
  EXPECT_EQ(must(store().directory(query_of(viewer, "@EXAMPLE.test")), "directory").entries.size(), 5U);
  // Paging a search.
  const auto searched = walk(store(), query_of(viewer, "example", 2));
  EXPECT_EQ(searched.size(), 5U);
}

TEST_P(StoreConformance, DirectorySaysWhoSharesAChatAndSearchesOnlyTheirEmailsWhenAsked) {
  add_cast();  // alice and bob share chat_; carol shares nothing
  auto page = must(store().directory(query_of(alice_)), "directory");
  ASSERT_EQ(page.entries.size(), 3U);
  for (const auto& e : page.entries) {
    EXPECT_EQ(e.shares_chat, e.user.id == bob_.id) << e.user.name;
    EXPECT_FALSE(e.user.email.empty());  // hiding emails is the domain's decision
  }
  auto by_email = query_of(alice_, "@example");
  EXPECT_EQ(must(store().directory(by_email), "directory").entries.size(), 3U);
  by_email.search_all_emails = false;
  std::vector<std::string> ids;
  for (const auto& e : must(store().directory(by_email), "directory").entries) ids.push_back(e.user.id);
  // Herself and bob: carol's email is not searched; her name does not match.
  EXPECT_EQ(ids.size(), 2U);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), carol_.id), 0);
  // A name still matches whoever it is.
  auto by_name = query_of(alice_, carol_.name);
  by_name.search_all_emails = false;
  EXPECT_EQ(must(store().directory(by_name), "directory").entries.size(), 1U);
}

TEST_P(StoreConformance, ContactsAreTheUsersWhoShareAChat) {
  add_cast();  // alice and bob share chat_; carol shares nothing
  auto of_alice = must(store().contacts_of(alice_.id), "contacts_of");
  ASSERT_EQ(of_alice.size(), 1U);
  EXPECT_EQ(of_alice[0].id, bob_.id);
  EXPECT_TRUE(must(store().contacts_of(carol_.id), "contacts_of").empty());
  // A second chat with the same person does not list them twice; a new chat adds its peer.
  add_chat(alice_, carol_);
  auto again = must(store().contacts_of(alice_.id), "contacts_of");
  ASSERT_EQ(again.size(), 2U);
  EXPECT_LT(again[0].name, again[1].name);
  EXPECT_EQ(must(store().contacts_of(carol_.id), "contacts_of").size(), 1U);
}

TEST_P(StoreConformance, DirectoryClampsTheLimit) {
  const auto viewer = add_user("viewer");
  add_user("other");
  auto page = must(store().directory(query_of(viewer, {}, 0)), "directory");
  EXPECT_EQ(page.entries.size(), 1U);
  EXPECT_TRUE(page.more);
}

TEST_P(StoreConformance, UsersAreFoundByTheStartOfAWordOfTheirNameOrTheirEmail) {
  add_user("Ann Lee");
  add_user("annabel Smith");
  add_user("Zoë Ann Ann");
  const auto bob = add_user("Bob");
  const auto names = [&](std::string_view name_prefix, std::string_view email_prefix = {}, std::size_t limit = 10) {
    std::vector<std::string> out;
    for (const auto& u : must(store().users_by_prefix(name_prefix, email_prefix, limit), "users_by_prefix")) {
      EXPECT_TRUE(u.password_hash.empty());
      out.push_back(u.name);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(names("ann"), (std::vector<std::string>{"Ann Lee", "Zoë Ann Ann", "annabel Smith"})) << "each once";
  EXPECT_EQ(names("zoe"), std::vector<std::string>{"Zoë Ann Ann"});
  EXPECT_EQ(names("smi"), std::vector<std::string>{"annabel Smith"});
  EXPECT_TRUE(names("nabel").empty()) << "the start of a word only";
  EXPECT_EQ(names("ann", {}, 2).size(), 2U);
  EXPECT_EQ(names("nobody", "bob@"), std::vector<std::string>{"Bob"}) << "emails folded, by the caller too";
  must(store().set_user_name(bob.id, "Charlie Brown"), "set_user_name");
  EXPECT_TRUE(names("bob").empty()) << "the old name's words are gone";
  EXPECT_EQ(names("bro"), std::vector<std::string>{"Charlie Brown"});
}

}  // namespace parley::store::conformance
