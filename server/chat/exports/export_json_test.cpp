// The export format: a document that parses, with the header, each chat's participants and
// every message feature written losslessly; streamed in pieces; misuse refused.
#include "chat/exports/export_json.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace parley::chat {
namespace {

namespace json = boost::json;

store::Message message(std::int64_t seq, std::string content) {
  store::Message m;
  m.id = "m" + std::to_string(seq);
  m.chat_id = "c1";
  m.sender_id = "u1";
  m.content = std::move(content);
  m.seq = seq;
  m.created_at = 1'000 + seq;
  return m;
}

TEST(ExportJson, AStreamedDocumentKeepsEveryMessageFeature) {
  std::string out;
  int pieces = 0;
  ExportJsonWriter w(
      [&](std::string_view s) {
        out += s;
        ++pieces;
      },
      {"u1", "Ann", "ann@example.com"}, 5'000);

  store::Chat group;
  group.id = "c1";
  group.kind = "group";
  group.created_at = 900;
  group.group = store::GroupInfo{};
  group.group->title = "Book club «Σ»";
  w.begin_chat({&group, {{"u1", "Ann", "ann@example.com"}, {"u2", "Bob", "bob@example.com"}}});

  auto edited = message(1, "final text ✓");
  edited.edited_at = 1'500;
  edited.edit_count = 2;
  edited.pinned_at = 1'600;
  edited.pinned_by = "u2";
  edited.mentions.users = {"u2"};
  edited.client_message_id = "client-1";
  w.message({&edited, {{"first", 1'001}, {"second", 1'200}}, {{"👍", {"u2", "u1"}}}});

  auto reply = message(2, "");
  reply.deleted_at = 2'000;
  reply.deleted_by = "u1";
  reply.reply_to_id = "m1";
  reply.quote = "final";
  reply.thread_root_id = "m1";
  reply.also_to_chat = true;
  w.message({&reply, {}, {}});

  auto line = message(3, "");
  line.kind = "system";
  line.system = R"({"type":"member_added","userIds":["u2"]})";
  line.forwarded_from_id = "x9";
  line.original_sender_id = "u7";
  line.attachments = R"([{"id":"f1","name":"a.png","kind":"image"}])";
  line.reactions = {{"🎉", 3}};
  w.message({&line, {}, {}});
  w.end_chat();

  store::Chat empty;
  empty.id = "c2";
  w.begin_chat({&empty, {}});
  w.end_chat();
  w.finish();
  EXPECT_GT(pieces, 6);  // streamed, not built whole
  // For the check against docs/export.schema.json (the export_schema test).
  if (const char* sample = std::getenv("PARLEY_EXPORT_SAMPLE")) std::ofstream(sample) << out;

  const auto doc = json::parse(out).as_object();
  EXPECT_EQ(doc.at("format"), "parley-export");
  EXPECT_EQ(doc.at("version"), kExportFormatVersion);
  EXPECT_EQ(doc.at("exportedAt"), 5'000);
  EXPECT_EQ(doc.at("exportedBy").at("email"), "ann@example.com");
  const auto& chats = doc.at("chats").as_array();
  ASSERT_EQ(chats.size(), 2U);
  const auto& c = chats[0].as_object();
  EXPECT_EQ(c.at("kind"), "group");
  EXPECT_EQ(c.at("title"), "Book club «Σ»");
  EXPECT_EQ(c.at("participants").as_array().size(), 2U);
  const auto& ms = c.at("messages").as_array();
  ASSERT_EQ(ms.size(), 3U);

  const auto& m1 = ms[0].as_object();
  EXPECT_EQ(m1.at("seq"), 1);
  EXPECT_EQ(m1.at("content"), "final text ✓");
  EXPECT_EQ(m1.at("clientMessageId"), "client-1");
  EXPECT_EQ(m1.at("edited").at("count"), 2);
  EXPECT_EQ(m1.at("edited").at("versions").as_array().size(), 2U);
  EXPECT_EQ(m1.at("edited").at("versions").as_array()[0].at("content"), "first");
  EXPECT_EQ(m1.at("pinned").at("by"), "u2");
  EXPECT_EQ(m1.at("reactions").as_array()[0].at("users"), (json::array{"u2", "u1"}));
  EXPECT_EQ(m1.at("reactions").as_array()[0].at("count"), 2);
  EXPECT_EQ(m1.at("mentions").at("users"), json::array{"u2"});

  const auto& m2 = ms[1].as_object();
  EXPECT_EQ(m2.at("deleted").at("by"), "u1");
  EXPECT_EQ(m2.at("replyToId"), "m1");
  EXPECT_EQ(m2.at("quote"), "final");
  EXPECT_EQ(m2.at("threadRootId"), "m1");
  EXPECT_EQ(m2.at("alsoToChat"), true);
  EXPECT_FALSE(m2.contains("edited"));
  EXPECT_FALSE(m2.contains("reactions"));

  const auto& m3 = ms[2].as_object();
  EXPECT_EQ(m3.at("kind"), "system");
  EXPECT_EQ(m3.at("system").at("type"), "member_added");  // an object, not a string
  EXPECT_EQ(m3.at("forwarded").at("originalSenderId"), "u7");
  EXPECT_EQ(m3.at("attachments").as_array()[0].at("name"), "a.png");
  EXPECT_EQ(m3.at("reactions").as_array()[0].at("count"), 3);  // counts only when users are not given

  EXPECT_TRUE(chats[1].at("messages").as_array().empty());
}

TEST(ExportJson, MisuseIsRefused) {
  std::string out;
  ExportJsonWriter w([&](std::string_view s) { out += s; }, {"u1", "Ann", "a@x"}, 1);
  const auto m = message(1, "x");
  EXPECT_THROW(w.message({&m, {}, {}}), std::logic_error);
  EXPECT_THROW(w.end_chat(), std::logic_error);
  store::Chat chat;
  chat.id = "c";
  w.begin_chat({&chat, {}});
  EXPECT_THROW(w.begin_chat({&chat, {}}), std::logic_error);
  EXPECT_THROW(w.finish(), std::logic_error);
  w.end_chat();
  w.finish();
  EXPECT_THROW(w.finish(), std::logic_error);
  EXPECT_NO_THROW((void)json::parse(out));
}

}  // namespace
}  // namespace parley::chat
