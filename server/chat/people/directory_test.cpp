// Services::directory and the email rule of the user lists, on a real SQLite store.
#include "chat/services.hpp"

#include "bus/local/local_bus.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/base64.hpp"
#include "util/ids.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

namespace parley::chat {
namespace {
namespace fs = std::filesystem;

struct NoEvents final : Events {
  void message_created(const store::Chat&, const store::Message&) override {}
  void message_edited(const store::Chat&, const store::Message&) override {}
  void messages_deleted(const store::Chat&, const std::vector<store::Message>&) override {}
  void messages_hidden(std::string_view, std::string_view, const std::vector<std::string>&) override {}
  void thread_updated(const store::Chat&, const store::Message&) override {}
  void thread_read(std::string_view, const store::Message&, std::int64_t, std::int64_t) override {}
  void reactions_changed(const store::Chat&, const store::Reacted&, std::string_view, std::string_view) override {}
  void reactions_read(std::string_view, std::string_view) override {}
  void status_changed(const std::vector<store::StatusChange>&) override {}
  void message_pinned(const store::Message&, bool) override {}
  void chat_created(const store::Chat&) override {}
  void group_changed(const store::Chat&, const std::vector<std::string>&, const std::vector<std::string>&,
                     const std::vector<store::Message>&) override {}
  void receipts_changed(const store::Chat&, std::int64_t, std::int64_t) override {}
  void presence_changed(std::string_view, bool, std::int64_t) override {}
  void privacy_changed(std::string_view, const store::Privacy&, const PrivacyView&) override {}
  void emoji_changed(std::string_view) override {}
  void notifications_changed(std::string_view, const NotificationView&) override {}
  void settings_changed(std::string_view, const store::SettingsDocument&) override {}
  void scheduled_changed(const store::ScheduledMessage&) override {}
  void templates_changed(std::string_view, std::string_view) override {}
  void export_changed(const store::DataExport&) override {}
  void blocks_changed(std::string_view, std::string_view, bool, std::int64_t) override {}
};

class DirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("parley-directory-" + util::uuid_v7());
    fs::create_directories(dir_);
    store_ = store::open_sqlite_store((dir_ / "test.db").string());
    alice_ = user("Alice");
    bob_ = user("Bob");
    carol_ = user("Carol");
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  std::unique_ptr<Services> service(EmailVisibility emails) {
    ChatOptions o;
    o.directory_emails = emails;
    o.default_directory = 2;
    o.max_directory = 3;
    o.max_directory_search_chars = 10;
    return std::make_unique<Services>(*store_, presence_, limiter_, events_, o);
  }

  std::string user(const std::string& name) {
    store::User u{util::uuid_v7(), util::uuid_v7() + "@" + name + ".example", name, "hash", util::now_ms(), {}};
    EXPECT_TRUE(store_->create_user(u));
    emails_[u.id] = u.email;
    return u.id;
  }

