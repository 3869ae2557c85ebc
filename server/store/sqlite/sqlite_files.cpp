// SqliteStore: uploads, files and their blobs (store/files.hpp). See sqlite_store_impl.hpp.
#include "store/sqlite/sqlite_store_impl.hpp"

#include <algorithm>

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kInsertUpload =
    "INSERT INTO uploads (id, owner_id, length, name, mime, voice, created_at, expires_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr std::string_view kUpload =
    "SELECT id, owner_id, length, name, mime, voice, created_at, expires_at FROM uploads WHERE id = ?1";
constexpr std::string_view kParts = "SELECT blob_id, size FROM upload_parts WHERE upload_id = ?1 ORDER BY position";
constexpr std::string_view kInsertPart =
    "INSERT INTO upload_parts (upload_id, position, blob_id, size) VALUES (?1, "
    "(SELECT COALESCE(MAX(position), 0) + 1 FROM upload_parts WHERE upload_id = ?1), ?2, ?3)";
constexpr std::string_view kDropParts = "DELETE FROM upload_parts WHERE upload_id = ?1 RETURNING blob_id";
constexpr std::string_view kDropUpload = "DELETE FROM uploads WHERE id = ?1";
constexpr std::string_view kGarbage = "INSERT OR IGNORE INTO blob_garbage (blob_id, since) VALUES (?1, ?2)";
constexpr std::string_view kBlobBySha = "SELECT id FROM blobs WHERE sha256 = ?1";
constexpr std::string_view kInsertBlob = "INSERT INTO blobs (id, sha256, size, refs) VALUES (?1, ?2, ?3, 1)";
constexpr std::string_view kRefBlob = "UPDATE blobs SET refs = refs + 1 WHERE id = ?1";
constexpr std::string_view kUnrefBlob = "UPDATE blobs SET refs = refs - 1 WHERE id = ?1 RETURNING refs";
constexpr std::string_view kDropBlob = "DELETE FROM blobs WHERE id = ?1";
constexpr std::string_view kInsertFile =
    "INSERT INTO files (id, owner_id, name, kind, mime, size, attachment, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr std::string_view kInsertFileBlob =
    "INSERT INTO file_blobs (file_id, variant, blob_id, mime) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kFile =
    "SELECT id, owner_id, name, kind, mime, size, attachment, created_at, attached FROM files WHERE id = ?1";
constexpr std::string_view kFileBlobs =
    "SELECT f.variant, f.blob_id, b.sha256, f.mime, b.size FROM file_blobs f JOIN blobs b ON b.id = f.blob_id "
    "WHERE f.file_id = ?1 ORDER BY f.variant = 'original' DESC, f.variant";
constexpr std::string_view kDropFileBlobs = "DELETE FROM file_blobs WHERE file_id = ?1 RETURNING blob_id";
constexpr std::string_view kDropFile = "DELETE FROM files WHERE id = ?1";
// The owner, or a participant who sees a message that carries it (a group member who joined
// with the history hidden does not see the messages before).
constexpr std::string_view kMayRead =
    "SELECT 1 FROM files f WHERE f.id = ?1 AND (f.owner_id = ?2 OR EXISTS (SELECT 1 FROM message_files m "
    "JOIN chat_participants p ON p.chat_id = m.chat_id AND p.user_id = ?2 JOIN messages g ON g.id = m.message_id "
    "WHERE m.file_id = f.id AND g.seq > p.visible_after_seq))";
constexpr std::string_view kUsage =
    "SELECT (SELECT COUNT(*) FROM uploads WHERE owner_id = ?1), "
    "(SELECT COALESCE(SUM(length), 0) FROM uploads WHERE owner_id = ?1) + "
    "(SELECT COALESCE(SUM(size), 0) FROM files WHERE owner_id = ?1)";
constexpr std::string_view kExpiredUploads = "SELECT id FROM uploads WHERE expires_at <= ?1 LIMIT ?2";
constexpr std::string_view kUnattachedFiles =
    "SELECT id FROM files WHERE attached = 0 AND created_at < ?1 ORDER BY created_at LIMIT ?2";
