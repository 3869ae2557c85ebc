#include "chat/exports/export_service.hpp"

#include "blob/blob_store.hpp"
#include "chat/exports/export_csv.hpp"
#include "chat/exports/export_json.hpp"
#include "chat/files/file_service.hpp"
#include "chat/store_errors.hpp"
#include "jobs/job_runner.hpp"
#include "util/ids.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include <algorithm>
#include <set>
#include <unordered_map>

namespace parley::chat {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxChatsNamed = 1000;
// Progress is stored and announced at most this often (and checked for a removal meanwhile).
constexpr std::int64_t kProgressEveryMs = 500;
// The file is handed to the blob store in pieces of about this size.
constexpr std::size_t kFlushBytes = 256 * 1024;

std::string options_text(const ExportRequest& r) {
  json::object o{{"chatIds", json::array(r.chat_ids.begin(), r.chat_ids.end())}, {"byteOrderMark", r.byte_order_mark}};
  if (r.from) o["from"] = *r.from;
  if (r.to) o["to"] = *r.to;
  return json::serialize(o);
}

ExportRequest request_of(const store::DataExport& e) {
  ExportRequest r;
  r.format = e.format;
  std::error_code ec;
  const auto v = json::parse(e.options, ec);
  const auto* o = ec ? nullptr : v.if_object();
  if (o == nullptr) return r;
  if (const auto* ids = o->if_contains("chatIds"); ids != nullptr && ids->is_array()) {
    for (const auto& id : ids->as_array()) {
      if (id.is_string()) r.chat_ids.emplace_back(id.as_string());
    }
  }
  if (const auto* bom = o->if_contains("byteOrderMark"); bom != nullptr && bom->is_bool())
    r.byte_order_mark = bom->as_bool();
  if (const auto* from = o->if_contains("from"); from != nullptr && from->is_int64()) r.from = from->as_int64();
  if (const auto* to = o->if_contains("to"); to != nullptr && to->is_int64()) r.to = to->as_int64();
  return r;
}

// A job's payload (JSON text): the export's id as a JSON string.
std::string payload_of(const std::string& export_id) { return json::serialize(json::value(export_id)); }
std::string id_of(const std::string& payload) {
  std::error_code ec;
  const auto v = json::parse(payload, ec);
  return !ec && v.is_string() ? std::string(v.as_string()) : std::string();
}

std::string day_of(store::TimeMs at) { return util::iso8601(at).substr(0, 10); }

// Collects the file's pieces and hands them to the upload in larger ones; remembers the first
// failure (later pieces are dropped).
class UploadSink {
 public:
  explicit UploadSink(blob::BlobUpload& upload) : upload_(upload) {}

  void operator()(std::string_view piece) {
    if (error_) return;
    buffer_ += piece;
    size_ += piece.size();
    if (buffer_.size() >= kFlushBytes) flush();
  }
  void flush() {
    if (error_ || buffer_.empty()) return;
    if (auto r = upload_.write(buffer_); !r) error_ = r.error();
    buffer_.clear();
  }
  const std::optional<blob::Errc>& error() const { return error_; }
  std::uint64_t size() const { return size_; }

 private:
  blob::BlobUpload& upload_;
  std::string buffer_;
  std::uint64_t size_ = 0;
  std::optional<blob::Errc> error_;
};

// Writes one format or the other.
class FormatWriter {
 public:
  FormatWriter(const ExportRequest& request, UploadSink& sink, const ExportPerson& by, store::TimeMs at) {
    auto to_sink = [&sink](std::string_view piece) { sink(piece); };
    if (request.format == "csv") {
      csv_.emplace(to_sink, request.byte_order_mark);
    } else {
      json_.emplace(to_sink, by, at);
    }
  }
  void begin_chat(const ExportChat& c) {
    if (json_) json_->begin_chat(c);
    if (csv_) csv_->begin_chat(c);
  }
  void message(const ExportMessage& m) {
    if (json_) json_->message(m);
    if (csv_) csv_->message(m);
  }
  void end_chat() {
    if (json_) json_->end_chat();
  }
  void finish() {
    if (json_) json_->finish();
  }

