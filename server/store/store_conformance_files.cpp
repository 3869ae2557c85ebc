// The conformance suite, part 15: files (store/files.hpp): uploads and their parts, finishing
// into a file, blobs kept once by content and released with their last file, who may read a
// file, a message's files and their release when it is deleted for everyone, expiry, usage.
#include "store/store_conformance.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace parley::store::conformance {

// A blob id (32 hex digits) and a SHA-256 (64) made from a number.
std::string blob_id(int n) {
  std::string s = std::to_string(n);
  return std::string(32 - s.size(), 'b') + s;
}
std::string sha(int n) {
  std::string s = std::to_string(n);
  return std::string(64 - s.size(), 'a') + s;
}

Upload upload_of(const std::string& id, const User& owner, std::uint64_t length, TimeMs expires_at) {
  Upload u;
  u.id = id;
  u.owner_id = owner.id;
  u.length = length;
  u.name = "report.pdf";
  u.mime = "application/pdf";
  u.created_at = kT0;
  u.expires_at = expires_at;
  return u;
}

StoredFile file_of(const Upload& u, int content, std::uint64_t size) {
  StoredFile f;
  f.id = u.id;
  f.owner_id = u.owner_id;
  f.name = u.name;
  f.kind = "file";
  f.mime = "application/pdf";
  f.size = size;
  f.attachment = R"({"id":")" + u.id + R"(","kind":"file"})";
  f.created_at = kT0 + 1;
  f.blobs.push_back(FileBlob{"original", blob_id(content), sha(content), "application/pdf", size});
  return f;
}

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_P(StoreConformance, UploadsKeepTheirPartsInOrderAndRefuseWrongOffsets) {
  add_cast();
  const std::string id = next_id();
  must(store().create_upload(upload_of(id, alice_, 10)), "create_upload");
  Upload u = must(store().upload(id), "upload");
  EXPECT_EQ(u.offset, 0U);
  EXPECT_EQ(u.length, 10U);
  EXPECT_EQ(u.owner_id, alice_.id);
  EXPECT_EQ(u.name, "report.pdf");

  EXPECT_EQ(must(store().add_upload_part(id, 0, UploadPart{blob_id(1), 4}, kT0), "part"), 4U);
  // Another request that started at offset 0 too comes second: refused.
  EXPECT_EQ(error_of(store().add_upload_part(id, 0, UploadPart{blob_id(2), 4}, kT0)), Errc::kConflict);
  // A part that would pass the declared length.
  EXPECT_EQ(error_of(store().add_upload_part(id, 4, UploadPart{blob_id(3), 7}, kT0)), Errc::kInvalid);
  EXPECT_EQ(must(store().add_upload_part(id, 4, UploadPart{blob_id(4), 6}, kT0), "part"), 10U);
  EXPECT_EQ(error_of(store().add_upload_part(next_id(), 0, UploadPart{blob_id(5), 1}, kT0)), Errc::kNotFound);

  u = must(store().upload(id), "upload");
  EXPECT_EQ(u.offset, 10U);
  ASSERT_EQ(u.parts.size(), 2U);
  EXPECT_EQ(u.parts[0].blob_id, blob_id(1));
  EXPECT_EQ(u.parts[1].blob_id, blob_id(4));

  const auto usage = must(store().file_usage(alice_.id), "file_usage");
  EXPECT_EQ(usage.uploads, 1U);
  EXPECT_EQ(usage.bytes, 10U);

  // Removing an upload sends its parts to the garbage.
  must(store().remove_upload(id, kT0 + 2), "remove_upload");
  EXPECT_EQ(error_of(store().upload(id)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().remove_upload(id, kT0 + 2)), Errc::kNotFound);
  const auto garbage = must(store().blob_garbage(10), "blob_garbage");
  EXPECT_TRUE(contains(garbage, blob_id(1)));
  EXPECT_TRUE(contains(garbage, blob_id(4)));
  must(store().forget_blobs(garbage), "forget_blobs");
  EXPECT_TRUE(must(store().blob_garbage(10), "blob_garbage").empty());
  EXPECT_EQ(must(store().file_usage(alice_.id), "file_usage").uploads, 0U);
}