constexpr std::string_view kGarbageList = "SELECT blob_id FROM blob_garbage ORDER BY since, blob_id LIMIT ?1";
constexpr std::string_view kForget = "DELETE FROM blob_garbage WHERE blob_id = ?1";
constexpr std::string_view kAttach =
    "INSERT OR IGNORE INTO message_files (message_id, file_id, chat_id) VALUES (?1, ?2, ?3)";
constexpr std::string_view kMarkAttached = "UPDATE files SET attached = 1 WHERE id = ?1";
constexpr std::string_view kDetach = "DELETE FROM message_files WHERE message_id = ?1 RETURNING file_id";
constexpr std::string_view kStillHeld = "SELECT 1 FROM message_files WHERE file_id = ?1 LIMIT 1";

Errc missing(const Query& q) { return q.failed() ? q.error() : Errc::kNotFound; }

Result<void> run(Query& q) {
  if (auto r = q.run(); !r) return fail(r.error());
  return {};
}

std::int64_t i64(std::uint64_t v) { return static_cast<std::int64_t>(v); }

Result<void> to_garbage(Connection& db, std::string_view blob_id, TimeMs at) {
  Query q(db, kGarbage);
  q.bind(blob_id, at);
  return run(q);
}

// Reads every row's first column as text.
Result<std::vector<std::string>> texts(Query& q) {
  std::vector<std::string> out;
  while (q.next()) out.push_back(q.text(0));
  if (q.failed()) return fail(q.error());
  return out;
}

Result<void> drop_parts(Connection& db, std::string_view upload_id, TimeMs at) {
  Query q(db, kDropParts);
  q.bind(upload_id);
  auto ids = texts(q);
  if (!ids) return fail(ids.error());
  for (const auto& id : *ids) {
    if (auto r = to_garbage(db, id, at); !r) return r;
  }
  return {};
}

Result<void> drop_upload(Connection& db, std::string_view id, TimeMs at) {
  if (auto r = drop_parts(db, id, at); !r) return r;
  Query q(db, kDropUpload);
  q.bind(id);
  if (auto r = run(q); !r) return r;
  if (db.changes() == 0) return fail(Errc::kNotFound);
  return {};
}

// Keeps `blob` once by content: the stored blob with its SHA-256 gains a reference (the new
// one goes to the garbage), or the new one is stored. Returns the id kept.
Result<std::string> keep_blob(Connection& db, const FileBlob& blob, TimeMs at) {
  {
    Query q(db, kBlobBySha);
    q.bind(blob.sha256);
    if (q.next()) {
      std::string kept = q.text(0);
      Query ref(db, kRefBlob);
      ref.bind(kept);
      if (auto r = run(ref); !r) return fail(r.error());
      if (kept != blob.blob_id) {
        if (auto r = to_garbage(db, blob.blob_id, at); !r) return fail(r.error());
      }
      return kept;
    }
    if (q.failed()) return fail(q.error());
  }
  Query q(db, kInsertBlob);
  q.bind(blob.blob_id, blob.sha256, i64(blob.size));
  if (auto r = run(q); !r) return fail(r.error());
  return blob.blob_id;
}

Result<void> release_blob(Connection& db, std::string_view blob_id, TimeMs at) {
  Query q(db, kUnrefBlob);
  q.bind(blob_id);
  if (!q.next()) return q.failed() ? fail(q.error()) : Result<void>();
  if (q.int64(0) > 0) return {};
  Query drop(db, kDropBlob);
  drop.bind(blob_id);
  if (auto r = run(drop); !r) return r;
  return to_garbage(db, blob_id, at);
}

Result<void> drop_file(Connection& db, std::string_view file_id, TimeMs at) {
  Query q(db, kDropFileBlobs);
  q.bind(file_id);
  auto blobs = texts(q);
  if (!blobs) return fail(blobs.error());
  for (const auto& id : *blobs) {
    if (auto r = release_blob(db, id, at); !r) return r;
  }
  Query drop(db, kDropFile);
  drop.bind(file_id);
  return run(drop);
}

