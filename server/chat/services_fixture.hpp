// The fixture of the domain's tests: Services over a fresh SQLite store in a temporary
// directory, the in-process bus, a fake clock, and the announcements recorded.
#pragma once

#include "bus/local/local_bus.hpp"
#include "chat/services.hpp"
#include "store/settings.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/ids.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace parley::chat {

namespace fs = std::filesystem;

// Records what the service announces.
struct RecordedEvents final : Events {
  std::vector<std::pair<std::string, store::Privacy>> privacy;
  std::vector<std::string> emoji;
  std::mutex mutex;
  std::vector<store::Message> created;
  std::vector<store::StatusChange> statuses;
  std::vector<std::pair<std::string, bool>> pins;
  std::vector<std::pair<std::string, bool>> presence;
  std::vector<std::string> chats;
  struct GroupChange {
    std::string chat_id;
    std::vector<std::string> added;
    std::vector<std::string> removed;
  };
  std::vector<GroupChange> groups;
  struct Receipts {
    std::string chat_id;
    std::int64_t delivered = 0;
    std::int64_t read = 0;
  };
  std::vector<Receipts> receipts;

  void message_created(const store::Chat&, const store::Message& m) override {
    std::lock_guard l(mutex);
    created.push_back(m);
  }
  void status_changed(const std::vector<store::StatusChange>& c) override {
    std::lock_guard l(mutex);
    statuses.insert(statuses.end(), c.begin(), c.end());
  }
  void message_pinned(const store::Message& m, bool pinned) override {
    std::lock_guard l(mutex);
    pins.emplace_back(m.id, pinned);
  }
  std::vector<store::Message> edited;
  std::vector<store::Message> deleted;
  std::vector<std::pair<std::string, std::vector<std::string>>> hidden;  // user, message ids
  void message_edited(const store::Chat&, const store::Message& m) override {
    std::lock_guard l(mutex);
    edited.push_back(m);
  }
  void messages_deleted(const store::Chat&, const std::vector<store::Message>& t) override {
    std::lock_guard l(mutex);
    deleted.insert(deleted.end(), t.begin(), t.end());
  }
  std::vector<store::Message> threads;  // roots with their new summaries
  void thread_updated(const store::Chat&, const store::Message& root) override {
    std::lock_guard l(mutex);
    threads.push_back(root);
  }
  void thread_read(std::string_view, const store::Message&, std::int64_t, std::int64_t) override {}
  std::vector<store::Reacted> reactions;    // the changes announced
  std::vector<std::string> reactions_seen;  // "<user> <chat>" of reactions_read
  void reactions_changed(const store::Chat&, const store::Reacted& r, std::string_view, std::string_view) override {
    std::lock_guard l(mutex);
    reactions.push_back(r);
  }
  void reactions_read(std::string_view user, std::string_view chat) override {
    std::lock_guard l(mutex);
    reactions_seen.push_back(std::string(user) + " " + std::string(chat));
  }
  void messages_hidden(std::string_view user, std::string_view, const std::vector<std::string>& ids) override {
    std::lock_guard l(mutex);
    hidden.emplace_back(std::string(user), ids);
  }
  void chat_created(const store::Chat& chat) override {
    std::lock_guard l(mutex);
    chats.push_back(chat.id);
  }
  void group_changed(const store::Chat& chat, const std::vector<std::string>& a, const std::vector<std::string>& r,
                     const std::vector<store::Message>& lines) override {
    std::lock_guard l(mutex);
    groups.push_back({chat.id, a, r});
    created.insert(created.end(), lines.begin(), lines.end());
  }
  void receipts_changed(const store::Chat& chat, std::int64_t delivered, std::int64_t read) override {
    std::lock_guard l(mutex);
    receipts.push_back({chat.id, delivered, read});
  }
  void presence_changed(std::string_view user, bool online, std::int64_t) override {
    std::lock_guard l(mutex);
    presence.emplace_back(std::string(user), online);
  }
  void privacy_changed(std::string_view user, const store::Privacy&, const PrivacyView& now) override {
    std::lock_guard l(mutex);
    privacy.emplace_back(std::string(user), now.settings);
  }
  void emoji_changed(std::string_view scope) override {
    std::lock_guard l(mutex);
    emoji.emplace_back(scope);
  }
  std::vector<std::pair<std::string, NotificationSettings>> notifications;  // user, settings after
  void notifications_changed(std::string_view user, const NotificationView& view) override {
    std::lock_guard l(mutex);
    notifications.emplace_back(user, view.settings);
  }
  std::vector<std::pair<std::string, store::SettingsDocument>> settings;  // user, document after
  void settings_changed(std::string_view user, const store::SettingsDocument& after) override {
    std::lock_guard l(mutex);
    settings.emplace_back(user, after);
  }
  std::vector<store::ScheduledMessage> scheduled;  // after each change
  void scheduled_changed(const store::ScheduledMessage& after) override {
    std::lock_guard l(mutex);
    scheduled.push_back(after);
  }
  std::vector<std::pair<std::string, std::string>> templates;  // user (own set), chat (a group's)
  void templates_changed(std::string_view user, std::string_view chat) override {
    std::lock_guard l(mutex);
    templates.emplace_back(user, chat);
  }
  std::vector<store::DataExport> exports;
  void export_changed(const store::DataExport& e) override {
    std::lock_guard l(mutex);
    exports.push_back(e);
  }
  struct BlockChange {
    std::string user, other;
    bool blocked;
  };
  std::vector<BlockChange> blocks;
  void blocks_changed(std::string_view user, std::string_view other, bool blocked, std::int64_t) override {
    std::lock_guard l(mutex);
    blocks.push_back({std::string(user), std::string(other), blocked});
  }
};

class ServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("parley-chat-" + util::uuid_v7());
    fs::create_directories(dir_);
    store::SqliteOptions store_options;
    store_options.stats = stats_;
    store_options.search_index_delay = std::chrono::milliseconds(0);  // tests count commits
    store_ = store::open_sqlite_store((dir_ / "test.db").string(), store_options);
    ChatOptions o;
    o.max_pins = 2;
    o.max_forward = 3;
    o.max_message_chars = 20;
    o.messages_burst = 1000;
    service_ = std::make_unique<Services>(*store_, presence_, limiter_, events_, o, clock_);
    alice_ = user("alice");
    bob_ = user("bob");
    eve_ = user("eve");
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  std::string user(const std::string& name) {
    store::User u;
    u.id = util::uuid_v7();
    u.email = name + "@example.com";
    u.name = name;
    u.password_hash = "x";
    u.created_at = util::now_ms();
    EXPECT_TRUE(store_->create_user(u));
    return u.id;
  }

  static Errc code_of(const Error& e) { return e.code; }

  fs::path dir_;
  std::shared_ptr<store::SqliteStats> stats_ = std::make_shared<store::SqliteStats>();
  std::unique_ptr<store::Store> store_;
  bus::LocalPresence presence_{60'000};
  bus::LocalRateLimiter limiter_;
  RecordedEvents events_;
  util::FakeClock clock_;
  std::unique_ptr<Services> service_;
  std::string alice_, bob_, eve_;
};

}  // namespace parley::chat
