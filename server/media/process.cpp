#include "media/process.hpp"

#include <exception>

#include "media/av.hpp"
#include "media/still.hpp"

namespace parley::media {
namespace {

void classify(const std::string& path, std::string_view declared_name, std::string_view declared_mime, bool wants_voice,
              const Limits& limits, Processed& out) {
  out.mime = sniff_mime(path);
  if (!consistent_extension(declared_name, out.mime)) {
    out.note = "the name " + std::string(declared_name) + " (declared " + std::string(declared_mime) +
               ") does not fit its content, " + out.mime;
    return;
  }
  if (still::is_image(out.mime)) {
    still::process_image(path, out.mime, limits, out);
  } else if (av::is_av(out.mime)) {
    av::process_av(path, out.mime, wants_voice, limits, out);
  } else if (out.mime == "application/pdf") {
    still::process_pdf(path, out);
  }
}

}  // namespace

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::kImage:
      return "image";
    case Kind::kVideo:
      return "video";
    case Kind::kAudio:
      return "audio";
    case Kind::kVoice:
      return "voice";
    case Kind::kFile:
      break;
  }
  return "file";
}

Processed process(const std::string& path, std::string_view declared_name, std::string_view declared_mime,
                  bool wants_voice, const Limits& limits) {
  Processed out;
  try {
    classify(path, declared_name, declared_mime, wants_voice, limits, out);
  } catch (const std::exception& e) {  // out of memory, most likely: the file stays a document
    out = Processed{.mime = out.mime, .note = std::string("processing failed: ") + e.what()};
  } catch (...) {
    out = Processed{.mime = out.mime, .note = "processing failed"};
  }
  if (out.kind == Kind::kFile) {
    // A plain file carries nothing made from it as a picture, except a PDF's first page.
    if (out.mime != "application/pdf") out.thumbnail.reset();
    out.display.reset();
    out.poster.reset();
    out.placeholder.clear();
    out.waveform.clear();
    out.sanitized.reset();
    out.width = out.height = 0;
    out.duration_ms = 0;
  }
  if (out.mime.empty()) out.mime = "application/octet-stream";
  return out;
}

}  // namespace parley::media
