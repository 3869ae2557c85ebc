// The conformance suite, part 18: settings documents (store/settings.hpp): none until written,
// versions that rise by one, a write over a version that is not the stored one refused, the
// chats' documents beside the global one, and files a document uses kept from the sweep.
#include "store/settings.hpp"
#include "store/store_conformance.hpp"

#include <string>
#include <vector>

namespace parley::store::conformance {

TEST_P(StoreConformance, SettingsDocumentsAreVersionedAndWrittenOnlyOverTheVersionRead) {
  add_cast();
  SettingsStore& settings = store().settings();
  const auto none = must(settings.settings_document(alice_.id, ""), "settings_document");
  EXPECT_EQ(none.version, 0);
  EXPECT_EQ(none.document, "{}");
  EXPECT_EQ(error_of(settings.settings_document(uuid(999), "")), Errc::kNotFound);
  EXPECT_EQ(error_of(settings.put_settings(uuid(999), "", 0, "{}", {}, kT0)), Errc::kNotFound);

  const auto first = must(settings.put_settings(alice_.id, "", 0, R"({"a":1})", {}, kT0 + 1), "put_settings");
  EXPECT_EQ(first.version, 1);
  EXPECT_EQ(first.updated_at, kT0 + 1);
  // A second writer that read version 0 too comes second: refused, the first stays.
  EXPECT_EQ(error_of(settings.put_settings(alice_.id, "", 0, R"({"a":2})", {}, kT0 + 2)), Errc::kConflict);
  const auto second = must(settings.put_settings(alice_.id, "", 1, R"({"a":3})", {}, kT0 + 3), "put_settings");
  EXPECT_EQ(second.version, 2);
  EXPECT_EQ(error_of(settings.put_settings(alice_.id, "", 5, R"({"a":4})", {}, kT0 + 4)), Errc::kConflict);
  const auto read = must(settings.settings_document(alice_.id, ""), "settings_document");
  EXPECT_EQ(read.version, 2);
  EXPECT_EQ(read.document, R"({"a":3})");
  EXPECT_EQ(read.updated_at, kT0 + 3);
  // Bob's are his own.
  EXPECT_EQ(must(settings.settings_document(bob_.id, ""), "settings_document").version, 0);
}

TEST_P(StoreConformance, SettingsOfChatsComeAfterTheGlobalDocument) {
  add_cast();
  SettingsStore& settings = store().settings();
  // Nothing written: the global document alone, never written.
  auto all = must(settings.settings_documents(alice_.id), "settings_documents");
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(all[0].scope, "");
  EXPECT_EQ(all[0].version, 0);

  const std::string later = uuid(900), earlier = uuid(800);
  must(settings.put_settings(alice_.id, later, 0, R"({"b":1})", {}, kT0), "put_settings");
  must(settings.put_settings(alice_.id, earlier, 0, R"({"b":2})", {}, kT0), "put_settings");
  all = must(settings.settings_documents(alice_.id), "settings_documents");
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[0].scope, "");
  EXPECT_EQ(all[0].version, 0);
  EXPECT_EQ(all[1].scope, earlier);
  EXPECT_EQ(all[2].scope, later);
  EXPECT_EQ(all[2].document, R"({"b":1})");

  must(settings.put_settings(alice_.id, "", 0, R"({"c":1})", {}, kT0), "put_settings");
  all = must(settings.settings_documents(alice_.id), "settings_documents");
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[0].version, 1);
  EXPECT_EQ(all[0].document, R"({"c":1})");
  EXPECT_EQ(error_of(settings.settings_documents(uuid(999))), Errc::kNotFound);
}

TEST_P(StoreConformance, AFileASettingsDocumentUsesIsKeptFromTheSweep) {
  add_cast();
  const Upload mine = upload_of(next_id(), alice_, 5);
  const Upload bobs = upload_of(next_id(), bob_, 5);
  for (const auto* u : {&mine, &bobs}) {
    must(store().create_upload(*u), "create_upload");
    must(store().finish_upload(file_of(*u, u == &mine ? 500 : 501, 5), kT0 + 1), "finish_upload");
  }
  // Alice names both; only her own is kept.
  must(store().settings().put_settings(alice_.id, "", 0, "{}", {mine.id, bobs.id}, kT0 + 2), "put_settings");
  EXPECT_TRUE(must(store().file(mine.id), "file").attached);
  EXPECT_FALSE(must(store().file(bobs.id), "file").attached);
  must(store().expire_files(kT0 + 10, kT0 + 10, 100), "expire_files");
  EXPECT_TRUE(must(store().file(mine.id), "file").attached);
  EXPECT_EQ(error_of(store().file(bobs.id)), Errc::kNotFound);
}

}  // namespace parley::store::conformance
