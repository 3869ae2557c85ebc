#include "chat/privacy/receipts_view.hpp"

#include "chat/store_errors.hpp"

#include <algorithm>
#include <set>

namespace parley::chat {

Result<void> receipts_as_seen_by(Core& core, const std::string& user_id, std::string_view chat_id,
                                 std::vector<store::Message>& page) {
  if (page.empty()) return {};
  if (!core.privacy.gives_receipts(user_id)) {
    for (auto& m : page) {
      if (m.sender_id == user_id && m.status == store::Status::kRead) m.status = store::Status::kDelivered;
    }
  }
  const bool maybe_quiet = std::any_of(page.begin(), page.end(), [&](const store::Message& m) {
    return m.sender_id != user_id && m.status == store::Status::kDelivered;
  });
  if (!maybe_quiet) return {};
  const auto [lo, hi] = std::minmax_element(
      page.begin(), page.end(), [](const store::Message& a, const store::Message& b) { return a.seq < b.seq; });
  auto quiet = core.store.quiet_reads(user_id, chat_id, lo->seq, hi->seq);
  if (!quiet) return store_failure(quiet.error(), "Chat");
  if (quiet->empty()) return {};
  const std::set<std::string> ids(quiet->begin(), quiet->end());
  for (auto& m : page) {
    if (m.sender_id != user_id && ids.contains(m.id)) m.status = store::Status::kRead;
  }
  return {};
}

}  // namespace parley::chat
