// PostgresStore: uploads, files and their blobs (store/files.hpp). See postgres_store_impl.hpp.
// An upload's writes take its lock, so that two requests adding parts to it count in turn;
// blobs are kept once by content with INSERT ... ON CONFLICT (sha256), which another process
// finishing the same bytes at once cannot break.
#include "store/postgres/postgres_store_impl.hpp"

#include <algorithm>

namespace parley::store::postgres {
namespace {

using util::fail;

constexpr std::string_view kInsertUpload =
    "INSERT INTO uploads (id, owner_id, length, name, mime, voice, created_at, expires_at) "
    "VALUES ($1::text, $2::text, $3::bigint, $4::text, $5::text, $6::boolean, $7::bigint, $8::bigint)";
constexpr std::string_view kUpload =
    "SELECT id, owner_id, length, name, mime, voice, created_at, expires_at FROM uploads WHERE id = $1::text";
constexpr std::string_view kParts =
    "SELECT blob_id, size FROM upload_parts WHERE upload_id = $1::text ORDER BY position";
constexpr std::string_view kInsertPart =
    "INSERT INTO upload_parts (upload_id, position, blob_id, size) VALUES ($1::text, "
    "(SELECT COALESCE(MAX(position), 0) + 1 FROM upload_parts WHERE upload_id = $1::text), $2::text, $3::bigint)";
// Drops uploads with their parts, the parts' blobs to the garbage; returns the uploads dropped.
constexpr std::string_view kDropUploads =
    "WITH parts AS (DELETE FROM upload_parts WHERE upload_id = ANY ($1::text[]) RETURNING blob_id), "
    "garbage AS (INSERT INTO blob_garbage (blob_id, since) SELECT blob_id, $2::bigint FROM parts "
    "ON CONFLICT DO NOTHING) "
    "DELETE FROM uploads WHERE id = ANY ($1::text[]) RETURNING id";
constexpr std::string_view kInsertFile =
    "INSERT INTO files (id, owner_id, name, kind, mime, size, attachment, created_at) "
    "VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::bigint, $7::jsonb, $8::bigint)";
// Keeps a blob once by content: returns the id kept (the stored one, or $1 when new).
constexpr std::string_view kKeepBlob =
    "INSERT INTO blobs (id, sha256, size, refs) VALUES ($1::text, $2::text, $3::bigint, 1) "
    "ON CONFLICT (sha256) DO UPDATE SET refs = blobs.refs + 1 RETURNING id";
constexpr std::string_view kGarbage =
    "INSERT INTO blob_garbage (blob_id, since) VALUES ($1::text, $2::bigint) ON CONFLICT DO NOTHING";
constexpr std::string_view kInsertFileBlob =
    "INSERT INTO file_blobs (file_id, variant, blob_id, mime) VALUES ($1::text, $2::text, $3::text, $4::text)";
constexpr std::string_view kFiles =
    "SELECT id, owner_id, name, kind, mime, size, attachment::text, created_at, attached FROM files "
    "WHERE id = ANY ($1::text[])";
constexpr std::string_view kFileBlobs =
    "SELECT f.file_id, f.variant, f.blob_id, b.sha256, f.mime, b.size FROM file_blobs f "
    "JOIN blobs b ON b.id = f.blob_id WHERE f.file_id = ANY ($1::text[]) "
    "ORDER BY f.file_id, f.variant = 'original' DESC, f.variant";
// The owner, or a participant who sees a message that carries it (a group member who joined
// with the history hidden does not see the messages before).
constexpr std::string_view kReadable =
    "SELECT f.id FROM files f WHERE f.id = ANY ($1::text[]) AND (f.owner_id = $2::text OR EXISTS ("
    "SELECT 1 FROM message_files m JOIN chat_participants p ON p.chat_id = m.chat_id AND p.user_id = $2::text "
    "JOIN messages g ON g.id = m.message_id WHERE m.file_id = f.id AND g.seq > p.visible_after_seq))";
constexpr std::string_view kUsage =
    "SELECT (SELECT COUNT(*) FROM uploads WHERE owner_id = $1::text), "
    "(SELECT COALESCE(SUM(length), 0) FROM uploads WHERE owner_id = $1::text) + "
    "(SELECT COALESCE(SUM(size), 0) FROM files WHERE owner_id = $1::text)";
constexpr std::string_view kExpiredUploads =
    "SELECT id FROM uploads WHERE expires_at <= $1::bigint ORDER BY expires_at LIMIT $2::bigint";
constexpr std::string_view kUnattachedFiles =
    "SELECT id FROM files WHERE NOT attached AND created_at < $1::bigint ORDER BY created_at LIMIT $2::bigint";
constexpr std::string_view kGarbageList = "SELECT blob_id FROM blob_garbage ORDER BY since, blob_id LIMIT $1::bigint";
constexpr std::string_view kForget = "DELETE FROM blob_garbage WHERE blob_id = ANY ($1::text[])";
constexpr std::string_view kAttach =
    "WITH held AS (INSERT INTO message_files (message_id, file_id, chat_id) "
    "SELECT $1::text, f, $2::text FROM unnest($3::text[]) AS f ON CONFLICT DO NOTHING) "
    "UPDATE files SET attached = true WHERE id = ANY ($3::text[]) AND NOT attached";
// Removes files ($1) with their blob rows; a blob whose last file goes is dropped to the
// garbage. One statement sees the table as it was before it, hence the counts per blob.
constexpr std::string_view kDropFiles =
    "WITH fb AS (DELETE FROM file_blobs WHERE file_id = ANY ($1::text[]) RETURNING blob_id), "
    "counts AS (SELECT blob_id, count(*) AS n FROM fb GROUP BY blob_id), "
    "dropped AS (DELETE FROM blobs b USING counts c WHERE b.id = c.blob_id AND b.refs <= c.n RETURNING b.id), "
    "kept AS (UPDATE blobs b SET refs = b.refs - c.n FROM counts c WHERE b.id = c.blob_id AND b.refs > c.n), "
    "garbage AS (INSERT INTO blob_garbage (blob_id, since) SELECT id, $2::bigint FROM dropped "
    "ON CONFLICT DO NOTHING) "
    "DELETE FROM files WHERE id = ANY ($1::text[])";
// The files of messages $1 that no other message holds, after their message_files rows go.
constexpr std::string_view kDetach =
    "WITH detached AS (DELETE FROM message_files WHERE message_id = ANY ($1::text[]) RETURNING file_id) "
    "SELECT DISTINCT d.file_id FROM detached d WHERE NOT EXISTS (SELECT 1 FROM message_files m "
    "WHERE m.file_id = d.file_id AND m.message_id <> ALL ($1::text[]))";

std::int64_t i64(std::uint64_t v) { return static_cast<std::int64_t>(v); }

std::vector<std::string> texts(const Rows& r) {
  std::vector<std::string> out;
  for (int i = 0; i < r.size(); ++i) out.push_back(r.text(i, 0));
  return out;
}

// The files of `ids` (in that order, unknown ones left out) with their blobs.
Result<std::vector<StoredFile>> load_files(Connection& db, const std::vector<std::string>& ids) {
  auto r = db.query(kFiles, Params(ids), Plan::kEachTime);
  if (!r) return fail(errc_of(r));
  auto blobs = db.query(kFileBlobs, Params(ids), Plan::kEachTime);
  if (!blobs) return fail(errc_of(blobs));
  std::vector<StoredFile> out;
  for (const auto& id : ids) {
    for (int i = 0; i < r->size(); ++i) {
      if (r->text(i, 0) != id) continue;
      StoredFile f;
      f.id = id;
      f.owner_id = r->text(i, 1);
      f.name = r->text(i, 2);
      f.kind = r->text(i, 3);
      f.mime = r->text(i, 4);
      f.size = static_cast<std::uint64_t>(r->int64(i, 5));
      f.attachment = r->text(i, 6);
      f.created_at = r->int64(i, 7);
      f.attached = r->boolean(i, 8);
      for (int b = 0; b < blobs->size(); ++b) {
        if (blobs->text(b, 0) != id) continue;
        f.blobs.push_back(FileBlob{blobs->text(b, 1), blobs->text(b, 2), blobs->text(b, 3), blobs->text(b, 4),
                                   static_cast<std::uint64_t>(blobs->int64(b, 5))});
      }
      out.push_back(std::move(f));
      break;
    }
  }
  return out;
}

Result<void> drop_files(Connection& db, const std::vector<std::string>& ids, TimeMs at) {
  if (ids.empty()) return {};
  auto r = db.query(kDropFiles, Params(ids, at), Plan::kEachTime);
  if (!r) return fail(errc_of(r));
  return {};
}

}  // namespace

Result<void> attach_files(Connection& db, const Message& message, const std::vector<std::string>& file_ids) {
  auto r = db.query(kAttach, Params(message.id, message.chat_id, file_ids), Plan::kEachTime);
  if (!r) return fail(errc_of(r));
  return {};
}

Result<void> detach_files(Connection& db, const std::vector<std::string>& message_ids, TimeMs at) {
  auto r = db.query(kDetach, Params(message_ids), Plan::kEachTime);
  if (!r) return fail(errc_of(r));
  return drop_files(db, texts(*r), at);
}

Result<Upload> PostgresStore::create_upload(const Upload& upload) {
  return write<Upload>({}, [&](Connection& db) -> Result<Upload> {
    auto r = db.query(kInsertUpload, Params(upload.id, upload.owner_id, i64(upload.length), upload.name, upload.mime,
                                            upload.voice ? "true" : "false", upload.created_at, upload.expires_at));
    if (!r) return fail(errc_of(r));
    Upload stored = upload;
    stored.offset = 0;
    stored.parts.clear();
    return stored;
  });
}

Result<Upload> PostgresStore::upload(std::string_view id) {
  return read([&](Connection& db) -> Result<Upload> {
    auto r = db.query(kUpload, Params(id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    Upload u;
    u.id = r->text(0, 0);
    u.owner_id = r->text(0, 1);
    u.length = static_cast<std::uint64_t>(r->int64(0, 2));
    u.name = r->text(0, 3);
    u.mime = r->text(0, 4);
    u.voice = r->boolean(0, 5);
    u.created_at = r->int64(0, 6);
    u.expires_at = r->int64(0, 7);
    auto parts = db.query(kParts, Params(id));
    if (!parts) return fail(errc_of(parts));
    for (int i = 0; i < parts->size(); ++i) {
      u.parts.push_back(UploadPart{parts->text(i, 0), static_cast<std::uint64_t>(parts->int64(i, 1))});
      u.offset += u.parts.back().size;
    }
    return u;
  });
}

Result<std::uint64_t> PostgresStore::add_upload_part(std::string_view id, std::uint64_t offset, const UploadPart& part,
                                                     TimeMs /*at*/) {
  return write<std::uint64_t>(lock_names({lock_key("upload:" + std::string(id))}),
                              [&](Connection& db) -> Result<std::uint64_t> {
                                auto u = db.query(kUpload, Params(id));
                                if (!u) return fail(errc_of(u));
                                if (u->empty()) return fail(Errc::kNotFound);
                                const auto length = static_cast<std::uint64_t>(u->int64(0, 2));
                                auto parts = db.query(kParts, Params(id));
                                if (!parts) return fail(errc_of(parts));
                                std::uint64_t current = 0;
                                for (int i = 0; i < parts->size(); ++i)
                                  current += static_cast<std::uint64_t>(parts->int64(i, 1));
                                if (current != offset) return fail(Errc::kConflict);
                                if (current + part.size > length) return fail(Errc::kInvalid);
                                auto r = db.query(kInsertPart, Params(id, part.blob_id, i64(part.size)));
                                if (!r) return fail(errc_of(r));
                                return current + part.size;
                              });
}

Result<void> PostgresStore::remove_upload(std::string_view id, TimeMs at) {
  return write<void>(lock_names({lock_key("upload:" + std::string(id))}), [&](Connection& db) -> Result<void> {
    auto r = db.query(kDropUploads, Params(std::vector<std::string>{std::string(id)}, at), Plan::kEachTime);
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    return {};
  });
}

Result<StoredFile> PostgresStore::finish_upload(const StoredFile& file, TimeMs at) {
  return write<StoredFile>(lock_names({lock_key("upload:" + file.id)}), [&](Connection& db) -> Result<StoredFile> {
    auto dropped = db.query(kDropUploads, Params(std::vector<std::string>{file.id}, at), Plan::kEachTime);
    if (!dropped) return fail(errc_of(dropped));
    if (dropped->empty()) return fail(Errc::kNotFound);
    auto r = db.query(kInsertFile, Params(file.id, file.owner_id, file.name, file.kind, file.mime, i64(file.size),
                                          file.attachment, file.created_at));
    if (!r) return fail(errc_of(r));
    StoredFile stored = file;
    stored.attached = false;
    for (auto& blob : stored.blobs) {
      auto kept = db.query(kKeepBlob, Params(blob.blob_id, blob.sha256, i64(blob.size)));
      if (!kept) return fail(errc_of(kept));
      std::string id = kept->text(0, 0);
      if (id != blob.blob_id) {
        if (auto g = db.query(kGarbage, Params(blob.blob_id, at)); !g) return fail(errc_of(g));
        blob.blob_id = std::move(id);
      }
      if (auto b = db.query(kInsertFileBlob, Params(stored.id, blob.variant, blob.blob_id, blob.mime)); !b) {
        return fail(errc_of(b));
      }
    }
    return stored;
  });
}

Result<StoredFile> PostgresStore::file(std::string_view id) {
  return read([&](Connection& db) -> Result<StoredFile> {
    auto files = load_files(db, {std::string(id)});
    if (!files) return fail(files.error());
    if (files->empty()) return fail(Errc::kNotFound);
    return std::move(files->front());
  });
}

Result<std::vector<StoredFile>> PostgresStore::readable_files(std::string_view user_id,
                                                              const std::vector<std::string>& ids) {
  return read([&](Connection& db) -> Result<std::vector<StoredFile>> {
    auto r = db.query(kReadable, Params(ids, user_id), Plan::kEachTime);
    if (!r) return fail(errc_of(r));
    const auto readable = texts(*r);
    std::vector<std::string> ordered;
    for (const auto& id : ids) {
      if (std::find(readable.begin(), readable.end(), id) != readable.end()) ordered.push_back(id);
    }
    return load_files(db, ordered);
  });
}

Result<FileUsage> PostgresStore::file_usage(std::string_view user_id) {
  return read([&](Connection& db) -> Result<FileUsage> {
    auto r = db.query(kUsage, Params(user_id));
    if (!r) return fail(errc_of(r));
    return FileUsage{static_cast<std::uint64_t>(r->int64(0, 0)), static_cast<std::uint64_t>(r->int64(0, 1))};
  });
}

Result<std::size_t> PostgresStore::expire_files(TimeMs now, TimeMs unattached_before, std::size_t limit) {
  return write<std::size_t>(lock_names({lock_key("files:expiry")}), [&](Connection& db) -> Result<std::size_t> {
    auto uploads = db.query(kExpiredUploads, Params(now, i64(limit)));
    if (!uploads) return fail(errc_of(uploads));
    std::size_t removed = 0;
    if (!uploads->empty()) {
      auto r = db.query(kDropUploads, Params(texts(*uploads), now), Plan::kEachTime);
      if (!r) return fail(errc_of(r));
      removed += static_cast<std::size_t>(r->size());
    }
    auto files = db.query(kUnattachedFiles, Params(unattached_before, i64(limit)));
    if (!files) return fail(errc_of(files));
    if (auto r = drop_files(db, texts(*files), now); !r) return fail(r.error());
    return removed + static_cast<std::size_t>(files->size());
  });
}

Result<std::vector<std::string>> PostgresStore::blob_garbage(std::size_t limit) {
  return read([&](Connection& db) -> Result<std::vector<std::string>> {
    auto r = db.query(kGarbageList, Params(i64(limit)));
    if (!r) return fail(errc_of(r));
    return texts(*r);
  });
}

Result<void> PostgresStore::forget_blobs(const std::vector<std::string>& blob_ids) {
  return write<void>({}, [&](Connection& db) -> Result<void> {
    auto r = db.query(kForget, Params(blob_ids), Plan::kEachTime);
    if (!r) return fail(errc_of(r));
    return {};
  });
}

}  // namespace parley::store::postgres
