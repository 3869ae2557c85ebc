// The CSV export: one row per message, RFC 4180 (every field quoted when it holds a comma, a
// quote or a line break; quotes doubled; CRLF between rows), UTF-8, optionally after a
// byte-order mark so that spreadsheets read it as UTF-8. The columns are listed in the header
// row (kExportCsvColumns); times are ISO 8601 in UTC.
//
// Written as a stream through a sink, a row at a time. Not thread-safe; pure (no store access).
#pragma once

#include "chat/exports/export_json.hpp"

#include <array>
#include <functional>
#include <string>
#include <string_view>

namespace parley::chat {

inline constexpr std::array<std::string_view, 16> kExportCsvColumns{
    "chat_id",    "chat_title",        "message_id",     "seq",
    "sent_at",    "sender_id",         "sender_name",    "kind",
    "text",       "reply_to_id",       "thread_root_id", "edited_at",
    "deleted_at", "forwarded_from_id", "reactions",      "attachments"};

// One field as RFC 4180 writes it: as it is, or quoted with its quotes doubled.
std::string csv_field(std::string_view value);

class ExportCsvWriter {
 public:
  using Sink = std::function<void(std::string_view)>;

  // Writes the byte-order mark when asked, and the header row.
  ExportCsvWriter(Sink sink, bool byte_order_mark);

  // The chat the next messages are in, with the names of its people (for sender_name).
  void begin_chat(const ExportChat& chat);
  void message(const ExportMessage& m);

 private:
  Sink sink_;
  std::string chat_id_;
  std::string chat_title_;
  std::vector<ExportPerson> people_;
};

}  // namespace parley::chat
