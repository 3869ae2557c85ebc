#include "chat/privacy/privacy_service.hpp"

#include "chat/store_errors.hpp"
#include "util/ids.hpp"

namespace parley::chat {
namespace {

std::optional<store::Audience> audience_of(std::string_view name) {
  if (name == "everybody") return store::Audience::kEverybody;
  if (name == "contacts") return store::Audience::kContacts;
  if (name == "nobody") return store::Audience::kNobody;
  return std::nullopt;
}

Result<void> check_ids(const std::vector<std::string>& ids, std::string_view field) {
  if (ids.size() > store::kMaxPrivacyExceptions) {
    return fail(Errc::kInvalidInput,
                std::string(field) + " holds at most " + std::to_string(store::kMaxPrivacyExceptions) + " users");
  }
  for (const auto& id : ids) {
    if (!util::is_uuid(id)) return fail(Errc::kInvalidInput, std::string(field) + " must be user ids");
  }
  return {};
}

}  // namespace

std::string_view audience_name(store::Audience a) {
  switch (a) {
    case store::Audience::kContacts:
      return "contacts";
    case store::Audience::kNobody:
      return "nobody";
    case store::Audience::kEverybody:
      break;
  }
  return "everybody";
}

Result<PrivacyView> PrivacyService::view_of(const store::Privacy& privacy) {
  PrivacyView view{privacy, {}, {}};
  for (auto* list : {&view.always, &view.never}) {
    const auto& ids = list == &view.always ? privacy.always : privacy.never;
    for (const auto& id : ids) {
      auto u = core_.store.user_by_id(id);
      if (!u) {
        if (u.error() == store::Errc::kNotFound) continue;
        return store_failure(u.error(), "User");
      }
      u->password_hash.clear();
      u->last_seen.reset();
      list->push_back(std::move(*u));
    }
  }
  return view;
}

Result<PrivacyView> PrivacyService::settings(const Actor& actor) {
  // From the store: in a cluster another instance may have changed them a moment ago.
  auto p = core_.store.privacy(actor.user_id);
  if (!p) return store_failure(p.error(), "User");
  return view_of(*p);
}

Result<PrivacyView> PrivacyService::change(const Actor& actor, const PrivacyChange& change) {
  // From the store, not the kept snapshot: a change made on another instance a moment ago is
  // not undone by this one.
  auto before = core_.store.privacy(actor.user_id);
  if (!before) return store_failure(before.error(), "User");
  store::Privacy next = *before;
  if (change.read_receipts) next.read_receipts = *change.read_receipts;
  if (change.typing) next.typing = *change.typing;
  if (change.last_seen) {
    auto a = audience_of(*change.last_seen);
    if (!a) return fail(Errc::kInvalidInput, "lastSeen must be everybody, contacts or nobody");
    next.last_seen = *a;
  }
  if (change.always) {
    if (auto r = check_ids(*change.always, "always"); !r) return util::fail(r.error());
    next.always = *change.always;
  }
  if (change.never) {
    if (auto r = check_ids(*change.never, "never"); !r) return util::fail(r.error());
    next.never = *change.never;
  }
  // A user named in the other list moves to this one.
  if (change.always && !change.never) {
    std::erase_if(next.never, [&](const std::string& id) {
      return std::find(next.always.begin(), next.always.end(), id) != next.always.end();
    });
  } else if (change.never && !change.always) {
    std::erase_if(next.always, [&](const std::string& id) {
      return std::find(next.never.begin(), next.never.end(), id) != next.never.end();
    });
  }
  auto stored = core_.privacy.set(actor.user_id, next);
  if (!stored) {
    if (stored.error().code == Errc::kNotFound) return fail(Errc::kNotFound, "A user in the exceptions does not exist");
    return util::fail(stored.error());
  }
  auto view = view_of(*stored);
  if (!view) return view;
  core_.events.privacy_changed(actor.user_id, *before, *view);
  return view;
}

}  // namespace parley::chat