TEST_P(StoreConformance, FinishedUploadsBecomeFilesWhoseBlobsAreKeptOnceByContent) {
  add_cast();
  const Upload a = upload_of(next_id(), alice_, 3);
  const Upload b = upload_of(next_id(), bob_, 3);
  for (const auto& u : {a, b}) {
    must(store().create_upload(u), "create_upload");
    must(store().add_upload_part(u.id, 0, UploadPart{blob_id(u.owner_id == alice_.id ? 10 : 11), 3}, kT0), "part");
  }
  StoredFile fa = file_of(a, 100, 3);
  fa.blobs.push_back(FileBlob{"thumbnail", blob_id(101), sha(101), "image/webp", 1});
  const StoredFile stored_a = must(store().finish_upload(fa, kT0 + 1), "finish_upload");
  EXPECT_EQ(stored_a.blobs[0].blob_id, blob_id(100));
  EXPECT_EQ(error_of(store().upload(a.id)), Errc::kNotFound);  // the upload became the file
  // Bob uploads the same bytes: his file shares Alice's blob, and his new blob is garbage.
  const StoredFile fb = file_of(b, 100, 3);
  auto fb_new = fb;
  fb_new.blobs[0].blob_id = blob_id(200);
  const StoredFile stored_b = must(store().finish_upload(fb_new, kT0 + 1), "finish_upload");
  EXPECT_EQ(stored_b.blobs[0].blob_id, blob_id(100));
  auto garbage = must(store().blob_garbage(10), "blob_garbage");
  EXPECT_TRUE(contains(garbage, blob_id(10)));   // a's part
  EXPECT_TRUE(contains(garbage, blob_id(11)));   // b's part
  EXPECT_TRUE(contains(garbage, blob_id(200)));  // b's copy of the same bytes
  EXPECT_FALSE(contains(garbage, blob_id(100)));
  must(store().forget_blobs(garbage), "forget_blobs");
  EXPECT_EQ(error_of(store().finish_upload(fb, kT0 + 1)), Errc::kNotFound);  // no upload any more

  const StoredFile read = must(store().file(a.id), "file");
  EXPECT_EQ(read.owner_id, alice_.id);
  EXPECT_EQ(read.kind, "file");
  EXPECT_EQ(read.size, 3U);
  EXPECT_FALSE(read.attached);
  ASSERT_EQ(read.blobs.size(), 2U);
  EXPECT_EQ(read.blobs[0].variant, "original");
  EXPECT_EQ(read.blobs[0].sha256, sha(100));
  EXPECT_EQ(read.blobs[1].variant, "thumbnail");
  EXPECT_EQ(read.blobs[1].mime, "image/webp");
  EXPECT_NE(read.attachment.find(a.id), std::string::npos);
  EXPECT_EQ(error_of(store().file(next_id())), Errc::kNotFound);
  EXPECT_EQ(must(store().file_usage(alice_.id), "file_usage").bytes, 3U);

  // Never attached: both expire; the shared blob goes with the second.
  EXPECT_EQ(must(store().expire_files(kT0, kT0 + 2, 1), "expire_files"), 1U);
  EXPECT_TRUE(must(store().blob_garbage(10), "blob_garbage").size() == 1U);  // a's thumbnail
  EXPECT_EQ(must(store().expire_files(kT0, kT0 + 2, 10), "expire_files"), 1U);
  garbage = must(store().blob_garbage(10), "blob_garbage");
  EXPECT_TRUE(contains(garbage, blob_id(100)));
  EXPECT_EQ(error_of(store().file(a.id)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().file(b.id)), Errc::kNotFound);
}

