// The conformance suite, part 14: custom emoji (store/emoji.hpp): adding within a scope's limit,
// a shortcode once per scope, listing without images, the image by id, removing.
#include "store/store_conformance.hpp"

#include <string>
#include <vector>

namespace parley::store::conformance {
namespace {

CustomEmoji emoji(std::uint64_t n, std::string scope, std::string shortcode, const User& by) {
  CustomEmoji e;
  e.id = uuid(n);
  e.scope = std::move(scope);
  e.shortcode = std::move(shortcode);
  e.mime = "image/webp";
  e.image = std::string("RIFF\0\0\0\0WEBP", 12) + std::string(1, static_cast<char>(n)) + std::string("\xff\0\x80", 3);
  e.created_by = by.id;
  e.created_at = kT0 + static_cast<TimeMs>(n);
  return e;
}

}  // namespace

TEST_P(StoreConformance, CustomEmojiAreKeptPerScopeWithTheirImages) {
  add_cast();
  const CustomEmoji party = emoji(50, "", "party", alice_);
  const CustomEmoji added = must(store().add_emoji(party, 3), "add_emoji");
  EXPECT_EQ(added.id, party.id);
  EXPECT_TRUE(added.image.empty());
  must(store().add_emoji(emoji(51, "", "cat", alice_), 3), "add_emoji");
  // The same shortcode: taken in the server's set, free in a group's.
  EXPECT_EQ(error_of(store().add_emoji(emoji(52, "", "party", bob_), 3)), Errc::kConflict);
  must(store().add_emoji(emoji(53, chat_.id, "party", bob_), 3), "add_emoji");

  const auto server = must(store().emoji_in(""), "emoji_in");
  ASSERT_EQ(server.size(), 2U);
  EXPECT_EQ(server[0].shortcode, "cat");  // by shortcode
  EXPECT_EQ(server[1].shortcode, "party");
  EXPECT_TRUE(server[1].image.empty());
  EXPECT_EQ(server[1].created_by, alice_.id);
  EXPECT_EQ(must(store().emoji_in(chat_.id), "emoji_in").size(), 1U);

  // The image comes back byte for byte (NULs and high bytes included).
  const CustomEmoji image = must(store().emoji_image(party.id), "emoji_image");
  EXPECT_EQ(image.image, party.image);
  EXPECT_EQ(image.mime, "image/webp");
  EXPECT_EQ(error_of(store().emoji_image(uuid(99))), Errc::kNotFound);

  EXPECT_TRUE(must(store().has_emoji("", "party"), "has_emoji"));
  EXPECT_FALSE(must(store().has_emoji("", "dog"), "has_emoji"));

  // The limit per scope.
  must(store().add_emoji(emoji(54, "", "dog", alice_), 3), "add_emoji");
  EXPECT_EQ(error_of(store().add_emoji(emoji(55, "", "owl", alice_), 3)), Errc::kLimit);

  // Removing frees the shortcode.
  EXPECT_EQ(must(store().remove_emoji("", "party"), "remove_emoji").id, party.id);
  EXPECT_EQ(error_of(store().remove_emoji("", "party")), Errc::kNotFound);
  EXPECT_FALSE(must(store().has_emoji("", "party"), "has_emoji"));
  EXPECT_EQ(error_of(store().emoji_image(party.id)), Errc::kNotFound);
  must(store().add_emoji(emoji(56, "", "party", bob_), 3), "add_emoji");
}

}  // namespace parley::store::conformance
