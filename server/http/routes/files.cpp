// Files: resumable uploads by the tus 1.0.0 protocol (core, creation, termination, expiration;
// https://tus.io/protocols/resumable-upload), the files they become, their signed download
// links, and the downloads. The rules are FileService's; this file speaks tus and HTTP.
#include "chat/files/file_wire.hpp"
#include "http/conditional.hpp"
#include "http/reply.hpp"
#include "http/route_table.hpp"
#include "util/base64.hpp"
#include "util/query.hpp"

#include <boost/beast/http/field.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace parley::http {

namespace json = boost::json;
namespace bhttp = boost::beast::http;

namespace {

constexpr std::string_view kTusVersion = "1.0.0";

std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

Response with_tus(Response res) {
  res.set("Tus-Resumable", kTusVersion);
  res.set(bhttp::field::cache_control, "no-store");
  return res;
}

Response tus_error(const chat::Error& e) { return with_tus(error(e)); }

Response tus_no_content() {
  Response res;
  res.result(204);
  return with_tus(std::move(res));
}

// Upload-Metadata: "key base64,key base64,..." (values may be absent).
std::optional<std::string> metadata(std::string_view header, std::string_view key) {
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view pair = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto space = pair.find(' ');
    if (pair.substr(0, space) != key) continue;
    if (space == std::string_view::npos) return std::string();
    auto decoded = util::base64_decode(pair.substr(space + 1));
    return decoded ? std::optional<std::string>(std::move(*decoded)) : std::nullopt;
  }
  return std::nullopt;
}

void set_upload_headers(Response& res, const store::Upload& u) {
  res.set("Upload-Offset", std::to_string(u.offset));
  res.set("Upload-Length", std::to_string(u.length));
  res.set("Upload-Expires", http_date(u.expires_at / 1000));
}

// The body of a PATCH, written to the upload as it arrives.
class UploadSink final : public BodySink {
 public:
  explicit UploadSink(std::unique_ptr<chat::UploadWriter> writer) : writer_(std::move(writer)) {}
  std::optional<Response> write(std::string_view piece) override {
    auto r = writer_->write(piece);
    if (!r) {
      writer_->abort();  // keeps what came before the refused bytes
      return tus_error(r.error());
    }
    return std::nullopt;
  }
  Response finish() override {
    auto offset = writer_->finish();
    if (!offset) return tus_error(offset.error());
    Response res = tus_no_content();
    res.set("Upload-Offset", std::to_string(*offset));
    return res;
  }
  void abort() override { writer_->abort(); }

 private:
  std::unique_ptr<chat::UploadWriter> writer_;
};

// A blob's bytes, a range at a time.
class BlobSource final : public BodySource {
 public:
  BlobSource(blob::BlobStore& blobs, std::string id, std::uint64_t size)
      : blobs_(blobs), id_(std::move(id)), size_(size) {}
  std::uint64_t size() const override { return size_; }
  std::optional<std::string> read(std::uint64_t offset, std::size_t max) override {
    std::string out;
    out.reserve(max);
    auto r = blobs_.read(id_, blob::ByteRange{offset, max}, [&out](std::string_view chunk) {
      out.append(chunk);
      return true;
    });
    if (!r) return std::nullopt;
    return out;
  }

 private:
  blob::BlobStore& blobs_;
  std::string id_;
  std::uint64_t size_;
};

// Types a browser may show in place without running anything: images (not SVG), video, audio.
bool shown_inline(std::string_view mime) {
  static constexpr std::array<std::string_view, 15> kInline{"image/jpeg", "image/png",  "image/gif",  "image/webp",
                                                            "image/avif", "video/mp4",  "video/webm", "video/quicktime",
                                                            "audio/ogg",  "audio/webm", "audio/mpeg", "audio/mp4",
                                                            "audio/wav",  "audio/flac", "audio/aac"};
  return std::find(kInline.begin(), kInline.end(), mime) != kInline.end();
}

