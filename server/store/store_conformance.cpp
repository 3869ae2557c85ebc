// The conformance suite, part 1: the fixture's helpers, users, sessions, chats and health.
// Messages, statuses and pins are in store_conformance_messages.cpp.
#include "store/store_conformance.hpp"

#include <algorithm>
#include <cstdio>
#include <latch>
#include <set>
#include <thread>
#include <vector>

namespace parley::store {

void PrintTo(Errc e, std::ostream* os) { *os << conformance::errc_name(e); }

void PrintTo(Status s, std::ostream* os) {
  switch (s) {
    case Status::kSent:
      *os << "SENT";
      return;
    case Status::kDelivered:
      *os << "DELIVERED";
      return;
    case Status::kRead:
      *os << "READ";
      return;
  }
  *os << "Status(" << static_cast<int>(s) << ")";
}

}  // namespace parley::store

namespace parley::store::conformance {

void PrintTo(const BackendFactory& factory, std::ostream* os) { *os << factory.name; }

std::string backend_name(const ::testing::TestParamInfo<BackendFactory>& info) { return info.param.name; }

const char* errc_name(Errc e) {
  switch (e) {
    case Errc::kNotFound:
      return "kNotFound";
    case Errc::kConflict:
      return "kConflict";
    case Errc::kLimit:
      return "kLimit";
    case Errc::kInvalid:
      return "kInvalid";
    case Errc::kUnavailable:
      return "kUnavailable";
  }
  return "Errc(?)";
}

void must(Result<void> r, std::string_view what) {
  if (!r) throw std::runtime_error(std::string(what) + " failed: " + errc_name(r.error()));
}

HistoryQuery newest(std::size_t limit) {
  HistoryQuery query;
  query.limit = limit;
  return query;
}

HistoryQuery before(std::string id, std::size_t limit) {
  HistoryQuery query;
  query.before_id = std::move(id);
  query.limit = limit;
  return query;
}

HistoryQuery after(std::int64_t seq, std::size_t limit) {
  HistoryQuery query;
  query.after_seq = seq;
  query.limit = limit;
  return query;
}

void StoreConformance::SetUp() {
  backend_ = GetParam().make();
  store_ = backend_->open();
}

bool StoreConformance::reopen_with_outbox() {
  store_.reset();
  store_ = backend_->open_with_outbox();
  if (store_) return true;
  store_ = backend_->open();  // so that TearDown and helpers still find a store
  return false;
}

void StoreConformance::TearDown() {
  store_.reset();
  backend_.reset();
}

std::string StoreConformance::next_id() {
  const auto n = ids_.fetch_add(1) + 1;
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "00000000-0000-4000-8000-%012llx", static_cast<unsigned long long>(n));
  return buffer;
}

User StoreConformance::add_user(const std::string& name) {
  User user;
  user.id = next_id();
  user.email = name + "@example.test";
  user.name = name;
  user.password_hash = "$argon2id$v=19$m=65536,t=3,p=1$" + name;
  user.created_at = kT0;
  return must(store().create_user(user), "create_user " + name);
}

Chat StoreConformance::add_chat(const User& a, const User& b, TimeMs at) {
  return must(store().find_or_create_private_chat(next_id(), a.id, b.id, at), "find_or_create_private_chat");
}

NewMessage StoreConformance::new_message(const Chat& chat, const User& sender, std::string content,
                                         std::optional<std::string> client_message_id, TimeMs at) {
  NewMessage m;
  m.id = next_id();
  m.chat_id = chat.id;
  m.sender_id = sender.id;
  m.content = std::move(content);
  m.created_at = at;
  m.client_message_id = std::move(client_message_id);
  for (const auto& participant : chat.participants) {
    if (participant != sender.id) m.recipients.push_back(participant);
  }
  return m;
}

Appended StoreConformance::append_one(const NewMessage& message) {
  auto results = store().append_messages({message});
  if (results.size() != 1) throw std::runtime_error("append_messages: not one result for one message");
  return must(std::move(results[0]), "append_messages");
}

