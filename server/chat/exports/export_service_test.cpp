// Exports: the job writes what the person can read (their chats, a group's history from their
// joining, not what they deleted for themselves) in JSON and CSV, with progress announced; the
// rules of a request; removal stopping a job; signed links; the file removed at expiry.
#include "chat/exports/export_service.hpp"
#include "blob/blob_store.hpp"
#include "chat/exports/export_csv.hpp"
#include "chat/files/file_fixture.hpp"
#include "jobs/job_runner.hpp"
#include "store/job_store.hpp"
#include "util/query.hpp"

#include <boost/json.hpp>

namespace parley::chat {
namespace {

namespace json = boost::json;

class ExportTest : public FileTest {
 protected:
  void SetUp() override {
    FileTest::SetUp();
    service_.reset();
    runner_ = std::make_unique<jobs::JobRunner>(*store::jobs_of(*store_), workers_, clock_);
    ChatOptions o;
    o.messages_burst = 1000;
    service_ =
        std::make_unique<Services>(*store_, presence_, limiter_, events_, o, clock_, runner_.get(), blobs_.get());
  }
  void TearDown() override {
    runner_->stop();
    service_.reset();
    runner_.reset();
    FileTest::TearDown();
  }
  ExportService& exports() { return service_->exports; }

  void run_jobs() {
    while (runner_->poll_once() > 0) runner_->wait_idle();
    runner_->wait_idle();
  }
  store::Message send(const std::string& from, const std::string& chat_id, const std::string& text) {
    SendRequest request;
    request.chat_id = chat_id;
    request.content = text;
    auto r = service_->messages.send_messages(from, {request});
    EXPECT_TRUE(r.at(0)) << "send";
    return r.at(0)->message;
  }
  // Makes the export and returns its file.
  std::string made(const std::string& user, const ExportRequest& request) {
    auto e = exports().create(user, request);
    EXPECT_TRUE(e) << e.error().message;
    run_jobs();
    auto done = exports().get(user, e->id);
    EXPECT_TRUE(done);
    EXPECT_EQ(done->state, "done") << done->error.value_or("");
    if (!done->blob_id) return {};
    auto bytes = blob::read_all(*blobs_, *done->blob_id);
    EXPECT_TRUE(bytes);
    EXPECT_EQ(static_cast<std::int64_t>(bytes->size()), done->size);
    return *bytes;
  }
  static std::vector<std::string> contents(const json::object& chat) {
    std::vector<std::string> out;
    for (const auto& m : chat.at("messages").as_array()) out.emplace_back(m.at("content").as_string());
    return out;
  }

  util::WorkerPool workers_{"test-jobs", 2};
  std::unique_ptr<jobs::JobRunner> runner_;
};

TEST_F(ExportTest, TheJsonFileHoldsWhatThePersonCanReadWithEveryFeature) {
  const auto chat = *service_->conversations.open_private_chat(alice_, bob_);
  const auto hello = send(alice_, chat.id, "hello");
  const auto second = send(bob_, chat.id, "mine only");
  send(bob_, chat.id, "still there");
  ASSERT_TRUE(service_->lifecycle.edit(alice_, hello.id, "hello, Bob"));
  ASSERT_TRUE(service_->reactions.react(bob_, hello.id, "\xf0\x9f\x91\x8d", true));
  ASSERT_TRUE(service_->lifecycle.remove(alice_, chat.id, {second.id}, DeleteScope::kMe));
  // A chat alice is not in.
  const auto other = *service_->conversations.open_private_chat(bob_, eve_);
  send(bob_, other.id, "not for alice");

  const auto doc = json::parse(made(alice_, ExportRequest{})).as_object();
  EXPECT_EQ(doc.at("format"), "parley-export");
  EXPECT_EQ(doc.at("exportedBy").at("email"), "alice@example.com");
  const auto& chats = doc.at("chats").as_array();
  ASSERT_EQ(chats.size(), 1U);
  const auto& c = chats[0].as_object();
  EXPECT_EQ(c.at("id").as_string(), chat.id);
  EXPECT_EQ(c.at("participants").as_array().size(), 2U);
  EXPECT_EQ(contents(c), (std::vector<std::string>{"hello, Bob", "still there"}));  // deleted for her: left out
  const auto& first = c.at("messages").as_array()[0].as_object();
  const auto& versions = first.at("edited").at("versions").as_array();
  ASSERT_EQ(versions.size(), 1U);  // the earlier text; the current one is the content
  EXPECT_EQ(versions[0].at("content"), "hello");
  EXPECT_EQ(first.at("reactions").as_array()[0].at("users").as_array()[0].as_string(), bob_);

  // Bob's export has his message, and the other chat.
  const auto bobs = json::parse(made(bob_, ExportRequest{})).as_object();
  ASSERT_EQ(bobs.at("chats").as_array().size(), 2U);
  EXPECT_EQ(contents(bobs.at("chats").as_array()[0].as_object()).size(), 3U);

  // Progress was announced to its owner: queued, running, done.
  std::vector<std::string> states;
  for (const auto& e : events_.exports) {
    if (e.user_id == alice_) states.push_back(e.state);
  }
  ASSERT_GE(states.size(), 3U);
  EXPECT_EQ(states.front(), "queued");
  EXPECT_EQ(states.back(), "done");
}

TEST_F(ExportTest, AGroupIsExportedFromTheMembersJoiningUnlessTheyAdministerIt) {
  NewGroupRequest g;
  g.title = "Team";
  g.member_ids = {bob_};
  const auto group = *service_->groups.create(alice_, g);
  GroupSettingsPatch hide;
  hide.history_visible = false;
  ASSERT_TRUE(service_->groups.update_settings(alice_, group.id, hide));
  send(alice_, group.id, "before eve");
  ASSERT_TRUE(service_->groups.add_members(alice_, group.id, {eve_}));
  send(bob_, group.id, "after eve");

  ExportRequest one;
  one.chat_ids = {group.id};
  const auto eves = json::parse(made(eve_, one)).as_object();
  const auto& eve_chat = eves.at("chats").as_array()[0].as_object();
  EXPECT_EQ(eve_chat.at("title"), "Team");
  EXPECT_EQ(eve_chat.at("participants").as_array().size(), 3U);
  auto seen = contents(eve_chat);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "before eve"), 0);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "after eve"), 1);
  // The owner exports all of it.
  const auto alices = json::parse(made(alice_, one)).as_object();
  seen = contents(alices.at("chats").as_array()[0].as_object());
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "before eve"), 1);
}

