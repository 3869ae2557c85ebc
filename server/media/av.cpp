#include "media/av.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "media/run_tool.hpp"
#include "media/still.hpp"

namespace parley::media::av {
namespace {

namespace json = boost::json;

constexpr int kWaveformRate = 8000;
constexpr int kBucketSamples = 80;                // 10 ms of sound a bucket
constexpr std::size_t kMaxBuckets = 4 * 360'000;  // 4 hours; sound beyond is not drawn
constexpr std::size_t kMaxFrameBytes = 128 << 20;

// The ffmpeg demuxer for each type taken; the file is read as that and nothing else.
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kDemuxers{{
    {"video/mp4", "mov"},
    {"video/quicktime", "mov"},
    {"video/webm", "matroska"},
    {"audio/webm", "matroska"},
    {"audio/mp4", "mov"},
    {"audio/x-m4a", "mov"},
    {"audio/ogg", "ogg"},
    {"audio/mpeg", "mp3"},
    {"audio/wav", "wav"},
    {"audio/flac", "flac"},
    {"audio/aac", "aac"},
    {"audio/x-aac", "aac"},
}};

std::string_view demuxer_of(std::string_view mime) {
  for (const auto& [type, demuxer] : kDemuxers) {
    if (type == mime) return demuxer;
  }
  return {};
}

bool is_video_type(std::string_view mime) { return mime.starts_with("video/"); }

// The first part of an ffmpeg or ffprobe command line: quiet, reading only the local file as
// the demuxer of its type (no playlists, no other protocols).
std::vector<std::string> tool(std::string program, std::string_view demuxer) {
  std::vector<std::string> argv{std::move(program), "-hide_banner", "-v", "error"};
  if (argv[0] == "ffmpeg") argv.emplace_back("-nostdin");
  argv.insert(argv.end(), {"-protocol_whitelist", "file", "-f", std::string(demuxer)});
  return argv;
}

std::int64_t seconds_to_ms(const json::value* text) {
  if (text == nullptr || !text->is_string()) return 0;
  const std::string value(text->as_string());
  char* end = nullptr;
  const double seconds = std::strtod(value.c_str(), &end);
  if (end == value.c_str() || !std::isfinite(seconds) || seconds <= 0 || seconds > 1e9) return 0;
  return static_cast<std::int64_t>(std::llround(seconds * 1000));
}

int int_of(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) return 0;
  if (value->is_int64()) return static_cast<int>(std::clamp<std::int64_t>(value->as_int64(), -1'000'000, 1'000'000));
  if (value->is_string()) {
    int parsed = 0;
    const auto text = value->as_string();
    std::from_chars(text.data(), text.data() + text.size(), parsed);
    return parsed;
  }
  return 0;
}

// The rotation a video stream asks for, in degrees: side data (ffmpeg 5) or the old tag.
int rotation_of(const json::object& stream) {
  if (const auto* side = stream.if_contains("side_data_list"); side != nullptr && side->is_array()) {
    for (const auto& item : side->as_array()) {
      if (item.is_object() && item.as_object().contains("rotation")) return int_of(item.as_object(), "rotation");
    }
  }
  if (const auto* tags = stream.if_contains("tags"); tags != nullptr && tags->is_object()) {
    return int_of(tags->as_object(), "rotate");
  }
  return 0;
}

std::optional<std::string> poster_frame(const std::string& path, std::string_view demuxer, bool at_one_second,
                                        const Limits& limits, std::string& why) {
  std::vector<std::string> argv = tool("ffmpeg", demuxer);
  if (at_one_second) argv.insert(argv.end(), {"-ss", "1"});
  argv.insert(argv.end(),
              {"-i", "file:" + path, "-an", "-sn", "-dn", "-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-"});
  auto run = run_tool(argv, {.timeout = limits.tool_timeout, .max_output = kMaxFrameBytes});
  if (!run.ok()) {
    why = "ffmpeg: " + run.describe();
    return std::nullopt;
  }
  if (run.out.empty()) return std::nullopt;  // nothing there: shorter than a second
  return std::move(run.out);
}

// Peaks of 10 ms buckets of the file's sound, decoded by ffmpeg to 8 kHz mono 16-bit PCM.
std::optional<std::vector<std::int16_t>> sound_peaks(const std::string& path, std::string_view demuxer,
                                                     const Limits& limits, std::string& why) {
  std::vector<std::int16_t> peaks;
  int bucket_peak = 0;
  int in_bucket = 0;
  std::array<unsigned char, 2> carry{};
  bool has_carry = false;
  auto take = [&](unsigned char low, unsigned char high) {
    const auto sample = static_cast<std::int16_t>(static_cast<std::uint16_t>(low | (high << 8)));
    bucket_peak = std::max(bucket_peak, std::abs(static_cast<int>(sample)));
    if (++in_bucket == kBucketSamples) {
      peaks.push_back(static_cast<std::int16_t>(std::min(bucket_peak, 32767)));
      bucket_peak = 0;
      in_bucket = 0;
    }
  };
  std::vector<std::string> argv = tool("ffmpeg", demuxer);
  argv.insert(argv.end(), {"-i", "file:" + path, "-vn", "-sn", "-dn", "-ac", "1", "-ar", std::to_string(kWaveformRate),
                           "-f", "s16le", "-"});
  const auto run =
      run_tool(argv, {.timeout = limits.tool_timeout, .on_output = [&](std::string_view chunk) {
                        std::size_t i = 0;
                        if (has_carry && !chunk.empty()) {
                          take(carry[0], static_cast<unsigned char>(chunk[0]));
                          has_carry = false;
                          i = 1;
                        }
                        for (; i + 1 < chunk.size(); i += 2) {
                          take(static_cast<unsigned char>(chunk[i]), static_cast<unsigned char>(chunk[i + 1]));
                        }
                        if (i < chunk.size()) {
                          carry[0] = static_cast<unsigned char>(chunk[i]);
                          has_carry = true;
                        }
                        return peaks.size() < kMaxBuckets;
                      }});
  if (!run.ok() && run.outcome != ToolRun::Outcome::kStopped) {
    why = "ffmpeg: " + run.describe();
    return std::nullopt;
  }
  if (in_bucket > 0) peaks.push_back(static_cast<std::int16_t>(std::min(bucket_peak, 32767)));
  return peaks;
}

void process_video(const std::string& path, std::string_view demuxer, const Probe& probe, const Limits& limits,
                   Processed& out) {
  if (probe.width <= 0 || probe.height <= 0 || probe.width > limits.max_side || probe.height > limits.max_side ||
      static_cast<std::int64_t>(probe.width) * probe.height > limits.max_pixels) {
    out.note = "the video's size cannot be shown: " + std::to_string(probe.width) + "x" + std::to_string(probe.height);
    return;
  }
  out.kind = Kind::kVideo;
  out.width = probe.width;
  out.height = probe.height;
  out.duration_ms = probe.duration_ms;
  std::string why;
  auto frame = poster_frame(path, demuxer, true, limits, why);
  if (!frame && why.empty()) frame = poster_frame(path, demuxer, false, limits, why);
  if (!frame) {
    out.note = why.empty() ? "the video has no frame to show" : why;
  } else if (!still::process_frame(*frame, out)) {
    out.note = "the video's frame cannot be read";
  }
}

}  // namespace

