// Privacy settings: who sees a person's last seen and online status, whether their reads
// produce read receipts, whether their typing is forwarded. Part of store.hpp (PrivacyStore);
// who may see what is the domain's (chat/privacy).
//
// The store applies the read receipts setting itself, in the transaction that records a read,
// so that no reader of the database ever finds a receipt that was not to be given:
// - a private message read by a recipient with receipts off is READ for that recipient (their
//   unread count goes by it) but counts as DELIVERED in the message's status, the one its
//   sender sees, for good (turning receipts on later does not give it away); quiet_reads()
//   tells the reader's own view which messages those are;
// - a group member's reads with receipts off raise their read_seq (their unread count) but not
//   the position the group's read floor and its receipts count (Member::read_seq as receipts()
//   returns it).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace parley::store {

// Who sees the last seen and online status.
enum class Audience : int { kEverybody = 0, kContacts = 1, kNobody = 2 };

inline constexpr std::size_t kMaxPrivacyExceptions = 1000;

struct Privacy {
  bool read_receipts = true;
  bool typing = true;
  Audience last_seen = Audience::kEverybody;
  std::vector<std::string> always;  // see it whatever `last_seen` says
  std::vector<std::string> never;   // never see it

  bool is_default() const { return *this == Privacy{}; }
  bool operator==(const Privacy&) const = default;
};

// A user whose settings are not the defaults.
struct UserPrivacy {
  std::string user_id;
  Privacy privacy;
};

}  // namespace parley::store
