// The Parley export format, version 1 (docs/export.schema.json): one JSON document with the
// person who exported, when, and each chat with its participants and every message the person
// may read, losslessly: seq, times, sender, kind (text or system, with what changed), the text
// and its earlier versions, a deletion as a tombstone, replies, quotes and threads, reactions
// with who put them, the pin, the forward's origin, mentions and the files' descriptions.
// Ids are kept, so that an import can map replies and threads and recognise a message it has
// (imports are idempotent by the original ids).
//
// Written as a stream through a sink, chat by chat and message by message, so that an export of
// any size takes as much memory as one message. Not thread-safe; pure (no store access).
#pragma once

#include "store/lifecycle.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

inline constexpr int kExportFormatVersion = 1;

struct ExportPerson {
  std::string id;
  std::string name;
  std::string email;  // how an import on another server finds them again
};

struct ExportChat {
  const store::Chat* chat = nullptr;
  std::vector<ExportPerson> participants;  // every member, not only the listed ones
};

// One emoji on a message and who put it there (ids), in the order they did.
struct ExportReaction {
  std::string emoji;
  std::vector<std::string> users;
};

struct ExportMessage {
  const store::Message* message = nullptr;
  std::vector<store::TextVersion> versions;  // the earlier texts, oldest first (edits)
  std::vector<ExportReaction> reactions;     // empty: the counts on the message are written
};

class ExportJsonWriter {
 public:
  using Sink = std::function<void(std::string_view)>;

  // Writes the document's opening: the format, its version, who exported it and when.
  ExportJsonWriter(Sink sink, const ExportPerson& by, store::TimeMs at);

  void begin_chat(const ExportChat& chat);
  void message(const ExportMessage& m);
  void end_chat();
  // Closes the document; nothing may be written after.
  void finish();

 private:
  Sink sink_;
  bool first_chat_ = true;
  bool first_message_ = true;
  bool in_chat_ = false;
  bool finished_ = false;
};

}  // namespace parley::chat
