// Files: uploads in parts and their limits, processing into a file, who may attach and read a
// file, signed links and their expiry, and the blobs removed with the last message.
#include "blob/blob_store.hpp"
#include "chat/files/file_fixture.hpp"
#include "chat/files/file_wire.hpp"
#include "chat/wire.hpp"
#include "media/test_images.hpp"

#include <boost/json/parse.hpp>

namespace parley::chat {
namespace {

namespace json = boost::json;

TEST_F(FileTest, UploadsAreKeptInPartsAndResumeFromTheLastOneKept) {
  std::string bytes(FileService::kPartBytes + 1000, 'x');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7);
  auto u = files().create_upload(alice_, NewUpload{bytes.size(), "../../etc/data.bin", "", false});
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->name, "data.bin");  // the path is not the name
  EXPECT_EQ(u->mime, "application/octet-stream");
  {
    // A request cut off after a part and a half: the whole part is kept, and so is the half.
    auto w = files().write_upload(alice_, u->id, 0, bytes.size());
    ASSERT_TRUE(w);
    ASSERT_TRUE((*w)->write(std::string_view(bytes).substr(0, FileService::kPartBytes + 500)));
    (*w)->abort();
  }
  auto state = files().upload(alice_, u->id);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->offset, FileService::kPartBytes + 500);
  EXPECT_EQ(files().write_upload(alice_, u->id, 0, 10).error().code, Errc::kOffsetMismatch);
  EXPECT_EQ(files().upload(bob_, u->id).error().code, Errc::kNotFound);
  EXPECT_EQ(files().write_upload(alice_, u->id, state->offset, 501).error().code, Errc::kPayloadTooLarge);
  auto w = files().write_upload(alice_, u->id, state->offset, 500);
  ASSERT_TRUE(w);
  ASSERT_TRUE((*w)->write(std::string_view(bytes).substr(state->offset)));
  ASSERT_TRUE((*w)->finish());
  auto file = files().file(alice_, u->id);
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->size, bytes.size());
  EXPECT_EQ(file->kind, "file");
  ASSERT_FALSE(file->blobs.empty());
  auto stored = blob::read_all(*blobs_, file->blobs[0].blob_id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(*stored, bytes);
  // The parts went with the upload.
  auto garbage = store_->blob_garbage(10);
  ASSERT_TRUE(garbage);
  EXPECT_TRUE(garbage->empty());
}

TEST_F(FileTest, LimitsAreCheckedWhenAnUploadStarts) {
  EXPECT_EQ(files().create_upload(alice_, NewUpload{21ULL << 20, "a", "", false}).error().code, Errc::kFileTooLarge);
  EXPECT_EQ(files().create_upload(alice_, NewUpload{0, "a", "", false}).error().code, Errc::kInvalidInput);
  EXPECT_EQ(files().create_upload(alice_, NewUpload{1, "", "", false}).error().code, Errc::kInvalidInput);
  EXPECT_EQ(files().create_upload(alice_, NewUpload{1, std::string(300, 'a'), "", false}).error().code,
            Errc::kInvalidInput);
  ASSERT_TRUE(files().create_upload(alice_, NewUpload{15ULL << 20, "a", "", false}));
  EXPECT_EQ(files().create_upload(alice_, NewUpload{16ULL << 20, "b", "", false}).error().code, Errc::kQuotaExceeded);
  ASSERT_TRUE(files().create_upload(alice_, NewUpload{1, "c", "", false}));
  ASSERT_TRUE(files().create_upload(alice_, NewUpload{1, "d", "", false}));
  EXPECT_EQ(files().create_upload(alice_, NewUpload{1, "e", "", false}).error().code, Errc::kTooManyUploads);
  ASSERT_TRUE(files().create_upload(bob_, NewUpload{1, "e", "", false}));  // per user
}