// Content-Disposition with the name in ASCII (others as "_") and in UTF-8 (RFC 6266, 8187).
std::string disposition(bool inline_shown, std::string_view name) {
  std::string ascii, encoded;
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    ascii.push_back(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? ch : '_');
    if (std::isalnum(c) != 0 || std::string_view("-._~").find(ch) != std::string_view::npos) {
      encoded.push_back(ch);
    } else {
      encoded += '%';
      encoded.push_back(kHex[c >> 4]);
      encoded.push_back(kHex[c & 15]);
    }
  }
  return std::string(inline_shown ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" +
         encoded;
}

}  // namespace

void add_file_transfer_routes(Router& router, RouteContext& ctx, util::WorkerPool& workers) {
  const Runner run = [&workers](std::function<void()> task) { return workers.try_post(std::move(task)); };
  const auto max_body = ctx.chat.options().max_upload_bytes;

  // PATCH: the next bytes of an upload, at Upload-Offset.
  const auto patch = [&ctx](const Request& header, const Params& params) {
    UploadStart start;
    const auto refuse = [&start](const chat::Error& e) { start.refusal = tus_error(e); };
    auto caller = caller_of(ctx.auth, header);
    if (!caller) {
      refuse(caller.error());
      return start;
    }
    if (header["Tus-Resumable"] != kTusVersion) {
      start.refusal = with_tus(error_response(412, "invalid_input", "Tus-Resumable: 1.0.0 is required"));
      return start;
    }
    if (header[bhttp::field::content_type] != "application/offset+octet-stream") {
      start.refusal =
          with_tus(error_response(415, "invalid_input", "Content-Type must be application/offset+octet-stream"));
      return start;
    }
    const auto offset = number(header["Upload-Offset"]);
    const auto length = number(header[bhttp::field::content_length]);
    if (!offset || !length) {
      refuse(chat::Error{chat::Errc::kInvalidInput, "Upload-Offset and Content-Length are required"});
      return start;
    }
    auto writer = ctx.chat.files.write_upload(chat::Actor(caller->user_id, caller->session_id), params.get("uploadId"),
                                              *offset, *length);
    if (!writer) {
      refuse(writer.error());
      return start;
    }
    start.sink = std::make_unique<UploadSink>(std::move(*writer));
    return start;
  };
  for (const auto& path : {std::string("/api/v1/uploads/:uploadId")}) {
    router.add_upload(Verb::patch, path, UploadRoute{max_body, patch, run});
  }

  // GET: a file's bytes by a signed link.
  const auto serve = [&ctx, &workers](const Request& req, const Params& params, const RespondStreamed& respond) {
    auto target = util::parse_target(req.target());
    const auto get = [&target](const char* name) {
      auto it = target.query.find(name);
      return it == target.query.end() ? std::string() : it->second;
    };
    auto task = [&ctx, respond, id = std::string(params.get("fileId")), variant = std::string(params.get("variant")),
                 expires = get("expires"), user = get("user"), sig = get("sig"),
                 as_attachment = !get("download").empty()] {
      StreamedResponse out;
      const auto when = number(expires);
      auto d = ctx.chat.files.download(id, variant, when ? static_cast<std::int64_t>(*when) : 0, user, sig);
      if (!d) {
        out.head = error(d.error());
        respond(std::move(out));
        return;
      }
      auto* blobs = ctx.chat.files.blobs();
      const bool inline_shown = !as_attachment && shown_inline(d->blob.mime);
      out.head.result(200);
      out.head.set(bhttp::field::content_type, inline_shown ? d->blob.mime : "application/octet-stream");
      out.head.set(bhttp::field::content_disposition,
                   disposition(inline_shown, d->blob.variant == "original" ? d->file.name : d->blob.variant + ".webp"));
      out.head.set(bhttp::field::etag, "\"" + d->blob.sha256 + "\"");
      out.head.set(bhttp::field::last_modified, http_date(d->file.created_at / 1000));
      out.head.set(bhttp::field::cache_control, "private, max-age=3600");
      out.head.set("X-Content-Type-Options", "nosniff");
      out.head.set("Content-Security-Policy", "default-src 'none'; sandbox");
      out.head.set("Cross-Origin-Resource-Policy", "same-origin");
      out.body = std::make_unique<BlobSource>(*blobs, d->blob.blob_id, d->blob.size);
      respond(std::move(out));
    };
    if (!workers.try_post(task)) {
      StreamedResponse busy;
      busy.head = error(chat::Errc::kUnavailable, "The server is busy; try again in a moment");
      respond(std::move(busy));
    }
  };
  router.add_streamed(Verb::get, "/api/v1/files/:fileId/:variant", StreamRoute{serve, run});

  // GET: an export's file by a signed link (chat/exports).
  const auto serve_export = [&ctx, &workers](const Request& req, const Params& params, const RespondStreamed& respond) {
    auto target = util::parse_target(req.target());
    const auto get = [&target](const char* name) {
      auto it = target.query.find(name);
      return it == target.query.end() ? std::string() : it->second;
    };
    auto task = [&ctx, respond, id = std::string(params.get("exportId")), expires = get("expires"), user = get("user"),
                 sig = get("sig")] {
      StreamedResponse out;
      const auto when = number(expires);
      auto f = ctx.chat.exports.download(id, when ? static_cast<std::int64_t>(*when) : 0, user, sig);
      if (!f) {
        out.head = error(f.error());
        respond(std::move(out));
        return;
      }
      out.head.result(200);
      out.head.set(bhttp::field::content_type, f->content_type);
      out.head.set(bhttp::field::content_disposition, disposition(false, f->file_name));
      out.head.set(bhttp::field::cache_control, "private, no-store");
      out.head.set("X-Content-Type-Options", "nosniff");
      out.head.set("Content-Security-Policy", "default-src 'none'; sandbox");
      out.body = std::make_unique<BlobSource>(*ctx.chat.exports.blobs(), *f->record.blob_id,
                                              static_cast<std::uint64_t>(f->record.size));
      respond(std::move(out));
    };
    if (!workers.try_post(task)) {
      StreamedResponse busy;
      busy.head = error(chat::Errc::kUnavailable, "The server is busy; try again in a moment");
      respond(std::move(busy));
    }
  };
  router.add_streamed(Verb::get, "/api/v1/exports/:exportId/download", StreamRoute{serve_export, run});
}