TEST_F(ExportTest, TheCsvFileHasARowPerMessageInTheTimeAsked) {
  const auto chat = *service_->conversations.open_private_chat(alice_, bob_);
  clock_.set(1'000'000);
  send(alice_, chat.id, "too early");
  clock_.set(2'000'000);
  send(alice_, chat.id, "a \"quoted\", line\nand more");
  send(bob_, chat.id, "plain");
  clock_.set(3'000'000);
  send(bob_, chat.id, "too late");
  ExportRequest csv;
  csv.format = "csv";
  csv.from = 2'000'000;
  csv.to = 3'000'000;
  csv.byte_order_mark = true;
  const auto text = made(alice_, csv);
  ASSERT_TRUE(
      text.starts_with("\xef\xbb\xbf"
                       "chat_id,chat_title,message_id,seq,sent_at"));
  EXPECT_NE(text.find(R"("a ""quoted"", line)"
                      "\nand more\""),
            std::string::npos);
  EXPECT_NE(text.find(",plain,"), std::string::npos);
  EXPECT_EQ(text.find("too early"), std::string::npos);
  EXPECT_EQ(text.find("too late"), std::string::npos);
  EXPECT_NE(text.find("1970-01-01T00:33:20.000Z"), std::string::npos);  // sent_at in UTC
  EXPECT_EQ(csv_field("x,y"), "\"x,y\"");
  EXPECT_EQ(csv_field("plain"), "plain");
}

TEST_F(ExportTest, RequestsAreCheckedAndBelongToTheirOwner) {
  const auto chat = *service_->conversations.open_private_chat(alice_, bob_);
  ExportRequest bad;
  bad.format = "pdfx";
  EXPECT_EQ(exports().create(alice_, bad).error().code, Errc::kInvalidInput);
  ExportRequest twice;
  twice.chat_ids = {chat.id, chat.id};
  EXPECT_EQ(exports().create(alice_, twice).error().code, Errc::kInvalidInput);
  ExportRequest not_hers;
  not_hers.chat_ids = {chat.id};
  EXPECT_EQ(exports().create(eve_, not_hers).error().code, Errc::kForbidden);
  ExportRequest backwards;
  backwards.from = 10;
  backwards.to = 5;
  EXPECT_EQ(exports().create(alice_, backwards).error().code, Errc::kInvalidInput);

  const auto first = exports().create(alice_, ExportRequest{});
  ASSERT_TRUE(first);
  ASSERT_TRUE(exports().create(alice_, ExportRequest{}));
  EXPECT_EQ(exports().create(alice_, ExportRequest{}).error().code, Errc::kRateLimited);  // two at a time
  EXPECT_EQ(exports().get(bob_, first->id).error().code, Errc::kNotFound);
  EXPECT_EQ(exports().remove(bob_, first->id).error().code, Errc::kNotFound);
  EXPECT_FALSE(exports().link(*first));  // nothing to download yet

  // Removed before its job ran: the job gives up and keeps nothing.
  ASSERT_TRUE(exports().remove(alice_, first->id));
  run_jobs();
  const auto list = exports().list(alice_);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1U);
  EXPECT_EQ(list->at(0).state, "done");
}

TEST_F(ExportTest, LinksAreSignedForTheirExportAndTheFileGoesAtExpiry) {
  auto chat = *service_->conversations.open_private_chat(alice_, bob_);
  send(alice_, chat.id, "hello");
  auto e = exports().create(alice_, ExportRequest{});
  ASSERT_TRUE(e);
  run_jobs();
  auto done = *exports().get(alice_, e->id);
  const auto url = exports().link(done);
  ASSERT_TRUE(url);
  const auto target = util::parse_target(*url);
  EXPECT_EQ(target.path, "/api/v1/exports/" + e->id + "/download");
  const auto expires = std::stoll(target.query.at("expires"));
  const auto& sig = target.query.at("sig");
  auto file = exports().download(e->id, expires, alice_, sig);
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->content_type, "application/json");
  EXPECT_TRUE(file->file_name.starts_with("parley-export-"));
  EXPECT_EQ(exports().download(e->id, expires, bob_, sig).error().code, Errc::kForbidden);
  EXPECT_EQ(exports().download(e->id, expires + 1, alice_, sig).error().code, Errc::kForbidden);
  // A file's link does not open an export.
  EXPECT_EQ(exports().download(e->id, expires, alice_, files().sign(e->id, "original", expires, alice_)).error().code,
            Errc::kForbidden);

  clock_.set(*done.expires_at + 1);
  EXPECT_EQ(exports().download(e->id, expires, alice_, sig).error().code, Errc::kForbidden);  // expired
  run_jobs();
  EXPECT_EQ(exports().get(alice_, e->id).error().code, Errc::kNotFound);
  EXPECT_FALSE(blob::read_all(*blobs_, *done.blob_id));
}

}  // namespace
}  // namespace parley::chat
