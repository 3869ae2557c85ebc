#include "app/backup.hpp"

#include "store/sqlite/sqlite_backup.hpp"
#include "util/ids.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace parley::app {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr int kFormat = 1;
constexpr const char* kManifest = "manifest.json";
constexpr const char* kDatabase = "parley.db";
constexpr const char* kSecret = "jwt_secret";
constexpr const char* kFilesPrefix = "files/";
constexpr std::size_t kChunk = 256 * 1024;

struct ArchiveDeleter {
  void operator()(archive* a) const { archive_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;
struct EntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};
using EntryPtr = std::unique_ptr<archive_entry, EntryDeleter>;

void check(archive* a, int rc, const std::string& what) {
  if (rc < ARCHIVE_WARN) {
    const char* why = archive_error_string(a);
    throw std::runtime_error(what + ": " + (why != nullptr ? why : "failed"));
  }
}

// A regular file's header, then its bytes from `read` (which fills a buffer, returning the count).
template <class Read>
void add_entry(archive* a, const std::string& name, std::int64_t size, Read read) {
  EntryPtr e(archive_entry_new());
  archive_entry_set_pathname(e.get(), name.c_str());
  archive_entry_set_size(e.get(), size);
  archive_entry_set_filetype(e.get(), AE_IFREG);
  archive_entry_set_perm(e.get(), 0600);
  archive_entry_set_mtime(e.get(), static_cast<time_t>(util::now_ms() / 1000), 0);
  check(a, archive_write_header(a, e.get()), "archive " + name);
  std::array<char, kChunk> buf{};
  std::int64_t left = size;
  while (left > 0) {
    const auto n = read(buf.data(), static_cast<std::size_t>(std::min<std::int64_t>(left, kChunk)));
    if (n == 0) throw std::runtime_error(name + " changed while it was archived");
    if (archive_write_data(a, buf.data(), n) < 0) check(a, ARCHIVE_FATAL, "archive " + name);
    left -= static_cast<std::int64_t>(n);
  }
}

// Archives the file at `path` as `name`; false when it is gone (removed since it was listed).
bool add_file(archive* a, const fs::path& path, const std::string& name) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (!in || ec) return false;
  add_entry(a, name, static_cast<std::int64_t>(size), [&](char* buf, std::size_t n) {
    in.read(buf, static_cast<std::streamsize>(n));
    return static_cast<std::size_t>(in.gcount());
  });
  return true;
}

void add_text(archive* a, const std::string& name, const std::string& text) {
  std::size_t at = 0;
  add_entry(a, name, static_cast<std::int64_t>(text.size()), [&](char* buf, std::size_t n) {
    const auto k = std::min(n, text.size() - at);
    std::copy_n(text.data() + at, k, buf);
    at += k;
    return k;
  });
}

void refuse_cluster(const Config& c, const char* what) {
  if (uses_postgres(c)) {
    throw ConfigError(std::string(what) + " is for the embedded shape; back up PostgreSQL with pg_dump (README)");
  }
  if (!c.s3_endpoint.empty()) {
    throw ConfigError(std::string(what) + " needs the files in a directory; back up the S3 bucket with its own tools");
  }
}

// An archive's name for a path under the data directory: relative, of plain components.
bool safe_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string_view::npos) return false;
  const fs::path p{std::string(name)};
  for (const auto& part : p) {
    if (part == ".." || part == "." || part.empty()) return false;
  }
  return true;
}

std::runtime_error refused(const std::string& archive_path, const std::string& entry) {
  std::string what = archive_path;
  what += ": refusing the entry ";
  what += entry;
  return std::runtime_error(what);
}

}  // namespace