bool is_av(std::string_view mime) { return !demuxer_of(mime).empty(); }

std::optional<Probe> parse_probe(std::string_view text) {
  boost::system::error_code ec;
  const json::value root = json::parse(text, ec);
  if (ec || !root.is_object()) return std::nullopt;
  Probe probe;
  const auto* streams = root.as_object().if_contains("streams");
  if (streams == nullptr || !streams->is_array()) return std::nullopt;
  for (const auto& item : streams->as_array()) {
    if (!item.is_object()) continue;
    const auto& stream = item.as_object();
    const auto* type = stream.if_contains("codec_type");
    if (type == nullptr || !type->is_string()) continue;
    if (*type == "audio") probe.has_audio = true;
    if (*type != "video" || probe.has_video) continue;
    const auto* disposition = stream.if_contains("disposition");
    if (disposition != nullptr && disposition->is_object() && int_of(disposition->as_object(), "attached_pic") != 0) {
      continue;  // an album's cover
    }
    probe.has_video = true;
    probe.width = int_of(stream, "width");
    probe.height = int_of(stream, "height");
    if (std::abs(rotation_of(stream)) % 180 == 90) std::swap(probe.width, probe.height);
    probe.duration_ms = seconds_to_ms(stream.if_contains("duration"));
  }
  if (const auto* format = root.as_object().if_contains("format"); format != nullptr && format->is_object()) {
    if (const auto ms = seconds_to_ms(format->as_object().if_contains("duration")); ms > 0) probe.duration_ms = ms;
  }
  return probe;
}