 private:
  std::optional<ExportJsonWriter> json_;
  std::optional<ExportCsvWriter> csv_;
};

// Why an attempt stopped before its end.
struct Stop {
  jobs::JobOutcome outcome;
};

}  // namespace

ExportService::ExportService(Core& core, FileService& files) : core_(core), files_(files) {
  if (core_.jobs == nullptr || files_.blobs() == nullptr) return;
  const jobs::JobKindOptions options{.lease_ms = 5 * 60'000,
                                     .backoff = store::Backoff{.first_ms = 5'000, .max_ms = 300'000}};
  core_.jobs->handle(
      kExportJob,
      [this](const store::Job& job) {
        const auto id = id_of(job.payload);
        auto outcome = run(id);
        if (outcome.retryable() && job.attempts >= job.max_attempts) {
          // The last attempt: the person learns that it failed rather than waiting for ever.
          if (auto e = core_.store.exports().export_by_id(id); e && e->state != "done") {
            e->state = "failed";
            e->error = "The export could not be made: " + outcome.error();
            e->finished_at = core_.now();
            e->expires_at = *e->finished_at + core_.options.export_keep_ms;
            if (auto stored = core_.store.exports().update_export(*e)) core_.events.export_changed(*stored);
          }
        }
        return outcome;
      },
      options);
  core_.jobs->handle(
      kExpireJob, [this](const store::Job& job) { return expire(id_of(job.payload)); }, options);
}

blob::BlobStore* ExportService::blobs() { return files_.blobs(); }

Result<store::DataExport> ExportService::create(const Actor& actor, const ExportRequest& request) {
  if (blobs() == nullptr || core_.jobs == nullptr) {
    return fail(Errc::kUnavailable, "Exports need file storage, which is off on this server");
  }
  if (request.format != "json" && request.format != "csv") {
    return fail(Errc::kInvalidInput, "format must be json or csv");
  }
  if (request.chat_ids.size() > kMaxChatsNamed) {
    return fail(Errc::kInvalidInput, "An export names at most " + std::to_string(kMaxChatsNamed) + " chats");
  }
  std::set<std::string_view> named;
  for (const auto& id : request.chat_ids) {
    if (!util::is_uuid(id)) return fail(Errc::kInvalidInput, "chatIds must be chat ids");
    if (!named.insert(id).second) return fail(Errc::kInvalidInput, "chatIds names a chat twice");
    if (auto chat = core_.access.chat(actor.user_id, id); !chat) return util::fail(chat.error());
  }
  if (request.from && request.to && *request.from >= *request.to) {
    return fail(Errc::kInvalidInput, "from must be before to");
  }
  store::DataExport e;
  e.id = util::uuid_v7();
  e.user_id = actor.user_id;
  e.format = request.format;
  e.options = options_text(request);
  e.state = "queued";
  e.created_at = core_.now();
  auto added = core_.store.exports().add_export(e, core_.options.max_unfinished_exports);
  if (!added) {
    if (added.error() == store::Errc::kLimit) {
      return fail(Errc::kRateLimited, "Exports are being made for you already; wait until one is done");
    }
    return store_failure(added.error(), "Export");
  }
  store::NewJob job;
  job.kind = kExportJob;
  job.payload = payload_of(e.id);
  job.run_at = e.created_at;
  job.max_attempts = 3;
  job.dedupe_key = std::string(kExportJob) + ":" + e.id;
  if (auto queued = core_.jobs->enqueue(job); !queued) {
    (void)core_.store.exports().remove_export(e.id);
    return store_failure(queued.error(), "Export");
  }
  core_.events.export_changed(*added);
  return std::move(*added);
}