NewGroup StoreConformance::new_group(const std::vector<User>& members, const std::string& title) {
  NewGroup g;
  g.id = next_id();
  g.info.title = title;
  g.at = kT0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    Member m;
    m.user_id = members[i].id;
    m.role = i == 0 ? Role::kOwner : Role::kMember;
    m.joined_at = kT0;
    g.members.push_back(std::move(m));
  }
  g.created = system_line(g.id, members.front(), "created", kT0);
  return g;
}

GroupEdit StoreConformance::edit_of(const Chat& chat, TimeMs at) {
  GroupEdit edit;
  edit.chat_id = chat.id;
  edit.expected_version = chat.group ? chat.group->version : 0;
  edit.at = at;
  return edit;
}

GroupEdited StoreConformance::add_hiding_history(const GroupEdited& g, const User& by, const User& who, TimeMs at) {
  GroupEdit hide = edit_of(g.chat, at);
  GroupSettings settings = g.chat.group->settings;
  settings.history_visible = false;
  hide.settings = settings;
  Member member;
  member.user_id = who.id;
  member.role = Role::kMember;
  member.joined_at = at;
  hide.add = {member};
  hide.system = {system_line(g.chat.id, by, "added", at)};
  return must(store().edit_group(hide), "edit_group");
}

NewMessage StoreConformance::system_line(const std::string& chat_id, const User& actor, const std::string& what,
                                         TimeMs at) {
  NewMessage m;
  m.id = next_id();
  m.chat_id = chat_id;
  m.sender_id = actor.id;
  m.content = actor.name + " " + what;
  m.created_at = at;
  m.kind = "system";
  m.system = R"({"type":")" + what + R"(","actorId":")" + actor.id + R"("})";
  return m;
}

Message StoreConformance::send(const Chat& chat, const User& sender, std::string content, TimeMs at) {
  return append_one(new_message(chat, sender, std::move(content), std::nullopt, at)).message;
}

void StoreConformance::add_cast() {
  alice_ = add_user("alice");
  bob_ = add_user("bob");
  carol_ = add_user("carol");
  chat_ = add_chat(alice_, bob_);
}

std::vector<Message> StoreConformance::fill(int count) {
  std::vector<NewMessage> batch;
  for (int i = 1; i <= count; ++i) batch.push_back(new_message(chat_, alice_, "m" + std::to_string(i), {}, kT0 + i));
  std::vector<Message> stored;
  for (auto& r : store().append_messages(batch)) stored.push_back(must(std::move(r), "append").message);
  return stored;
}

void expect_same_message(const Message& actual, const Message& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.chat_id, expected.chat_id);
  EXPECT_EQ(actual.sender_id, expected.sender_id);
  EXPECT_EQ(actual.content, expected.content);
  EXPECT_EQ(actual.seq, expected.seq);
  EXPECT_EQ(actual.created_at, expected.created_at);
  EXPECT_EQ(actual.client_message_id, expected.client_message_id);
  EXPECT_EQ(actual.status, expected.status);
  EXPECT_EQ(actual.pinned_at, expected.pinned_at);
  EXPECT_EQ(actual.pinned_by, expected.pinned_by);
  EXPECT_EQ(actual.forwarded_from_id, expected.forwarded_from_id);
  EXPECT_EQ(actual.original_sender_id, expected.original_sender_id);
  EXPECT_EQ(actual.kind, expected.kind);
  EXPECT_EQ(actual.system, expected.system);
  EXPECT_EQ(actual.edited_at, expected.edited_at);
  EXPECT_EQ(actual.edit_count, expected.edit_count);
  EXPECT_EQ(actual.deleted_at, expected.deleted_at);
  EXPECT_EQ(actual.deleted_by, expected.deleted_by);
  EXPECT_EQ(actual.change_seq, expected.change_seq);
  EXPECT_EQ(actual.reply_to_id, expected.reply_to_id);
  EXPECT_EQ(actual.quote, expected.quote);
  EXPECT_EQ(actual.thread_root_id, expected.thread_root_id);
  EXPECT_EQ(actual.also_to_chat, expected.also_to_chat);
  EXPECT_EQ(actual.thread_count, expected.thread_count);
  EXPECT_EQ(actual.thread_last_at, expected.thread_last_at);
  EXPECT_EQ(actual.thread_participants, expected.thread_participants);
  EXPECT_EQ(actual.reactions, expected.reactions);
  EXPECT_EQ(actual.mentions, expected.mentions);
}