std::vector<int> waveform_of(const std::vector<std::int16_t>& peaks, int slices) {
  if (peaks.empty() || slices <= 0) return {};
  const std::size_t n = peaks.size();
  std::vector<int> slice_peaks(static_cast<std::size_t>(slices));
  for (std::size_t i = 0; i < slice_peaks.size(); ++i) {
    const std::size_t from = std::min(i * n / slice_peaks.size(), n - 1);
    const std::size_t to = std::max(from + 1, (i + 1) * n / slice_peaks.size());
    slice_peaks[i] = *std::max_element(peaks.begin() + static_cast<std::ptrdiff_t>(from),
                                       peaks.begin() + static_cast<std::ptrdiff_t>(to));
  }
  const int loudest = *std::max_element(slice_peaks.begin(), slice_peaks.end());
  for (int& value : slice_peaks) value = loudest == 0 ? 0 : static_cast<int>(std::lround(100.0 * value / loudest));
  return slice_peaks;
}

void process_av(const std::string& path, std::string_view mime, bool wants_voice, const Limits& limits,
                Processed& out) {
  const std::string_view demuxer = demuxer_of(mime);
  std::vector<std::string> argv = tool("ffprobe", demuxer);
  argv.insert(argv.end(), {"-print_format", "json", "-show_format", "-show_streams", "file:" + path});
  const auto run = run_tool(argv, {.timeout = limits.tool_timeout, .max_output = 4 << 20});
  if (!run.ok()) {
    out.note = "ffprobe: " + run.describe();
    return;
  }
  const auto probe = parse_probe(run.out);
  if (!probe) {
    out.note = "ffprobe printed what cannot be read";
    return;
  }
  if (probe->has_video) {
    if (!is_video_type(mime)) {
      out.note = "a picture in what should be sound: " + std::string(mime);
      return;
    }
    process_video(path, demuxer, *probe, limits, out);
    return;
  }
  if (!probe->has_audio) {
    out.note = "no sound or picture in it";
    return;
  }
  out.kind = wants_voice ? Kind::kVoice : Kind::kAudio;
  if (mime == "video/webm") out.mime = "audio/webm";
  if (mime == "video/mp4" || mime == "video/quicktime") out.mime = "audio/mp4";
  out.duration_ms = probe->duration_ms;
  std::string why;
  const auto peaks = sound_peaks(path, demuxer, limits, why);
  if (!peaks) {
    out.note = why;
    return;
  }
  out.waveform = waveform_of(*peaks, kWaveformSlices);
  // Recorders that stream (a browser's MediaRecorder) leave the length out of the file.
  if (out.duration_ms == 0)
    out.duration_ms = static_cast<std::int64_t>(peaks->size()) * kBucketSamples * 1000 / kWaveformRate;
}

}  // namespace parley::media::av
