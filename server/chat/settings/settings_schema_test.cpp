// The rules of settings documents: the merge patch, the members and values allowed, the ties
// between members, and the contrast ratio as WCAG computes it.
#include "chat/settings/settings_schema.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace parley::chat::settings {
namespace {

namespace json = boost::json;

json::object doc(std::string_view text) { return json::parse(text).as_object(); }

std::string refusal(std::string_view text, Scope scope = Scope::kGlobal) {
  auto r = check(doc(text), scope);
  if (r) return "";
  EXPECT_EQ(r.error().code, Errc::kInvalidInput);
  return r.error().message;
}

TEST(SettingsSchema, AMergePatchMergesObjectsRemovesNullsAndEmptiesAndReplacesTheRest) {
  const json::value target = json::parse(R"({"a": {"b": 1, "c": 2}, "d": [1, 2], "e": "x"})");
  EXPECT_EQ(merge_patch(target, json::parse(R"({"a": {"b": 5}})")),
            json::parse(R"({"a": {"b": 5, "c": 2}, "d": [1, 2], "e": "x"})"));
  EXPECT_EQ(merge_patch(target, json::parse(R"({"a": {"b": null, "c": null}, "d": [3], "e": null})")),
            json::parse(R"({"d": [3]})"));
  EXPECT_EQ(merge_patch(target, json::parse(R"({"f": {"g": {"h": true}}})")).at("f"),
            json::parse(R"({"g": {"h": true}})"));
  EXPECT_EQ(merge_patch(target, json::parse(R"({"a": null, "d": null, "e": null})")), json::object());
  EXPECT_EQ(merge_patch(target, json::value(nullptr)), json::value(nullptr));
  EXPECT_EQ(merge_patch(json::value(3), json::parse(R"({"a": 1})")), json::parse(R"({"a": 1})"));
}

TEST(SettingsSchema, EveryKnownSettingIsTakenWithAValueOfItsKind) {
  EXPECT_EQ(refusal(R"({})"), "");
  EXPECT_EQ(refusal(R"({"appearance": {"theme": "high-contrast", "accent": "#3F5BD9", "customBase": "dark",
      "scheme": "ocean-2", "fontSize": "xl", "density": "compact",
      "bubbles": {"own": "#1d4ed8", "ownText": "#ffffff", "other": "#f1f5f9", "otherText": "#0f172a"},
      "background": {"kind": "image", "fileId": "0190c0de-aaaa-7bbb-8ccc-123456789abc", "blur": 20, "dim": 0}},
    "chats": {"enterToSend": false, "timeFormat": "24h"},
    "sounds": {"muted": true, "volume": 100, "message": "pop", "mention": "none", "call": "ring"},
    "language": {"locale": "pt-BR"}})"),
            "");
  EXPECT_EQ(
      refusal(R"({"background": {"kind": "preset", "preset": "dunes"}, "sounds": {"message": "ding", "muted": false}})",
              Scope::kChat),
      "");
}