std::vector<RouteSpec> file_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  {
    RouteSpec r;
    r.method = Verb::options;
    r.paths = {"/api/v1/uploads"};
    r.access = Access::kAnyone;
    r.summary = "What the tus server supports (tus 1.0.0)";
    r.responses = R"j({"204": {"description": "Tus-Version, Tus-Extension, Tus-Max-Size"}})j";
    r.run = [&ctx](const RestCall&) {
      Response res = tus_no_content();
      res.set("Tus-Version", kTusVersion);
      res.set("Tus-Extension", "creation,termination,expiration");
      res.set("Tus-Max-Size", std::to_string(ctx.chat.options().max_upload_bytes));
      return res;
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/uploads"};
    r.summary = "Start a resumable upload (tus creation)";
    r.description =
        "Headers: Tus-Resumable: 1.0.0, Upload-Length (bytes), Upload-Metadata with filename, filetype and kind "
        "(\"voice\" for a voice message), each value in base64. The upload's id is also the file's id once its last "
        "byte arrived.";
    r.responses =
        R"j({"201": {"description": "Location: /api/v1/uploads/{id}; Upload-Expires"},
        "400": {"description": "no Upload-Length, or no file name"}, "413": {"description": "file_too_large"},
        "429": {"description": "too_many_uploads, or rate_limited"}, "507": {"description": "quota_exceeded"}})j";
    r.run = [&ctx](const RestCall& c) {
      const auto length = number(c.request["Upload-Length"]);
      if (!length) return tus_error(chat::Error{chat::Errc::kInvalidInput, "Upload-Length is required"});
      const auto meta = c.request["Upload-Metadata"];
      chat::NewUpload u;
      u.length = *length;
      u.name = metadata(meta, "filename").value_or("");
      u.mime = metadata(meta, "filetype").value_or("");
      u.voice = metadata(meta, "kind").value_or("") == "voice";
      auto created = ctx.chat.files.create_upload(c.actor(), u);
      if (!created) return tus_error(created.error());
      Response res;
      res.result(201);
      res.set(bhttp::field::location, "/api/v1/uploads/" + created->id);
      res.set("Upload-Expires", http_date(created->expires_at / 1000));
      return with_tus(std::move(res));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/uploads/:uploadId"};
    r.summary = "An upload's offset (tus HEAD; GET also answers)";
    r.responses =
        R"j({"200": {"description": "Upload-Offset, Upload-Length, Upload-Expires"},
        "404": {"description": "no such upload of the caller's (finished, cancelled or expired)"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto u = ctx.chat.files.upload(c.actor(), c.params.get("uploadId"));
      if (!u) return tus_error(u.error());
      Response res = with_tus(json_ok(200, json::object{{"offset", u->offset}, {"length", u->length}}));
      set_upload_headers(res, *u);
      return res;
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::delete_;
    r.paths = {"/api/v1/uploads/:uploadId"};
    r.summary = "Cancel an upload (tus termination)";
    r.responses = R"j({"204": {"description": "cancelled"}, "404": {"description": "no such upload"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto removed = ctx.chat.files.remove_upload(c.actor(), c.params.get("uploadId"));
      if (!removed) return tus_error(removed.error());
      return tus_no_content();
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/files/:fileId"};
    r.summary = "A file as messages carry it (Attachment)";
    r.responses =
        R"j({"200": {"description": "{file: Attachment}"}, "403": {"description": "not the owner nor in a chat that holds it"},
        "404": {"description": "no such file"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto f = ctx.chat.files.file(c.actor(), c.params.get("fileId"));
      if (!f) return error(f.error());
      return json_ok(200, json::object{{"file", chat::attachment_value(*f)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/files/links"};
    r.summary = "Signed download links for files the caller may read";
    r.description =
        "Each link names one user, file and version and works without a token until expiresAt (file_link_ms), so "
        "that <img>, <video> and <audio> load it.";
    r.body = {chat::required_string_list("ids", chat::FileService::kMaxLinksPerRequest)};
    r.responses =
        R"j({"200": {"description": "{links: [{id, url, downloadUrl, thumbnailUrl?, displayUrl?, posterUrl?, expiresAt}], denied: [id]}"}})j";
    r.run = [&ctx](const RestCall& c) {
      std::vector<std::string> denied;
      auto links = ctx.chat.files.links(c.actor(), chat::text_list(c.body, "ids"), denied);
      if (!links) return error(links.error());
      return json_ok(200, chat::links_json(*links, denied));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;  // served by add_file_transfer_routes, its body streamed to the blob store
    r.method = Verb::patch;
    r.paths = {"/api/v1/uploads/:uploadId"};
    r.summary = "Send an upload's next bytes (tus PATCH)";
    r.description =
        "Headers: Tus-Resumable: 1.0.0, Upload-Offset (the offset the server holds), Content-Type: "
        "application/offset+octet-stream. The bytes are kept in 8 MiB parts as they arrive; the request that brings "
        "the last byte answers once the file is processed.";
    r.responses =
        R"j({"204": {"description": "Upload-Offset: the offset after the bytes kept"},
        "404": {"description": "no such upload of the caller's"}, "409": {"description": "offset_mismatch"},
        "413": {"description": "the body passes the upload's length"}, "415": {"description": "another Content-Type"}})j";
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;  // served by add_file_transfer_routes, its body read from the blob store
    r.paths = {"/api/v1/files/:fileId/:variant"};
    r.access = Access::kAnyone;
    r.summary = "A file's bytes by a signed link (POST /api/v1/files/links)";
    r.description =
        "variant: original, thumbnail, display or poster; the query (expires, user, sig) as the link gives it; "
        "download=1 asks for Content-Disposition: attachment. Range and conditional requests are answered. Images, "
        "video and audio are shown inline, everything else is an attachment; every answer has "
        "X-Content-Type-Options: nosniff and Content-Security-Policy: default-src 'none'; sandbox.";
    r.responses =
        R"j({"200": {"description": "the bytes"}, "206": {"description": "a range of them"},
        "403": {"description": "the link is not valid or has expired"}, "404": {"description": "no such file or version"}})j";
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