Result<std::vector<store::DataExport>> ExportService::list(const Actor& actor) {
  auto mine = core_.store.exports().exports_of(actor.user_id);
  if (!mine) return store_failure(mine.error(), "Exports");
  return std::move(*mine);
}

Result<store::DataExport> ExportService::get(const Actor& actor, std::string_view id) {
  if (!util::is_uuid(id)) return fail(Errc::kNotFound, "Export not found");
  auto e = core_.store.exports().export_by_id(id);
  if (!e) return store_failure(e.error(), "Export");
  if (e->user_id != actor.user_id) return fail(Errc::kNotFound, "Export not found");
  return std::move(*e);
}

Result<void> ExportService::remove(const Actor& actor, std::string_view id) {
  auto e = get(actor, id);
  if (!e) return util::fail(e.error());
  auto removed = core_.store.exports().remove_export(id);
  if (!removed) return store_failure(removed.error(), "Export");
  if (removed->blob_id && blobs() != nullptr) {
    if (auto r = blobs()->remove(*removed->blob_id); !r) spdlog::warn("exports: cannot remove the file of {}", id);
  }
  return {};
}

std::optional<std::string> ExportService::link(const store::DataExport& e) {
  if (e.state != "done" || !e.blob_id || !e.expires_at) return std::nullopt;
  const auto expires = std::min(core_.now() + core_.options.file_link_ms, *e.expires_at);
  return "/api/v1/exports/" + e.id + "/download?expires=" + std::to_string(expires) + "&user=" + e.user_id +
         "&sig=" + files_.sign(e.id, "export", expires, e.user_id);
}

Result<ExportFile> ExportService::download(std::string_view id, std::int64_t expires, std::string_view user_id,
                                           std::string_view signature) {
  if (blobs() == nullptr) return fail(Errc::kUnavailable, "Exports need file storage, which is off on this server");
  if (!files_.signature_holds(id, "export", expires, user_id, signature)) {
    return fail(Errc::kForbidden, "This link is not valid");
  }
  if (expires <= core_.now()) return fail(Errc::kForbidden, "This link has expired; ask for a new one");
  auto e = core_.store.exports().export_by_id(id);
  if (!e) return store_failure(e.error(), "Export");
  if (e->state != "done" || !e->blob_id) return fail(Errc::kNotFound, "The export has no file");
  ExportFile f;
  const bool csv = e->format == "csv";
  f.file_name = "parley-export-" + day_of(e->created_at) + (csv ? ".csv" : ".json");
  f.content_type = csv ? "text/csv; charset=utf-8" : "application/json";
  f.record = std::move(*e);
  return f;
}

jobs::JobOutcome ExportService::expire(std::string_view export_id) {
  auto e = core_.store.exports().export_by_id(export_id);
  if (!e) {
    return e.error() == store::Errc::kNotFound ? jobs::JobOutcome::done()
                                               : jobs::JobOutcome::retry("store unavailable");
  }
  if (!e->expires_at || *e->expires_at > core_.now()) return jobs::JobOutcome::done();  // not yet: its own job comes
  if (e->blob_id && blobs() != nullptr) {
    if (auto r = blobs()->remove(*e->blob_id); !r && r.error() != blob::Errc::kNotFound) {
      return jobs::JobOutcome::retry("cannot remove the file");
    }
  }
  if (auto r = core_.store.exports().remove_export(export_id); !r && r.error() != store::Errc::kNotFound) {
    return jobs::JobOutcome::retry("store unavailable");
  }
  return jobs::JobOutcome::done();
}

