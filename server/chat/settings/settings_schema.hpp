// The rules of settings documents (settings_service.hpp), and the merge patch that changes them.
// Pure; safe from any thread.
//
// The global document (every member optional; absent: the client's default):
//   appearance: theme (system | light | dark | high-contrast | custom), accent ("#rrggbb", the
//     custom theme's), customBase (light | dark | system), scheme (a preset's name, or custom),
//     bubbles {own, ownText, other, otherText} ("#rrggbb", all four; each text readable on its
//     bubble: a WCAG contrast of at least 4.5:1), fontSize (xs | s | m | l | xl), density
//     (comfortable | compact), background
//   chats: enterToSend (boolean), timeFormat (auto | 12h | 24h)
//   sounds: muted (boolean), volume (0 to 100), message, mention, call (a sound's name, or none)
//   language: locale (auto, or a BCP 47 tag)
// A chat's document: background; sounds {message (a name, or none), muted}.
// A background: {kind: none} | {kind: preset, preset: name} | {kind: image, fileId, blur (0 to
// 20), dim (0 to 80)}. Names (presets, sounds) are the client's: [a-z0-9-], 1 to 32 characters.
#pragma once

#include "chat/errors.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace parley::chat::settings {

enum class Scope { kGlobal, kChat };

inline constexpr double kMinTextContrast = 4.5;

// `target` changed by the RFC 7396 merge patch `patch`: members of an object patch merge in,
// null members remove; any other patch replaces the whole. Objects left empty are removed.
boost::json::value merge_patch(boost::json::value target, const boost::json::value& patch);

// invalid_input naming the first member that breaks a rule ("appearance.theme: ...").
Result<void> check(const boost::json::object& document, Scope scope);

// The WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21); 1 when either is not a colour.
double contrast_ratio(std::string_view a, std::string_view b);

// The files a document uses: its background image's.
std::vector<std::string> files_of(const boost::json::object& document);

}  // namespace parley::chat::settings
