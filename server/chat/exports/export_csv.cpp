#include "chat/exports/export_csv.hpp"

#include "util/ids.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace parley::chat {

namespace json = boost::json;

namespace {

std::string time_of(const std::optional<store::TimeMs>& at) { return at ? util::iso8601(*at) : std::string(); }

// "👍 2; ❤️ 1": each emoji with its count.
std::string reactions_of(const ExportMessage& e) {
  std::string out;
  const auto add = [&](std::string_view emoji, std::int64_t count) {
    if (!out.empty()) out += "; ";
    out += emoji;
    out += ' ';
    out += std::to_string(count);
  };
  if (!e.reactions.empty()) {
    for (const auto& r : e.reactions) add(r.emoji, static_cast<std::int64_t>(r.users.size()));
  } else {
    for (const auto& r : e.message->reactions) add(r.emoji, r.count);
  }
  return out;
}

// The names of the files a message carries, "; " between them.
std::string attachment_names(const std::optional<std::string>& attachments) {
  if (!attachments) return {};
  std::error_code ec;
  const auto v = json::parse(*attachments, ec);
  if (ec || !v.is_array()) return {};
  std::string out;
  for (const auto& a : v.as_array()) {
    const auto* o = a.if_object();
    const auto* name = o ? o->if_contains("name") : nullptr;
    if (name == nullptr || !name->is_string()) continue;
    if (!out.empty()) out += "; ";
    out += name->as_string();
  }
  return out;
}

}  // namespace

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

ExportCsvWriter::ExportCsvWriter(Sink sink, bool byte_order_mark) : sink_(std::move(sink)) {
  std::string header = byte_order_mark ? "\xef\xbb\xbf" : "";
  for (std::size_t i = 0; i < kExportCsvColumns.size(); ++i) {
    if (i > 0) header += ',';
    header += kExportCsvColumns[i];
  }
  header += "\r\n";
  sink_(header);
}

void ExportCsvWriter::begin_chat(const ExportChat& chat) {
  chat_id_ = chat.chat->id;
  chat_title_ = chat.chat->group ? chat.chat->group->title : std::string();
  people_ = chat.participants;
}

void ExportCsvWriter::message(const ExportMessage& e) {
  const auto& m = *e.message;
  const auto sender =
      std::find_if(people_.begin(), people_.end(), [&](const ExportPerson& p) { return p.id == m.sender_id; });
  const std::string fields[] = {chat_id_,
                                chat_title_,
                                m.id,
                                std::to_string(m.seq),
                                util::iso8601(m.created_at),
                                m.sender_id,
                                sender == people_.end() ? std::string() : sender->name,
                                m.kind,
                                m.content,
                                m.reply_to_id.value_or(""),
                                m.thread_root_id.value_or(""),
                                time_of(m.edited_at),
                                time_of(m.deleted_at),
                                m.forwarded_from_id.value_or(""),
                                reactions_of(e),
                                attachment_names(m.attachments)};
  static_assert(std::size(fields) == kExportCsvColumns.size());
  std::string row;
  for (std::size_t i = 0; i < std::size(fields); ++i) {
    if (i > 0) row += ',';
    row += csv_field(fields[i]);
  }
  row += "\r\n";
  sink_(row);
}

}  // namespace parley::chat
