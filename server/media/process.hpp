// What the server makes of an uploaded file once it is complete: its kind (image, video,
// audio, voice note or plain file) told from its bytes, and what a client shows in its place:
// a thumbnail, a display-sized image, a video's poster frame, a ThumbHash placeholder, a voice
// note's waveform, an image's original without its location/EXIF metadata.
//
// libvips does images and PDFs in-process; ffprobe and ffmpeg look at video and audio as child
// processes (run_tool.hpp), each bounded by a timeout. Nothing is written to disk.
//
// Threading: process() is meant for a worker thread (it takes from ~0.1 s to several seconds);
// any number may run at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/sniff.hpp"

namespace parley::media {

enum class Kind { kImage, kVideo, kAudio, kVoice, kFile };

// "image", "video", "audio", "voice", "file".
std::string_view kind_name(Kind kind);

// An image made from the upload, to be stored beside it.
struct Variant {
  std::string bytes;
  std::string mime;  // "image/webp"
  int width = 0;
  int height = 0;
};

struct Processed {
  Kind kind = Kind::kFile;
  // By content (libmagic): "image/png", "application/pdf", "application/octet-stream"; a WebM
  // or MP4 with sound and no picture is "audio/webm" or "audio/mp4".
  std::string mime{};
  int width = 0;  // images (after EXIF orientation) and videos (after rotation)
  int height = 0;
  std::int64_t duration_ms = 0;        // video, audio, voice
  std::optional<Variant> thumbnail{};  // images and PDFs (first page): fits 320x320; videos: the poster's
  std::optional<Variant> display{};    // images larger than 1280 a side (and HEIF, which browsers lack): fits 1280x1280
  std::optional<Variant> poster{};     // videos: a frame at 1 s (or the first), fits 1280x1280
  std::string placeholder{};           // images and videos: ThumbHash, base64
  std::vector<int> waveform{};         // audio and voice: 64 peaks, 0..100, the loudest 100
  // Images whose original carried EXIF/XMP/IPTC metadata or an orientation: the original
  // re-encoded in its own format (JPEG, PNG, WebP) upright and without it. None for animations.
  std::optional<std::string> sanitized{};
  std::string note{};  // why it is a plain file, or what could not be made, for the log
};

struct Limits {
  std::int64_t max_pixels = 100'000'000;  // an image's or a video frame's width x height
  int max_side = 20000;
  std::chrono::seconds tool_timeout{30};  // each run of ffprobe or ffmpeg
  int max_frames = 500;                   // an animated image's frames
};

inline constexpr int kThumbnailSize = 320;
inline constexpr int kDisplaySize = 1280;
inline constexpr int kWaveformSlices = 64;

// Looks at the uploaded file at `path` (left in place) with what its uploader declared.
// `wants_voice`: sent as a voice note (audio then becomes kVoice). Never throws: what cannot be
// processed is kFile with its content's MIME type, downloadable as a document.
Processed process(const std::string& path, std::string_view declared_name, std::string_view declared_mime,
                  bool wants_voice, const Limits& limits = {});

}  // namespace parley::media