Result<StoredFile> load_file(Connection& db, std::string_view id) {
  StoredFile f;
  {
    Query q(db, kFile);
    q.bind(id);
    if (!q.next()) return fail(missing(q));
    f.id = q.text(0);
    f.owner_id = q.text(1);
    f.name = q.text(2);
    f.kind = q.text(3);
    f.mime = q.text(4);
    f.size = static_cast<std::uint64_t>(q.int64(5));
    f.attachment = q.text(6);
    f.created_at = q.int64(7);
    f.attached = q.int64(8) != 0;
  }
  Query q(db, kFileBlobs);
  q.bind(id);
  while (q.next()) {
    f.blobs.push_back(FileBlob{q.text(0), q.text(1), q.text(2), q.text(3), static_cast<std::uint64_t>(q.int64(4))});
  }
  if (q.failed()) return fail(q.error());
  return f;
}

}  // namespace

Result<void> attach_files(Connection& db, const Message& message, const std::vector<std::string>& file_ids) {
  for (const auto& id : file_ids) {
    Query q(db, kAttach);
    q.bind(message.id, id, message.chat_id);
    if (auto r = run(q); !r) return r;
    Query mark(db, kMarkAttached);
    mark.bind(id);
    if (auto r = run(mark); !r) return r;
  }
  return {};
}

Result<void> detach_files(Connection& db, std::string_view message_id, TimeMs at) {
  Query q(db, kDetach);
  q.bind(message_id);
  auto files = texts(q);
  if (!files) return fail(files.error());
  for (const auto& id : *files) {
    Query held(db, kStillHeld);
    held.bind(id);
    if (held.next()) continue;
    if (held.failed()) return fail(held.error());
    if (auto r = drop_file(db, id, at); !r) return r;
  }
  return {};
}

Result<Upload> SqliteStore::create_upload(const Upload& upload) {
  return write<Upload>([&](Connection& db) -> Result<Upload> {
    Query q(db, kInsertUpload);
    q.bind(upload.id, upload.owner_id, i64(upload.length), upload.name, upload.mime, upload.voice ? 1 : 0,
           upload.created_at, upload.expires_at);
    if (auto r = run(q); !r) return fail(r.error());
    Upload stored = upload;
    stored.offset = 0;
    stored.parts.clear();
    return stored;
  });
}

Result<Upload> SqliteStore::upload(std::string_view id) {
  auto db = readers_->acquire();
  Upload u;
  {
    Query q(*db, kUpload);
    q.bind(id);
    if (!q.next()) return fail(missing(q));
    u.id = q.text(0);
    u.owner_id = q.text(1);
    u.length = static_cast<std::uint64_t>(q.int64(2));
    u.name = q.text(3);
    u.mime = q.text(4);
    u.voice = q.int64(5) != 0;
    u.created_at = q.int64(6);
    u.expires_at = q.int64(7);
  }
  Query q(*db, kParts);
  q.bind(id);
  while (q.next()) {
    u.parts.push_back(UploadPart{q.text(0), static_cast<std::uint64_t>(q.int64(1))});
    u.offset += u.parts.back().size;
  }
  if (q.failed()) return fail(q.error());
  return u;
}

Result<std::uint64_t> SqliteStore::add_upload_part(std::string_view id, std::uint64_t offset, const UploadPart& part,
                                                   TimeMs /*at*/) {
  return write<std::uint64_t>([&](Connection& db) -> Result<std::uint64_t> {
    std::uint64_t length = 0;
    {
      Query q(db, kUpload);
      q.bind(id);
      if (!q.next()) return fail(missing(q));
      length = static_cast<std::uint64_t>(q.int64(2));
    }
    std::uint64_t current = 0;
    {
      Query q(db, kParts);
      q.bind(id);
      while (q.next()) current += static_cast<std::uint64_t>(q.int64(1));
      if (q.failed()) return fail(q.error());
    }
    if (current != offset) return fail(Errc::kConflict);
    if (current + part.size > length) return fail(Errc::kInvalid);
    Query q(db, kInsertPart);
    q.bind(id, part.blob_id, i64(part.size));
    if (auto r = run(q); !r) return fail(r.error());
    return current + part.size;
  });
}

