// Video and sound for process(): ffprobe says what streams a file has and how long it is,
// ffmpeg decodes a poster frame and the sound for a waveform. Both run as child processes
// (run_tool.hpp) reading the file through the demuxer of its sniffed type only. Internal to the
// media library.
//
// Threading: safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/process.hpp"

namespace parley::media::av {

// Whether `mime` is a video or audio type process() takes (then it must also probe well).
bool is_av(std::string_view mime);

struct Probe {
  bool has_video = false;  // a moving picture; cover art does not count
  bool has_audio = false;
  int width = 0;  // as shown, after the rotation the file asks for
  int height = 0;
  std::int64_t duration_ms = 0;  // 0 when the file does not say
};

// Reads ffprobe's JSON; nothing when it is not what ffprobe prints.
std::optional<Probe> parse_probe(std::string_view json);

// Sets kind kVideo, kAudio or kVoice with what goes with it, or leaves kFile with a note.
void process_av(const std::string& path, std::string_view mime, bool wants_voice, const Limits& limits, Processed& out);

// `slices` peaks of 16-bit mono samples, 0..100 with the loudest 100 (all 0 when silent).
std::vector<int> waveform_of(const std::vector<std::int16_t>& peaks, int slices);

}  // namespace parley::media::av