BackupReport backup_data(const Config& c, const std::string& to) {
  refuse_cluster(c, "parley backup");
  const auto database = sqlite_path(c);
  if (!fs::exists(database)) throw std::runtime_error("no database at " + database);
  BackupReport report;
  const std::string partial = to + ".partial";
  const std::string snapshot = to + ".db.partial";
  struct Cleanup {
    std::vector<std::string> paths;
    ~Cleanup() {
      std::error_code ec;
      for (const auto& p : paths) fs::remove(p, ec);
    }
  } cleanup{{partial, snapshot, snapshot + "-wal", snapshot + "-shm"}};
  for (const auto& p : cleanup.paths) fs::remove(p);

  report.schema_version = store::sqlite::snapshot_database(database, snapshot);
  ArchivePtr a(archive_write_new());
  check(a.get(), archive_write_set_format_pax_restricted(a.get()), "tar format");
  check(a.get(), archive_write_open_filename(a.get(), partial.c_str()), "open " + partial);
  const json::object manifest{
      {"format", kFormat}, {"schemaVersion", report.schema_version}, {"createdAt", util::now_ms()}};
  add_text(a.get(), kManifest, json::serialize(manifest));
  if (!add_file(a.get(), snapshot, kDatabase)) throw std::runtime_error("the database copy vanished");
  const auto secret = fs::path(c.data_dir) / kSecret;
  if (c.jwt_secret.empty() && fs::exists(secret)) add_file(a.get(), secret, kSecret);

  const fs::path files = files_path(c);
  const fs::path objects = files / "objects";
  std::error_code ec;
  if (fs::exists(objects)) {
    for (fs::recursive_directory_iterator it(objects, ec), end; !ec && it != end; it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      const auto name = kFilesPrefix + fs::relative(it->path(), files).generic_string();
      if (add_file(a.get(), it->path(), name)) {
        ++report.files;
      } else {
        ++report.files_missing;
      }
    }
    if (ec) throw std::runtime_error("cannot list " + objects.string() + ": " + ec.message());
  }
  check(a.get(), archive_write_close(a.get()), "finish " + partial);
  a.reset();
  fs::rename(partial, to);
  report.bytes = static_cast<std::int64_t>(fs::file_size(to));
  return report;
}

RestoreReport restore_data(const Config& c, const std::string& from) {
  refuse_cluster(c, "parley restore");
  const fs::path data(c.data_dir);
  const fs::path files = files_path(c);
  const fs::path database = sqlite_path(c);
  for (const auto& dir : {data, files}) {
    std::error_code ec;
    if (fs::exists(dir) && !fs::is_empty(dir, ec)) {
      throw std::runtime_error(dir.string() + " is not empty: restore into an empty or new data directory");
    }
  }
  if (fs::exists(database)) throw std::runtime_error(database.string() + " exists already");

  ArchivePtr a(archive_read_new());
  archive_read_support_format_tar(a.get());
  check(a.get(), archive_read_open_filename(a.get(), from.c_str(), kChunk), "open " + from);
  RestoreReport report;
  std::vector<fs::path> written;
  bool done = false;
  struct Undo {
    std::vector<fs::path>& written;
    bool& done;
    ~Undo() {
      if (done) return;
      std::error_code ec;
      for (const auto& p : written) fs::remove(p, ec);
    }
  } undo{written, done};

  auto unpack = [&](const fs::path& to) {
    fs::create_directories(to.parent_path());
    std::ofstream out(to, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + to.string());
    written.push_back(to);
    std::array<char, kChunk> buf{};
    for (;;) {
      const auto n = archive_read_data(a.get(), buf.data(), buf.size());
      if (n < 0) check(a.get(), ARCHIVE_FATAL, "read " + to.string());
      if (n == 0) break;
      out.write(buf.data(), n);
    }
    out.close();
    if (!out) throw std::runtime_error("cannot write " + to.string());
  };

  archive_entry* e = nullptr;
  bool first = true;
  for (;;) {
    const int rc = archive_read_next_header(a.get(), &e);
    if (rc == ARCHIVE_EOF) break;
    check(a.get(), rc, "read " + from);
    const std::string name = archive_entry_pathname(e);
    if (first) {
      // The manifest first: the format and the schema are checked before anything is written.
      if (name != kManifest) throw std::runtime_error(from + " is not a Parley backup (no manifest first)");
      std::string text;
      std::array<char, 4096> buf{};
      for (la_ssize_t n = 0; (n = archive_read_data(a.get(), buf.data(), buf.size())) > 0;) text.append(buf.data(), n);
      std::error_code ec;
      const auto v = json::parse(text, ec);
      const auto* m = v.if_object();
      if (ec || m == nullptr || !m->contains("format") || !m->contains("schemaVersion")) {
        throw std::runtime_error(from + ": the manifest cannot be read");
      }
      if (m->at("format") != kFormat) throw std::runtime_error(from + ": a backup format this build does not know");
      report.schema_version = static_cast<int>(m->at("schemaVersion").to_number<std::int64_t>());
      if (report.schema_version > store::sqlite::schema_version_known()) {
        throw std::runtime_error(from + " holds schema version " + std::to_string(report.schema_version) +
                                 ", newer than this build of parley knows (" +
                                 std::to_string(store::sqlite::schema_version_known()) + ")");
      }
      first = false;
      continue;
    }
    const auto type = archive_entry_filetype(e);
    if (type == AE_IFDIR) continue;
    if (type != AE_IFREG || !safe_name(name)) throw refused(from, name);
    if (name == kDatabase) {
      unpack(database);
    } else if (name == kSecret) {
      unpack(data / kSecret);
      fs::permissions(data / kSecret, fs::perms::owner_read | fs::perms::owner_write);
    } else if (name.starts_with(kFilesPrefix)) {
      unpack(files / name.substr(std::string_view(kFilesPrefix).size()));
      ++report.files;
    } else {
      throw refused(from, name);
    }
  }
  if (first) throw std::runtime_error(from + " is empty");
  if (!fs::exists(database)) throw std::runtime_error(from + " holds no database");
  if (store::sqlite::schema_version_of(database.string()) != report.schema_version) {
    throw std::runtime_error(from + ": the database is not the one the manifest describes");
  }
  done = true;
  return report;
}