jobs::JobOutcome ExportService::run(std::string_view export_id) {
  auto& exports = core_.store.exports();
  auto found = exports.export_by_id(export_id);
  if (!found) {
    return found.error() == store::Errc::kNotFound ? jobs::JobOutcome::give_up("the export was removed")
                                                   : jobs::JobOutcome::retry("store unavailable");
  }
  store::DataExport e = std::move(*found);
  if (e.state == "done" || e.state == "failed") return jobs::JobOutcome::done();
  if (blobs() == nullptr) return jobs::JobOutcome::retry("files are off");
  const ExportRequest request = request_of(e);
  const auto& user = e.user_id;

  try {
    const auto fail_with = [](std::string why) { return Stop{jobs::JobOutcome::retry(std::move(why))}; };

    // The chats, each with the first seq the person may see.
    struct Source {
      store::Chat chat;
      std::int64_t floor = 0;
    };
    std::vector<Source> sources;
    std::vector<store::Chat> chats;
    if (request.chat_ids.empty()) {
      auto mine = core_.store.chats_of(user);
      if (!mine) throw fail_with("cannot read the chats");
      chats = std::move(*mine);
    } else {
      for (const auto& id : request.chat_ids) {
        if (auto chat = core_.access.chat(user, id)) chats.push_back(std::move(*chat));  // left since: not exported
      }
    }
    std::sort(chats.begin(), chats.end(),
              [](const store::Chat& a, const store::Chat& b) { return a.created_at < b.created_at; });
    std::int64_t total = 0;
    for (auto& chat : chats) {
      std::int64_t floor = 0;
      if (chat.group) {
        auto me = core_.store.member(chat.id, user);
        if (!me) continue;  // not a member any more
        if (me->role == store::Role::kMember) floor = me->visible_after_seq;
      }
      total += std::max<std::int64_t>(0, chat.last_seq - floor);
      sources.push_back(Source{std::move(chat), floor});
    }

    e.state = "running";
    e.done = 0;
    e.total = total;
    if (auto stored = exports.update_export(e); !stored) {
      if (stored.error() == store::Errc::kNotFound) return jobs::JobOutcome::give_up("the export was removed");
      throw fail_with("cannot store the progress");
    } else {
      core_.events.export_changed(*stored);
    }

    auto upload = blobs()->begin_upload(core_.options.max_export_bytes);
    if (!upload) throw fail_with("cannot store the file");
    UploadSink sink(**upload);

    std::unordered_map<std::string, ExportPerson> people;
    const auto person = [&](const std::string& id) -> const ExportPerson& {
      auto it = people.find(id);
      if (it != people.end()) return it->second;
      ExportPerson p{id, "", ""};
      if (auto u = core_.store.user_by_id(id)) {
        p.name = u->name;
        p.email = u->email;
      }
      return people.emplace(id, std::move(p)).first->second;
    };

    FormatWriter writer(request, sink, person(user), core_.now());
    std::int64_t last_progress = core_.now();
    const auto progress = [&] {
      const auto now = core_.now();
      if (now - last_progress < kProgressEveryMs) return;
      last_progress = now;
      if (core_.jobs != nullptr && core_.jobs->stopping())
        throw Stop{jobs::JobOutcome::retry("the server is stopping")};
      auto stored = exports.update_export(e);
      if (!stored && stored.error() == store::Errc::kNotFound) {
        throw Stop{jobs::JobOutcome::give_up("the export was removed")};
      }
      if (stored) core_.events.export_changed(*stored);
    };

    for (const auto& source : sources) {
      const auto& chat = source.chat;
      ExportChat c;
      c.chat = &chat;
      if (chat.group) {
        store::MemberQuery q;
        q.limit = store::kMaxMemberPage;
        for (;;) {
          auto page = core_.store.members(chat.id, q);
          if (!page) throw fail_with("cannot read the members");
          for (const auto& m : page->members) c.participants.push_back(person(m.user_id));
          if (!page->more || page->members.empty()) break;
          q.after_position = page->members.back().position;
        }
      } else {
        for (const auto& id : chat.participants) c.participants.push_back(person(id));
      }
      writer.begin_chat(c);
      std::int64_t cursor = source.floor;
      for (;;) {
        store::HistoryQuery q;
        q.after_seq = cursor;
        q.limit = store::kMaxHistoryLimit;
        q.visible_after_seq = source.floor;
        auto page = core_.store.history(chat.id, q);
        if (!page) throw fail_with("cannot read the history");
        if (page->empty()) break;
        auto hidden = core_.store.hidden_between(chat.id, user, page->front().seq, page->back().seq);
        if (!hidden) throw fail_with("cannot read the history");
        const std::set<std::string> hidden_ids(hidden->begin(), hidden->end());
        for (const auto& m : *page) {
          cursor = std::max(cursor, m.seq);
          ++e.done;
          if (hidden_ids.contains(m.id)) continue;  // deleted for this person
          if ((request.from && m.created_at < *request.from) || (request.to && m.created_at >= *request.to)) continue;
          ExportMessage out;
          out.message = &m;
          if (m.edited_at) {
            auto versions = core_.store.message_versions(m.id);
            if (!versions) throw fail_with("cannot read the edits");
            out.versions = std::move(*versions);
            if (!out.versions.empty()) out.versions.pop_back();  // the current text: the message's content
          }
          if (!m.reactions.empty()) {
            store::ReactorQuery rq;
            rq.message_id = m.id;
            rq.limit = 500;
            for (;;) {
              auto reactors = core_.store.reactors(rq);
              if (!reactors) throw fail_with("cannot read the reactions");
              for (const auto& r : *reactors) {
                auto it = std::find_if(out.reactions.begin(), out.reactions.end(),
                                       [&](const ExportReaction& x) { return x.emoji == r.emoji; });
                if (it == out.reactions.end())
                  it = out.reactions.insert(out.reactions.end(), ExportReaction{r.emoji, {}});
                it->users.push_back(r.user_id);
              }
              if (reactors->size() < rq.limit || reactors->empty()) break;
              rq.after_at = reactors->back().at;
              rq.after_user = reactors->back().user_id;
              rq.after_emoji = reactors->back().emoji;
            }
          }
          writer.message(out);
        }
        if (sink.error()) break;
        progress();
        if (page->size() < q.limit) break;
      }
      writer.end_chat();
      if (sink.error()) break;
    }
    writer.finish();
    sink.flush();
    if (sink.error()) {
      if (*sink.error() != blob::Errc::kTooLarge) throw fail_with("cannot store the file");
      e.state = "failed";
      e.error = "The export is larger than this server allows (" + std::to_string(core_.options.max_export_bytes) +
                " bytes); export fewer chats or a shorter time";
      e.finished_at = core_.now();
      e.expires_at = *e.finished_at + core_.options.export_keep_ms;
      if (auto stored = exports.update_export(e)) core_.events.export_changed(*stored);
      return jobs::JobOutcome::give_up(*e.error);
    }
    auto blob = (*upload)->commit();
    if (!blob) throw fail_with("cannot store the file");

    e.state = "done";
    e.total = e.done;
    e.blob_id = blob->id;
    e.size = static_cast<std::int64_t>(sink.size());
    e.finished_at = core_.now();
    e.expires_at = *e.finished_at + core_.options.export_keep_ms;
    auto stored = exports.update_export(e);
    if (!stored) {
      (void)blobs()->remove(blob->id);
      if (stored.error() == store::Errc::kNotFound) return jobs::JobOutcome::give_up("the export was removed");
      return jobs::JobOutcome::retry("cannot store the outcome");
    }
    store::NewJob expiry;
    expiry.kind = kExpireJob;
    expiry.payload = payload_of(e.id);
    expiry.run_at = *e.expires_at;
    expiry.max_attempts = 5;
    expiry.dedupe_key = std::string(kExpireJob) + ":" + e.id;
    if (!core_.jobs->enqueue(expiry)) spdlog::warn("exports: cannot queue the expiry of {}", e.id);
    core_.events.export_changed(*stored);
    spdlog::info("exports: {} done, {} messages, {} bytes", e.id, e.done, e.size);
    return jobs::JobOutcome::done();
  } catch (Stop& stop) {
    return std::move(stop.outcome);
  }
}

}  // namespace parley::chat