namespace {

std::vector<std::string> ids_of(const std::vector<Chat>& chats) {
  std::vector<std::string> ids;
  for (const auto& chat : chats) ids.push_back(chat.id);
  return ids;
}

// ---- Chats ----

TEST_P(StoreConformance, PrivateChatIsUniqueForThePairInBothOrders) {
  const User alice = add_user("alice");
  const User bob = add_user("bob");
  const std::string first_id = next_id();
  auto chat = must(store().find_or_create_private_chat(first_id, alice.id, bob.id, kT0), "create");
  EXPECT_EQ(chat.id, first_id);
  EXPECT_EQ(chat.kind, "private");
  EXPECT_EQ(chat.participants, (std::vector<std::string>{alice.id, bob.id}));
  EXPECT_EQ(chat.created_at, kT0);
  EXPECT_EQ(chat.updated_at, kT0);
  EXPECT_EQ(chat.last_seq, 0);

  auto same = must(store().find_or_create_private_chat(next_id(), alice.id, bob.id, kT0 + 1), "again");
  auto reversed = must(store().find_or_create_private_chat(next_id(), bob.id, alice.id, kT0 + 2), "reversed");
  for (const Chat* c : {&same, &reversed}) {
    EXPECT_EQ(c->id, first_id);
    EXPECT_EQ(c->participants, (std::vector<std::string>{alice.id, bob.id}));  // in the order added
    EXPECT_EQ(c->created_at, kT0);
  }

  auto by_id = must(store().chat_by_id(first_id), "chat_by_id");
  EXPECT_EQ(by_id.participants, (std::vector<std::string>{alice.id, bob.id}));
  EXPECT_EQ(by_id.kind, "private");

  const User carol = add_user("carol");
  auto other = must(store().find_or_create_private_chat(next_id(), bob.id, carol.id, kT0), "bob-carol");
  EXPECT_NE(other.id, first_id);
  EXPECT_EQ(other.participants, (std::vector<std::string>{bob.id, carol.id}));
}

TEST_P(StoreConformance, RacingCreatorsGetOnePrivateChat) {
  const User alice = add_user("alice");
  const User bob = add_user("bob");
  constexpr int kThreads = 8;
  std::vector<std::string> ids(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string new_id = next_id();
      start.arrive_and_wait();
      auto chat = t % 2 == 0 ? store().find_or_create_private_chat(new_id, alice.id, bob.id, kT0)
                             : store().find_or_create_private_chat(new_id, bob.id, alice.id, kT0);
      ids[static_cast<std::size_t>(t)] = chat.ok() ? chat->id : "failed";
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 1U) << ids[0] << " " << ids[1];
  EXPECT_NE(ids[0], "failed");
  EXPECT_EQ(must(store().chats_of(alice.id), "chats_of").size(), 1U);
  EXPECT_EQ(must(store().chats_of(bob.id), "chats_of").size(), 1U);
}

TEST_P(StoreConformance, PrivateChatNeedsTwoKnownUsers) {
  const User alice = add_user("alice");
  EXPECT_EQ(error_of(store().find_or_create_private_chat(next_id(), alice.id, next_id(), kT0)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().find_or_create_private_chat(next_id(), next_id(), alice.id, kT0)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().find_or_create_private_chat(next_id(), alice.id, alice.id, kT0)), Errc::kInvalid);
  EXPECT_TRUE(must(store().chats_of(alice.id), "chats_of").empty());
}

TEST_P(StoreConformance, ChatIdIsUnique) {
  const User alice = add_user("alice");
  const User bob = add_user("bob");
  const User carol = add_user("carol");
  const Chat chat = add_chat(alice, bob);
  EXPECT_EQ(error_of(store().find_or_create_private_chat(chat.id, alice.id, carol.id, kT0)), Errc::kConflict);
}

TEST_P(StoreConformance, UnknownChatsAreNotFound) {
  const User alice = add_user("alice");
  const User bob = add_user("bob");
  const Chat chat = add_chat(alice, bob);
  Chat ghost = chat;
  ghost.id = next_id();

  EXPECT_EQ(error_of(store().chat_by_id(ghost.id)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().history(ghost.id, {})), Errc::kNotFound);
  EXPECT_EQ(error_of(store().pinned(ghost.id)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().raise_status_up_to(bob.id, ghost.id, 10, Status::kRead, kT0)), Errc::kNotFound);
  auto appended = store().append_messages({new_message(ghost, alice, "into the void")});
  ASSERT_EQ(appended.size(), 1U);
  EXPECT_EQ(error_of(appended[0]), Errc::kNotFound);
  EXPECT_TRUE(must(store().chats_of(next_id()), "chats_of unknown user").empty());
}

TEST_P(StoreConformance, ChatsOfAreOrderedByLatestActivity) {
  const User alice = add_user("alice");
  const User bob = add_user("bob");
  const User carol = add_user("carol");
  const User dave = add_user("dave");
  const Chat with_bob = add_chat(alice, bob, kT0 + 1);
  const Chat with_carol = add_chat(carol, alice, kT0 + 2);
  const Chat with_dave = add_chat(alice, dave, kT0 + 3);
  add_chat(bob, carol, kT0 + 4);  // not alice's

  EXPECT_EQ(ids_of(must(store().chats_of(alice.id), "chats_of")),
            (std::vector<std::string>{with_dave.id, with_carol.id, with_bob.id}));

  send(with_bob, bob, "hi", kT0 + 10);
  auto chats = must(store().chats_of(alice.id), "chats_of");
  EXPECT_EQ(ids_of(chats), (std::vector<std::string>{with_bob.id, with_dave.id, with_carol.id}));
  ASSERT_EQ(chats.size(), 3U);
  EXPECT_EQ(chats[0].updated_at, kT0 + 10);
  EXPECT_EQ(chats[0].last_seq, 1);
  EXPECT_EQ(chats[0].created_at, kT0 + 1);
  EXPECT_EQ(chats[0].participants, (std::vector<std::string>{alice.id, bob.id}));
  EXPECT_EQ(chats[2].participants, (std::vector<std::string>{carol.id, alice.id}));

  send(with_carol, alice, "hello", kT0 + 11);
  EXPECT_EQ(ids_of(must(store().chats_of(alice.id), "chats_of")),
            (std::vector<std::string>{with_carol.id, with_bob.id, with_dave.id}));
  EXPECT_EQ(must(store().chat_by_id(with_carol.id), "chat_by_id").updated_at, kT0 + 11);
}

// ---- Health ----

TEST_P(StoreConformance, Pings) { EXPECT_TRUE(store().ping().ok()); }

}  // namespace
std::string uuid(std::uint64_t n) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "00000000-0000-4000-8000-%012llx", static_cast<unsigned long long>(n));
  return buffer;
}

