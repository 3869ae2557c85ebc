#include "chat/settings/settings_service.hpp"

#include "chat/files/file_service.hpp"
#include "chat/settings/settings_schema.hpp"
#include "chat/store_errors.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace parley::chat {

namespace json = boost::json;

namespace {

// Writes that lost to another of the same person's (without a version asked for) try again.
constexpr int kAttempts = 4;

json::value parsed(const store::SettingsDocument& d) {
  boost::system::error_code ec;
  json::value v = json::parse(d.document, ec);
  if (ec || !v.is_object()) {
    spdlog::warn("settings: a stored document is not a JSON object; read as empty");
    return json::object();
  }
  return v;
}

util::Failure<Error> changed_meanwhile(std::int64_t version) {
  return fail(Errc::kConflict,
              "The settings changed meanwhile (they are at version " + std::to_string(version) + "); read them again");
}

}  // namespace

Result<void> SettingsService::may_use(const Actor& actor, std::string_view chat_id) {
  if (chat_id.empty()) return {};
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  return {};
}

Result<std::vector<store::SettingsDocument>> SettingsService::all(const Actor& actor) {
  auto documents = core_.store.settings().settings_documents(actor.user_id);
  if (!documents) return store_failure(documents.error(), "User");
  // The chats the person has left keep their documents, unseen (they come back on a return).
  std::erase_if(*documents, [&](const store::SettingsDocument& d) {
    return !d.scope.empty() && !core_.access.chat(actor.user_id, d.scope);
  });
  return std::move(*documents);
}

Result<store::SettingsDocument> SettingsService::get(const Actor& actor, std::string_view chat_id) {
  if (auto r = may_use(actor, chat_id); !r) return util::fail(r.error());
  auto document = core_.store.settings().settings_document(actor.user_id, chat_id);
  if (!document) return store_failure(document.error(), "User");
  return std::move(*document);
}

Result<store::SettingsDocument> SettingsService::change(const Actor& actor, std::string_view chat_id,
                                                        const json::value& patch, std::optional<std::int64_t> version) {
  if (!patch.is_object() && !patch.is_null()) {
    return fail(Errc::kInvalidInput, "settings must be an object of the settings to change, or null for the defaults");
  }
  if (auto r = may_use(actor, chat_id); !r) return util::fail(r.error());
  const auto scope = chat_id.empty() ? settings::Scope::kGlobal : settings::Scope::kChat;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    auto current = core_.store.settings().settings_document(actor.user_id, chat_id);
    if (!current) return store_failure(current.error(), "User");
    if (version && *version != current->version) return changed_meanwhile(current->version);
    const json::value before = parsed(*current);
    json::value after = settings::merge_patch(before, patch);
    if (!after.is_object()) after = json::object();
    if (auto r = settings::check(after.get_object(), scope); !r) return util::fail(r.error());
    if (after == before && current->version > 0) return std::move(*current);
    const std::string text = json::serialize(after);
    if (text.size() > kMaxDocumentBytes) {
      return fail(Errc::kPayloadTooLarge, "The settings would pass " + std::to_string(kMaxDocumentBytes) + " bytes");
    }
    // A new background image must be one of the person's own pictures.
    const auto files = settings::files_of(after.get_object());
    const auto had = settings::files_of(before.get_object());
    for (const auto& id : files) {
      if (std::find(had.begin(), had.end(), id) != had.end()) continue;
      auto file = files_.file(actor, id);
      if (!file || file->owner_id != actor.user_id) return fail(Errc::kNotFound, "No picture of yours with id " + id);
      if (file->kind != "image") return fail(Errc::kInvalidInput, "A background must be a picture");
    }
    auto stored =
        core_.store.settings().put_settings(actor.user_id, chat_id, current->version, text, files, core_.now());
    if (!stored) {
      if (stored.error() == store::Errc::kConflict) {
        if (version) return changed_meanwhile(*version + 1);
        continue;
      }
      return store_failure(stored.error(), "User");
    }
    core_.events.settings_changed(actor.user_id, *stored);
    return std::move(*stored);
  }
  return fail(Errc::kConflict, "The settings are changing too often at once; try again");
}

}  // namespace parley::chat