Result<void> SqliteStore::remove_upload(std::string_view id, TimeMs at) {
  return write<void>([&](Connection& db) { return drop_upload(db, id, at); });
}

Result<StoredFile> SqliteStore::finish_upload(const StoredFile& file, TimeMs at) {
  return write<StoredFile>([&](Connection& db) -> Result<StoredFile> {
    if (auto r = drop_upload(db, file.id, at); !r) return fail(r.error());
    {
      Query q(db, kInsertFile);
      q.bind(file.id, file.owner_id, file.name, file.kind, file.mime, i64(file.size), file.attachment, file.created_at);
      if (auto r = run(q); !r) return fail(r.error());
    }
    StoredFile stored = file;
    stored.attached = false;
    for (auto& blob : stored.blobs) {
      auto kept = keep_blob(db, blob, at);
      if (!kept) return fail(kept.error());
      blob.blob_id = std::move(*kept);
      Query q(db, kInsertFileBlob);
      q.bind(stored.id, blob.variant, blob.blob_id, blob.mime);
      if (auto r = run(q); !r) return fail(r.error());
    }
    return stored;
  });
}

Result<StoredFile> SqliteStore::file(std::string_view id) {
  auto db = readers_->acquire();
  return load_file(*db, id);
}

Result<std::vector<StoredFile>> SqliteStore::readable_files(std::string_view user_id,
                                                            const std::vector<std::string>& ids) {
  auto db = readers_->acquire();
  std::vector<StoredFile> out;
  for (const auto& id : ids) {
    {
      Query q(*db, kMayRead);
      q.bind(id, user_id);
      if (!q.next()) {
        if (q.failed()) return fail(q.error());
        continue;
      }
    }
    auto f = load_file(*db, id);
    if (!f) {
      if (f.error() == Errc::kNotFound) continue;
      return fail(f.error());
    }
    out.push_back(std::move(*f));
  }
  return out;
}

Result<FileUsage> SqliteStore::file_usage(std::string_view user_id) {
  auto db = readers_->acquire();
  Query q(*db, kUsage);
  q.bind(user_id);
  if (!q.next()) return fail(missing(q));
  return FileUsage{static_cast<std::uint64_t>(q.int64(0)), static_cast<std::uint64_t>(q.int64(1))};
}

Result<std::size_t> SqliteStore::expire_files(TimeMs now, TimeMs unattached_before, std::size_t limit) {
  return write<std::size_t>([&](Connection& db) -> Result<std::size_t> {
    std::size_t removed = 0;
    {
      Query q(db, kExpiredUploads);
      q.bind(now, i64(limit));
      auto ids = texts(q);
      if (!ids) return fail(ids.error());
      for (const auto& id : *ids) {
        if (auto r = drop_upload(db, id, now); !r) return fail(r.error());
      }
      removed += ids->size();
    }
    Query q(db, kUnattachedFiles);
    q.bind(unattached_before, i64(limit));
    auto ids = texts(q);
    if (!ids) return fail(ids.error());
    for (const auto& id : *ids) {
      if (auto r = drop_file(db, id, now); !r) return fail(r.error());
    }
    return removed + ids->size();
  });
}

Result<std::vector<std::string>> SqliteStore::blob_garbage(std::size_t limit) {
  auto db = readers_->acquire();
  Query q(*db, kGarbageList);
  q.bind(i64(limit));
  return texts(q);
}

Result<void> SqliteStore::forget_blobs(const std::vector<std::string>& blob_ids) {
  return write<void>([&](Connection& db) -> Result<void> {
    for (const auto& id : blob_ids) {
      Query q(db, kForget);
      q.bind(id);
      if (auto r = run(q); !r) return r;
    }
    return {};
  });
}

}  // namespace parley::store::sqlite
