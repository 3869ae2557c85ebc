// The JSON form of a scheduled message, as the REST routes answer and scheduled:updated
// carries it: {id, chatId, content, timeZone, start ("YYYY-MM-DDTHH:MM:SS", local in timeZone),
// rrule (null: once), recipientZone, state (pending, done, cancelled), nextAt (null once
// ended), upcoming (the next occurrences, nextAt first, at most five), sentCount, missedCount,
// lastSentAt, lastMissedAt, lastMessageId, reason (why the server cancelled it), version,
// createdAt, updatedAt, attachments (the files it carries, as messages show them)}. Times are
// epoch ms.
#pragma once

#include "store/schedules.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace parley::chat {

inline constexpr std::size_t kUpcomingShown = 5;

// The pending schedule's next occurrences from next_at on (none once it ended).
std::vector<std::int64_t> upcoming_of(const store::ScheduledMessage& s, std::size_t limit = kUpcomingShown);

boost::json::object schedule_json(const store::ScheduledMessage& s);

}  // namespace parley::chat