TEST_P(StoreConformance, MessagesHoldFilesWhichOnlyTheirChatsMayReadAndWhichGoWithTheLastMessage) {
  add_cast();
  const Upload u = upload_of(next_id(), alice_, 5);
  must(store().create_upload(u), "create_upload");
  must(store().finish_upload(file_of(u, 300, 5), kT0 + 1), "finish_upload");
  // Before it is sent, only its owner may read it.
  EXPECT_EQ(must(store().readable_files(alice_.id, {u.id}), "readable").size(), 1U);
  EXPECT_TRUE(must(store().readable_files(bob_.id, {u.id}), "readable").empty());

  const std::string attachments = "[" + must(store().file(u.id), "file").attachment + "]";
  NewMessage m = new_message(chat_, alice_, "");
  m.file_ids = {u.id};
  m.attachments = attachments;
  const Message sent = append_one(m).message;
  ASSERT_TRUE(sent.attachments.has_value());
  EXPECT_EQ(*sent.attachments, attachments);
  const auto history = all_messages(store(), chat_.id);
  ASSERT_EQ(history.size(), 1U);
  ASSERT_TRUE(history[0].attachments.has_value());
  EXPECT_NE(history[0].attachments->find(u.id), std::string::npos);
  EXPECT_TRUE(must(store().file(u.id), "file").attached);

  // Bob, in the chat, may read it now; Carol, outside it, may not; unknown ids are left out.
  EXPECT_EQ(must(store().readable_files(bob_.id, {next_id(), u.id}), "readable").size(), 1U);
  EXPECT_TRUE(must(store().readable_files(carol_.id, {u.id}), "readable").empty());
  // Attached files do not expire.
  EXPECT_EQ(must(store().expire_files(kT0 + 10'000, kT0 + 10'000, 10), "expire_files"), 0U);

  // Forwarded to a chat with Carol: she may read it; deleting the first message keeps the file.
  const Chat with_carol = add_chat(alice_, carol_);
  NewMessage fwd = new_message(with_carol, alice_, "");
  fwd.file_ids = {u.id};
  fwd.attachments = attachments;
  fwd.forwarded_from_id = sent.id;
  const Message forwarded = append_one(fwd).message;
  EXPECT_EQ(must(store().readable_files(carol_.id, {u.id}), "readable").size(), 1U);
  const auto deleted = must(store().delete_messages(chat_.id, {sent.id}, alice_.id, kT0 + 5), "delete");
  EXPECT_FALSE(deleted[0].attachments.has_value());
  EXPECT_FALSE(all_messages(store(), chat_.id)[0].attachments.has_value());
  EXPECT_TRUE(must(store().file(u.id), "file").attached);
  EXPECT_TRUE(must(store().blob_garbage(10), "blob_garbage").empty());
  // Its last message deleted for everyone: the file and its blob go.
  must(store().delete_messages(with_carol.id, {forwarded.id}, alice_.id, kT0 + 6), "delete");
  EXPECT_EQ(error_of(store().file(u.id)), Errc::kNotFound);
  EXPECT_TRUE(contains(must(store().blob_garbage(10), "blob_garbage"), blob_id(300)));
  EXPECT_EQ(must(store().file_usage(alice_.id), "file_usage").bytes, 0U);
}

TEST_P(StoreConformance, AMemberWhoDoesNotSeeAGroupsEarlierMessagesDoesNotReadTheirFiles) {
  add_cast();
  GroupEdited g = must(store().create_group(new_group({alice_, bob_}, "Files")), "create_group");
  const Upload u = upload_of(next_id(), alice_, 5);
  must(store().create_upload(u), "create_upload");
  const StoredFile f = must(store().finish_upload(file_of(u, 400, 5), kT0 + 1), "finish_upload");
  NewMessage m = new_message(g.chat, alice_, "");
  m.recipients.clear();
  m.file_ids = {u.id};
  m.attachments = "[" + f.attachment + "]";
  append_one(m);
  // Carol joins with the history hidden: she sees from her joining on.
  g = add_hiding_history(g, alice_, carol_, kT0 + 10);
  EXPECT_TRUE(must(store().readable_files(carol_.id, {u.id}), "readable").empty());
  EXPECT_EQ(must(store().readable_files(bob_.id, {u.id}), "readable").size(), 1U);
  // Sent again after she joined: she reads it.
  NewMessage again = new_message(g.chat, alice_, "");
  again.recipients.clear();
  again.file_ids = {u.id};
  again.attachments = m.attachments;
  append_one(again);
  EXPECT_EQ(must(store().readable_files(carol_.id, {u.id}), "readable").size(), 1U);
}

TEST_P(StoreConformance, ExpiredUploadsAreRemovedWithTheirParts) {
  add_cast();
  const Upload old = upload_of(next_id(), alice_, 8, kT0 + 10);
  const Upload fresh = upload_of(next_id(), alice_, 8, kT0 + 1000);
  must(store().create_upload(old), "create_upload");
  must(store().create_upload(fresh), "create_upload");
  must(store().add_upload_part(old.id, 0, UploadPart{blob_id(7), 2}, kT0), "part");
  EXPECT_EQ(must(store().expire_files(kT0 + 10, kT0, 10), "expire_files"), 1U);
  EXPECT_EQ(error_of(store().upload(old.id)), Errc::kNotFound);
  EXPECT_EQ(must(store().upload(fresh.id), "upload").id, fresh.id);
  EXPECT_TRUE(contains(must(store().blob_garbage(10), "blob_garbage"), blob_id(7)));
}

}  // namespace parley::store::conformance
