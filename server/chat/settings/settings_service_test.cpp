// Settings that follow the person: changes merged into the stored document and announced to
// their devices, versions, the rules enforced, chats' documents only for their members, and a
// background picture only of the person's own.
#include "chat/files/file_fixture.hpp"
#include "chat/settings/settings_wire.hpp"
#include "media/test_images.hpp"

#include <boost/json/parse.hpp>

namespace parley::chat {
namespace {

namespace json = boost::json;

class SettingsTest : public FileTest {
 protected:
  SettingsService& settings() { return service_->settings; }
  store::SettingsDocument change(const std::string& user, std::string_view patch, std::string_view chat = "",
                                 std::optional<std::int64_t> version = std::nullopt) {
    auto r = settings().change(user, chat, json::parse(patch), version);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : store::SettingsDocument{};
  }
  Error refusal(const std::string& user, std::string_view patch, std::string_view chat = "",
                std::optional<std::int64_t> version = std::nullopt) {
    auto r = settings().change(user, chat, json::parse(patch), version);
    EXPECT_FALSE(r);
    return r ? Error{} : r.error();
  }
  static json::value settings_of(const store::SettingsDocument& d) { return settings_json(d).at("settings"); }
};

TEST_F(SettingsTest, ChangesMergeIntoTheDocumentWithTheNextVersionAndReachThePersonsDevices) {
  auto start = settings().get(alice_, "");
  ASSERT_TRUE(start);
  EXPECT_EQ(start->version, 0);
  EXPECT_EQ(settings_json(*start), json::parse(R"({"chatId": null, "version": 0, "settings": {}, "updatedAt": null})"));

  auto first = change(alice_, R"({"appearance": {"theme": "dark", "fontSize": "l"}})");
  EXPECT_EQ(first.version, 1);
  auto second = change(alice_, R"({"appearance": {"fontSize": null, "density": "compact"}, "sounds": {"volume": 40}})");
  EXPECT_EQ(second.version, 2);
  EXPECT_EQ(settings_of(second),
            json::parse(R"({"appearance": {"theme": "dark", "density": "compact"}, "sounds": {"volume": 40}})"));
  EXPECT_EQ(settings_json(second).at("updatedAt"), json::value(clock_.now_ms()));

  ASSERT_EQ(events_.settings.size(), 2U);
  EXPECT_EQ(events_.settings[1].first, alice_);
  EXPECT_EQ(events_.settings[1].second.version, 2);

  // Nothing changes: nothing written, nothing announced.
  EXPECT_EQ(change(alice_, R"({"sounds": {"volume": 40}})").version, 2);
  EXPECT_EQ(events_.settings.size(), 2U);

  // null: the defaults again.
  auto reset = change(alice_, "null");
  EXPECT_EQ(reset.version, 3);
  EXPECT_EQ(settings_of(reset), json::object());
  // Bob's are his own.
  EXPECT_EQ(settings().get(bob_, "")->version, 0);
}

TEST_F(SettingsTest, AChangeMadeOnAnOlderVersionIsRefused) {
  change(alice_, R"({"appearance": {"theme": "dark"}})", "", 0);
  auto e = refusal(alice_, R"({"appearance": {"theme": "light"}})", "", 0);
  EXPECT_EQ(e.code, Errc::kConflict);
  EXPECT_NE(e.message.find("version 1"), std::string::npos) << e.message;
  EXPECT_EQ(change(alice_, R"({"appearance": {"theme": "light"}})", "", 1).version, 2);
}

TEST_F(SettingsTest, ADocumentThatBreaksARuleIsRefusedAndNothingIsStored) {
  auto e = refusal(alice_, R"({"appearance": {"bubbles": {"own": "#ffffff", "ownText": "#eeeeee", "other": "#000000",
      "otherText": "#ffffff"}}})");
  EXPECT_EQ(e.code, Errc::kInvalidInput);
  EXPECT_NE(e.message.find("contrast of 1.1:1"), std::string::npos) << e.message;
  EXPECT_EQ(refusal(alice_, R"({"wallpaper": 1})").code, Errc::kInvalidInput);
  EXPECT_EQ(refusal(alice_, "[1, 2]").code, Errc::kInvalidInput);
  EXPECT_EQ(refusal(alice_, R"("dark")").code, Errc::kInvalidInput);
  EXPECT_EQ(settings().get(alice_, "")->version, 0);
  EXPECT_TRUE(events_.settings.empty());
}

TEST_F(SettingsTest, AChatsDocumentIsItsMembersAndListedWhileTheyAreIn) {
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  ASSERT_TRUE(chat);
  auto doc = change(alice_, R"({"background": {"kind": "preset", "preset": "dunes"}, "sounds": {"message": "pop"}})",
                    chat->id);
  EXPECT_EQ(doc.version, 1);
  EXPECT_EQ(settings_json(doc).at("chatId"), json::value(chat->id));
  EXPECT_EQ(refusal(eve_, R"({"sounds": {"muted": true}})", chat->id).code, Errc::kForbidden);
  EXPECT_EQ(settings().get(eve_, chat->id).error().code, Errc::kForbidden);
  EXPECT_EQ(refusal(alice_, R"({"appearance": {"theme": "dark"}})", chat->id).code, Errc::kInvalidInput);

  change(alice_, R"({"language": {"locale": "es"}})");
  auto all = settings().all(alice_);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2U);
  EXPECT_EQ((*all)[0].scope, "");
  EXPECT_EQ((*all)[0].version, 1);
  EXPECT_EQ((*all)[1].scope, chat->id);
  auto bobs = settings().all(bob_);
  ASSERT_TRUE(bobs);
  EXPECT_EQ(bobs->size(), 1U);
}

TEST_F(SettingsTest, ABackgroundPictureMustBeOneOfThePersonsOwn) {
  const std::string photo = upload(alice_, media::testing::png(320, 200), "photo.png");
  const std::string notes = upload(alice_, "plain words", "notes.txt");
  const std::string bobs = upload(bob_, media::testing::png(64, 64), "bob.png");
  const auto background = [](const std::string& id) {
    return R"({"appearance": {"background": {"kind": "image", "fileId": ")" + id + R"(", "blur": 8, "dim": 30}}})";
  };
  EXPECT_EQ(refusal(alice_, background(bobs)).code, Errc::kNotFound);
  EXPECT_EQ(refusal(alice_, background(notes)).code, Errc::kInvalidInput);
  EXPECT_EQ(refusal(alice_, background("0190c0de-aaaa-7bbb-8ccc-123456789abc")).code, Errc::kNotFound);
  auto set = change(alice_, background(photo));
  EXPECT_EQ(set.version, 1);
  // Kept: the sweep of files never sent leaves it.
  auto file = store_->file(photo);
  ASSERT_TRUE(file);
  EXPECT_TRUE(file->attached);
  clock_.advance(service_->options().upload_expiry_ms + 1);
  ASSERT_TRUE(service_->files.sweep());
  EXPECT_TRUE(store_->file(photo));
  EXPECT_FALSE(store_->file(notes));
  // Changing something else keeps the picture without asking again.
  EXPECT_EQ(change(alice_, R"({"appearance": {"background": {"dim": 10}}})").version, 2);
}

}  // namespace
}  // namespace parley::chat