  // Every page of the directory for `search`, following next_cursor.
  std::vector<UserView> walk(Services& s, const std::string& actor, const std::string& search) {
    std::vector<UserView> all;
    DirectoryRequest r{search, {}, {}};
    for (int i = 0; i < 50; ++i) {
      auto page = s.people.directory(actor, r);
      EXPECT_TRUE(page) << (page ? "" : page.error().message);
      if (!page) break;
      all.insert(all.end(), page->users.begin(), page->users.end());
      if (!page->next_cursor) break;
      r.cursor = page->next_cursor;
    }
    return all;
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  bus::LocalPresence presence_{60'000};
  bus::LocalRateLimiter limiter_;
  NoEvents events_;
  std::map<std::string, std::string> emails_;
  std::string alice_, bob_, carol_;
};

TEST_F(DirectoryTest, PagesFollowTheCursorToTheEnd) {
  auto s = service(EmailVisibility::kAll);
  auto first = s->people.directory(alice_, {});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->users.size(), 2U);  // the default page
  EXPECT_EQ(first->users[0].user.name, "Alice");
  EXPECT_TRUE(first->next_cursor);
  const auto all = walk(*s, alice_, "");
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[2].user.name, "Carol");
  EXPECT_TRUE(all[2].user.password_hash.empty());
  // A limit above the maximum gives the maximum; the last page has no cursor.
  auto big = s->people.directory(alice_, {"", 1000, {}});
  ASSERT_TRUE(big);
  EXPECT_EQ(big->users.size(), 3U);
  EXPECT_FALSE(big->next_cursor);
}

TEST_F(DirectoryTest, SearchIsTrimmedAndCaseInsensitive) {
  auto s = service(EmailVisibility::kAll);
  auto r = s->people.directory(alice_, {"  cAR ", {}, {}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->users.size(), 1U);
  EXPECT_EQ(r->users[0].user.id, carol_);
  EXPECT_EQ(walk(*s, alice_, ".EXAMPLE").size(), 3U);  // emails
}

TEST_F(DirectoryTest, RejectsBadLimitsCursorsAndSearches) {
  auto s = service(EmailVisibility::kAll);
  auto code = [&](const DirectoryRequest& r) {
    auto page = s->people.directory(alice_, r);
    return page ? std::optional<Errc>() : std::optional<Errc>(page.error().code);
  };
  EXPECT_EQ(code({"", 0, {}}), Errc::kInvalidInput);
  EXPECT_EQ(code({"", -5, {}}), Errc::kInvalidInput);
  EXPECT_EQ(code({"", {}, "garbage!"}), Errc::kInvalidInput);
  EXPECT_EQ(code({"", {}, ""}), Errc::kInvalidInput);
  EXPECT_EQ(code({"", {}, util::base64url_encode("d1\nnot-a-uuid\nalice")}), Errc::kInvalidInput);
  EXPECT_EQ(code({"", {}, util::base64url_encode("d9\n" + bob_ + "\nbob")}), Errc::kInvalidInput);
  EXPECT_EQ(code({"", {}, std::string(3000, 'A')}), Errc::kInvalidInput);
  EXPECT_EQ(code({"0123456789x", {}, {}}), Errc::kInvalidInput);  // over 10 characters
  EXPECT_EQ(code({"a\nb", {}, {}}), Errc::kInvalidInput);
  EXPECT_EQ(code({"\xff", {}, {}}), Errc::kInvalidInput);
  EXPECT_EQ(code({"ÉÉÉÉÉÉÉÉÉÉ", {}, {}}), std::nullopt);  // 10 characters, 20 bytes
  // A well-formed cursor of ours is accepted, whoever's id it names.
  EXPECT_EQ(code({"", {}, util::base64url_encode("d1\n" + bob_ + "\nbob")}), std::nullopt);
}

TEST_F(DirectoryTest, AllEmailsByDefault) {
  auto s = service(EmailVisibility::kAll);
  for (const auto& v : walk(*s, alice_, "")) EXPECT_EQ(v.user.email, emails_[v.user.id]);
  auto listed = s->people.list_users(alice_);
  ASSERT_TRUE(listed);
  for (const auto& v : *listed) EXPECT_EQ(v.user.email, emails_[v.user.id]);
}

TEST_F(DirectoryTest, ContactsSettingHidesTheEmailsOfStrangers) {
  auto s = service(EmailVisibility::kContacts);
  ASSERT_TRUE(s->conversations.open_private_chat(alice_, bob_));
  auto check = [&](const std::vector<UserView>& users) {
    ASSERT_EQ(users.size(), 3U);
    for (const auto& v : users) {
      if (v.user.id == carol_) {
        EXPECT_EQ(v.user.email, "");  // shares no chat with alice
      } else {
        EXPECT_EQ(v.user.email, emails_[v.user.id]) << v.user.name;  // herself and bob
      }
    }
  };
  check(walk(*s, alice_, ""));
  auto listed = s->people.list_users(alice_);
  ASSERT_TRUE(listed);
  check(*listed);
  // Carol's email is not searchable by alice; bob's is, and carol's name is.
  EXPECT_TRUE(walk(*s, alice_, "@carol.").empty());
  EXPECT_EQ(walk(*s, alice_, "@bob.").size(), 1U);
  EXPECT_EQ(walk(*s, alice_, "carol").size(), 1U);
  // Carol sees only her own email.
  for (const auto& v : walk(*s, carol_, "")) EXPECT_EQ(v.user.email.empty(), v.user.id != carol_);
}

}  // namespace
}  // namespace parley::chat