namespace {

// The configuration from `args` (the command's own arguments taken out before), or the exit code.
std::optional<Config> config_of(const std::string& program, const std::vector<std::string>& args, int& code) {
  try {
    auto loaded = load_config(args, [](const char* name) { return std::getenv(name); });
    if (loaded.help) {
      std::cout << config_help(program);
      code = 0;
      return std::nullopt;
    }
    return loaded.config;
  } catch (const ConfigError& e) {
    std::cerr << program << ": " << e.what() << "\n";
    code = 2;
    return std::nullopt;
  }
}

}  // namespace

int run_backup_command(const std::string& program, const std::vector<std::string>& args) {
  std::vector<std::string> rest;
  std::string to;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--to" && i + 1 < args.size()) {
      to = args[++i];
    } else if (args[i].starts_with("--to=")) {
      to = args[i].substr(5);
    } else {
      rest.push_back(args[i]);
    }
  }
  if (to.empty()) {
    std::cerr << program << " backup: --to FILE is required\n";
    return 2;
  }
  int code = 0;
  const auto config = config_of(program, rest, code);
  if (!config) return code;
  try {
    const auto r = backup_data(*config, to);
    std::cout << "backed up schema version " << r.schema_version << ", " << r.files << " file(s) into " << to << " ("
              << r.bytes << " bytes)";
    if (r.files_missing > 0) std::cout << "; " << r.files_missing << " file(s) removed meanwhile were left out";
    std::cout << "\n";
    return 0;
  } catch (const ConfigError& e) {
    std::cerr << program << " backup: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << program << " backup: " << e.what() << "\n";
    return 1;
  }
}

int run_restore_command(const std::string& program, const std::vector<std::string>& args) {
  if (args.empty() || args[0].starts_with("--")) {
    std::cerr << program << " restore: usage: " << program << " restore FILE [--data_dir DIR ...]\n";
    return 2;
  }
  int code = 0;
  const auto config = config_of(program, std::vector<std::string>(args.begin() + 1, args.end()), code);
  if (!config) return code;
  try {
    const auto r = restore_data(*config, args[0]);
    std::cout << "restored schema version " << r.schema_version << " and " << r.files << " file(s) into "
              << config->data_dir << "\n";
    return 0;
  } catch (const ConfigError& e) {
    std::cerr << program << " restore: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << program << " restore: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace parley::app