TEST(SettingsSchema, UnknownSettingsAndWrongValuesAreRefusedByTheirPath) {
  EXPECT_EQ(refusal(R"({"colour": "red"})"), "colour: is not a setting");
  EXPECT_EQ(refusal(R"({"appearance": {"theme": "sepia"}})"),
            "appearance.theme: must be one of system, light, dark, high-contrast, custom");
  EXPECT_EQ(refusal(R"({"appearance": {"accent": "red"}})"), "appearance.accent: must be a colour written #rrggbb");
  EXPECT_EQ(refusal(R"({"appearance": {"accent": "#12345g"}})"), "appearance.accent: must be a colour written #rrggbb");
  EXPECT_EQ(refusal(R"({"appearance": "dark"})"), "appearance: must be an object");
  EXPECT_EQ(refusal(R"({"sounds": {"volume": 101}})"), "sounds.volume: must be from 0 to 100");
  EXPECT_EQ(refusal(R"({"sounds": {"volume": -1}})"), "sounds.volume: must be from 0 to 100");
  EXPECT_EQ(refusal(R"({"sounds": {"volume": 18446744073709551615}})"), "sounds.volume: must be from 0 to 100");
  EXPECT_EQ(refusal(R"({"sounds": {"volume": 50.5}})"), "sounds.volume: must be a whole number");
  EXPECT_EQ(refusal(R"({"sounds": {"muted": "yes"}})"), "sounds.muted: must be true or false");
  EXPECT_EQ(refusal(R"({"sounds": {"message": "Pop!"}})"),
            "sounds.message: must be a name of 1 to 32 lowercase letters, digits and dashes");
  EXPECT_EQ(refusal(R"({"sounds": {"message": ""}})"),
            "sounds.message: must be a name of 1 to 32 lowercase letters, digits and dashes");
  EXPECT_EQ(refusal(R"({"language": {"locale": "english"}})"),
            "language.locale: must be auto or a language tag such as es or pt-BR");
  EXPECT_EQ(refusal(R"({"language": {"locale": "es-"}})"),
            "language.locale: must be auto or a language tag such as es or pt-BR");
  EXPECT_EQ(refusal(R"({"language": {"locale": "auto"}})"), "");
  // A chat's document has only what a chat overrides.
  EXPECT_EQ(refusal(R"({"appearance": {}})", Scope::kChat), "appearance: is not a setting");
  EXPECT_EQ(refusal(R"({"sounds": {"volume": 3}})", Scope::kChat), "sounds.volume: is not a setting");
}

TEST(SettingsSchema, ABackgroundHasWhatItsKindNeedsAndNothingElse) {
  EXPECT_EQ(refusal(R"({"appearance": {"background": {"preset": "dunes"}}})"),
            "appearance.background.kind: is needed: none, preset or image");
  EXPECT_EQ(refusal(R"({"appearance": {"background": {"kind": "preset"}}})"),
            "appearance.background.preset: is needed for a preset background");
  EXPECT_EQ(refusal(R"({"background": {"kind": "image", "blur": 3}})", Scope::kChat),
            "background.fileId: is needed for an image background");
  EXPECT_EQ(refusal(R"({"background": {"kind": "none", "preset": "dunes"}})", Scope::kChat),
            "background.preset: is only for a preset background");
  EXPECT_EQ(refusal(R"({"background": {"kind": "preset", "preset": "dunes", "dim": 3}})", Scope::kChat),
            "background: fileId, blur and dim are only for an image background");
  EXPECT_EQ(refusal(R"({"background": {"kind": "image", "fileId": "../etc"}})", Scope::kChat),
            "background.fileId: must be a file's id");
}

TEST(SettingsSchema, BubbleColoursComeTogetherAndTheirTextMustBeReadable) {
  EXPECT_EQ(refusal(R"({"appearance": {"bubbles": {"own": "#ffffff"}}})"),
            "appearance.bubbles: own, ownText, other and otherText are given together");
  // #777777 on white: 4.48:1, just under.
  EXPECT_EQ(refusal(R"({"appearance": {"bubbles": {"own": "#ffffff", "ownText": "#777777", "other": "#ffffff",
      "otherText": "#000000"}}})"),
            "appearance.bubbles: the text on your bubbles has a contrast of 4.4:1 with them; at least 4.5:1 is "
            "needed to read it");
  EXPECT_EQ(refusal(R"({"appearance": {"bubbles": {"own": "#ffffff", "ownText": "#767676", "other": "#ffff00",
      "otherText": "#ffffff"}}})"),
            "appearance.bubbles: the text on others' bubbles has a contrast of 1.0:1 with them; at least 4.5:1 is "
            "needed to read it");
  EXPECT_EQ(refusal(R"({"appearance": {"bubbles": {"own": "#FFFFFF", "ownText": "#767676", "other": "#000000",
      "otherText": "#ffffff"}}})"),
            "");
}

TEST(SettingsSchema, ContrastIsTheWcagRatio) {
  EXPECT_DOUBLE_EQ(contrast_ratio("#000000", "#ffffff"), 21.0);
  EXPECT_DOUBLE_EQ(contrast_ratio("#ffffff", "#000000"), 21.0);
  EXPECT_DOUBLE_EQ(contrast_ratio("#3f5bd9", "#3f5bd9"), 1.0);
  EXPECT_NEAR(contrast_ratio("#767676", "#ffffff"), 4.54, 0.01);
  EXPECT_NEAR(contrast_ratio("#777777", "#ffffff"), 4.48, 0.01);
  EXPECT_NEAR(contrast_ratio("#ff0000", "#ffffff"), 4.0, 0.01);
  EXPECT_DOUBLE_EQ(contrast_ratio("white", "#ffffff"), 1.0);
}

TEST(SettingsSchema, TheFilesOfADocumentAreItsBackgroundImage) {
  EXPECT_EQ(files_of(doc(R"({"appearance": {"background": {"kind": "image", "fileId": "f1"}}})")),
            std::vector<std::string>{"f1"});
  EXPECT_EQ(files_of(doc(R"({"background": {"kind": "image", "fileId": "f2"}})")), std::vector<std::string>{"f2"});
  EXPECT_TRUE(files_of(doc(R"({"background": {"kind": "preset", "preset": "a"}})")).empty());
  EXPECT_TRUE(files_of(doc(R"({})")).empty());
}

}  // namespace
}  // namespace parley::chat::settings