User make_user(Store& store, std::uint64_t n, const std::string& name) {
  User user{uuid(n), name + "@example.test", name, "hash", kT0, std::nullopt};
  return must(store.create_user(user), "create_user");
}

std::vector<std::int64_t> seqs_of(const std::vector<Message>& messages) {
  std::vector<std::int64_t> seqs;
  for (const auto& m : messages) seqs.push_back(m.seq);
  return seqs;
}

std::vector<std::int64_t> range(std::int64_t from, std::int64_t to) {
  std::vector<std::int64_t> seqs;
  for (auto s = from; s <= to; ++s) seqs.push_back(s);
  return seqs;
}

std::vector<Message> all_messages(Store& store, const std::string& chat_id) {
  std::vector<Message> all;
  for (std::int64_t last = 0;;) {
    auto page = must(store.history(chat_id, after(last, kMaxHistoryLimit)), "history");
    if (page.empty()) return all;
    last = page.back().seq;
    for (auto& m : page) all.push_back(std::move(m));
  }
}

NewMessage message_to(const Chat& chat, const std::string& id, const std::string& sender, const std::string& content) {
  NewMessage m;
  m.id = id;
  m.chat_id = chat.id;
  m.sender_id = sender;
  m.content = content;
  m.created_at = kT0;
  for (const auto& p : chat.participants) {
    if (p != sender) m.recipients.push_back(p);
  }
  return m;
}

}  // namespace parley::store::conformance