TEST_F(FileTest, ImagesGetThumbnailsAndMessagesCarryTheirOwnersFiles) {
  const std::string image = upload(alice_, media::testing::png(1600, 900), "photo.png");
  const std::string doc = upload(alice_, "plain words", "notes.txt");
  auto f = files().file(alice_, image);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, "image");
  auto a = attachment_value(*f).as_object();
  EXPECT_EQ(a.at("width").as_int64(), 1600);
  EXPECT_TRUE(a.at("thumbnail").as_bool());
  EXPECT_TRUE(a.at("display").as_bool());

  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  ASSERT_TRUE(chat) << chat.error().message;
  SendRequest r{chat->id, "", std::nullopt, {}, {image, doc}};
  EXPECT_EQ(service_->messages.send_messages(bob_, {r})[0].error().code, Errc::kNotFound);  // not Bob's
  SendRequest three{chat->id, "", std::nullopt, {}, {image, doc, image}};
  EXPECT_EQ(service_->messages.send_messages(alice_, {three})[0].error().code, Errc::kInvalidInput);
  auto sent = service_->messages.send_messages(alice_, {r})[0];
  ASSERT_TRUE(sent) << sent.error().message;
  ASSERT_TRUE(sent->message.attachments);
  const auto wire = message_json(sent->message);
  EXPECT_EQ(wire.at("content").as_string(), "📎 2 files");
  EXPECT_EQ(wire.at("caption").as_string(), "");
  EXPECT_EQ(wire.at("attachments").as_array().size(), 2U);
  // Bob may read them now, Eve may not.
  EXPECT_TRUE(files().file(bob_, image));
  EXPECT_EQ(files().file(eve_, image).error().code, Errc::kForbidden);
  std::vector<std::string> denied;
  auto links = files().links(eve_, {image}, denied);
  ASSERT_TRUE(links);
  EXPECT_TRUE(links->empty());
  EXPECT_EQ(denied, std::vector<std::string>{image});
}

TEST_F(FileTest, LinksAreSignedForOneUserFileAndVersionAndExpire) {
  const std::string image = upload(alice_, media::testing::png(64, 64), "dot.png");
  std::vector<std::string> denied;
  auto links = files().links(alice_, {image}, denied);
  ASSERT_TRUE(links);
  ASSERT_EQ(links->size(), 1U);
  const auto& l = links->front();
  ASSERT_TRUE(l.thumbnail);
  EXPECT_FALSE(l.display);  // small: the original is shown
  // Take the link apart: /api/v1/files/<id>/<variant>?expires=..&user=..&sig=..
  const auto param = [&](const std::string& url, const std::string& key) {
    const auto at = url.find(key + "=");
    const auto end = url.find('&', at);
    return url.substr(at + key.size() + 1, end == std::string::npos ? std::string::npos : end - at - key.size() - 1);
  };
  const auto expires = std::stoll(param(l.url, "expires"));
  const auto sig = param(l.url, "sig");
  EXPECT_GE(expires, clock_.now_ms() + service_->options().file_link_ms / 2);
  EXPECT_TRUE(files().download(image, "original", expires, alice_, sig));
  EXPECT_EQ(files().download(image, "original", expires, bob_, sig).error().code, Errc::kForbidden);
  EXPECT_EQ(files().download(image, "thumbnail", expires, alice_, sig).error().code, Errc::kForbidden);
  EXPECT_EQ(files().download(image, "original", expires + 1, alice_, sig).error().code, Errc::kForbidden);
  clock_.advance(expires - clock_.now_ms());
  EXPECT_EQ(files().download(image, "original", expires, alice_, sig).error().code, Errc::kForbidden);
}

TEST_F(FileTest, UnsentFilesAndTheirBlobsAreSweptAfterTheExpiry) {
  const std::string doc = upload(alice_, "some bytes", "a.txt");
  auto f = files().file(alice_, doc);
  ASSERT_TRUE(f);
  const auto blob_id = f->blobs[0].blob_id;
  ASSERT_TRUE(blobs_->size_of(blob_id));
  auto swept = files().sweep();
  ASSERT_TRUE(swept);
  EXPECT_TRUE(files().file(alice_, doc));  // not yet
  clock_.advance(service_->options().upload_expiry_ms + 1);
  swept = files().sweep();
  ASSERT_TRUE(swept);
  EXPECT_EQ(*swept, 2U);  // the file and its blob
  EXPECT_EQ(files().file(alice_, doc).error().code, Errc::kNotFound);
  EXPECT_EQ(blobs_->size_of(blob_id).error(), blob::Errc::kNotFound);
}

}  // namespace
}  // namespace parley::chat
