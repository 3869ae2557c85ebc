// process() on videos and sounds that ffmpeg makes here; the reading of ffprobe's output and the
// waveform on their own.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>

#include "media/av.hpp"
#include "media/image.hpp"
#include "media/process.hpp"
#include "media/test_files.hpp"
#include "util/base64.hpp"

namespace parley::media {
namespace {

using testing::has_encoder;
using testing::TempDir;

std::string video_codec() { return has_encoder("libx264") ? "libx264" : "mpeg4"; }

// A `seconds` long 640x360 test pattern as MP4.
std::string mp4(const TempDir& dir, const std::string& seconds) {
  return dir.ffmpeg("clip.mp4", {"-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-t", seconds, "-c:v",
                                 video_codec(), "-pix_fmt", "yuv420p"});
}

// A 440 Hz tone for `seconds` in the codec asked for.
std::string tone(const TempDir& dir, const std::string& name, const std::string& codec, int seconds = 3) {
  return dir.ffmpeg(name,
                    {"-f", "lavfi", "-i", "sine=frequency=440:duration=" + std::to_string(seconds), "-c:a", codec});
}

TEST(ProcessAv, MakesAPosterOfAVideo) {
  ASSERT_TRUE(images_ready());
  TempDir dir;
  const auto path = mp4(dir, "2");
  ASSERT_FALSE(path.empty());
  const auto out = process(path, "clip.mp4", "video/mp4", false);
  EXPECT_EQ(out.kind, Kind::kVideo) << out.note;
  EXPECT_EQ(out.mime, "video/mp4");
  EXPECT_EQ(out.width, 640);
  EXPECT_EQ(out.height, 360);
  EXPECT_NEAR(static_cast<double>(out.duration_ms), 2000, 100);
  ASSERT_TRUE(out.poster);
  EXPECT_EQ(out.poster->mime, "image/webp");
  EXPECT_EQ(sniff_image(out.poster->bytes), "image/webp");
  EXPECT_EQ(out.poster->width, 640);
  EXPECT_EQ(out.poster->height, 360);
  ASSERT_TRUE(out.thumbnail);
  EXPECT_EQ(out.thumbnail->width, 320);
  EXPECT_EQ(out.thumbnail->height, 180);
  const auto hash = util::base64_decode(out.placeholder);
  ASSERT_TRUE(hash);
  EXPECT_GE(hash->size(), 5U);
  EXPECT_EQ(static_cast<unsigned char>((*hash)[4]) >> 7, 1);  // landscape
  EXPECT_TRUE(out.waveform.empty());
  EXPECT_FALSE(out.sanitized);
}

TEST(ProcessAv, TakesTheFirstFrameOfAShortVideoAndHonoursRotation) {
  TempDir dir;
  const auto out = process(mp4(dir, "0.4"), "short.mp4", "video/mp4", false);
  EXPECT_EQ(out.kind, Kind::kVideo) << out.note;
  EXPECT_TRUE(out.poster) << out.note;

  // A phone held upright: the frames are landscape, the file says to turn them.
  const auto upright =
      dir.ffmpeg("upright.mp4", {"-i", dir.path("clip.mp4"), "-c", "copy", "-metadata:s:v:0", "rotate=90"});
  ASSERT_FALSE(upright.empty());
  const auto turned = process(upright, "", "", false);
  EXPECT_EQ(turned.kind, Kind::kVideo) << turned.note;
  EXPECT_EQ(turned.width, 360);
  EXPECT_EQ(turned.height, 640);
  ASSERT_TRUE(turned.poster);
  EXPECT_EQ(turned.poster->width, 360);  // ffmpeg turns the frame too
}

TEST(ProcessAv, ReadsAWebMVideo) {
  if (!has_encoder("libvpx")) GTEST_SKIP() << "no VP8 encoder";
  TempDir dir;
  const auto path = dir.ffmpeg("clip.webm", {"-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "1.5", "-c:v",
                                             "libvpx", "-b:v", "500k"});
  ASSERT_FALSE(path.empty());
  const auto out = process(path, "clip.webm", "video/webm", false);
  EXPECT_EQ(out.kind, Kind::kVideo) << out.note;
  EXPECT_EQ(out.mime, "video/webm");
  EXPECT_EQ(out.width, 320);
  EXPECT_NEAR(static_cast<double>(out.duration_ms), 1500, 100);
  EXPECT_TRUE(out.poster);
}

TEST(ProcessAv, DrawsTheWaveformOfAVoiceNote) {
  if (!has_encoder("libopus")) GTEST_SKIP() << "no Opus encoder";
  TempDir dir;
  const auto ogg = process(tone(dir, "voice.ogg", "libopus"), "voice.ogg", "audio/ogg", true);
  EXPECT_EQ(ogg.kind, Kind::kVoice) << ogg.note;
  EXPECT_EQ(ogg.mime, "audio/ogg");
  EXPECT_NEAR(static_cast<double>(ogg.duration_ms), 3000, 100);
  ASSERT_EQ(ogg.waveform.size(), 64U);
  EXPECT_EQ(*std::max_element(ogg.waveform.begin(), ogg.waveform.end()), 100);
  EXPECT_GT(*std::min_element(ogg.waveform.begin() + 1, ogg.waveform.end() - 1), 80);  // a steady tone
  EXPECT_FALSE(ogg.thumbnail);
  EXPECT_TRUE(ogg.placeholder.empty());

  // A browser's recording: libmagic calls a WebM "video" whatever it holds.
  const auto webm = process(tone(dir, "voice.webm", "libopus"), "voice.webm", "audio/webm", true);
  EXPECT_EQ(webm.kind, Kind::kVoice) << webm.note;
  EXPECT_EQ(webm.mime, "audio/webm");
  EXPECT_EQ(webm.waveform.size(), 64U);

  const auto not_voice = process(dir.path("voice.ogg"), "song.opus", "audio/ogg", false);
  EXPECT_EQ(not_voice.kind, Kind::kAudio) << not_voice.note;
  EXPECT_EQ(not_voice.waveform.size(), 64U);
}

TEST(ProcessAv, TheWaveformFollowsTheLoudness) {
  TempDir dir;
  // A second of silence, then a second of tone, as WAV (no encoder needed).
  const auto path =
      dir.ffmpeg("half.wav", {"-f", "lavfi", "-i", "aevalsrc=if(lt(t\\,1)\\,0\\,0.5*sin(2*PI*440*t)):d=2"});
  ASSERT_FALSE(path.empty());
  const auto out = process(path, "half.wav", "audio/wav", false);
  EXPECT_EQ(out.kind, Kind::kAudio) << out.note;
  EXPECT_EQ(out.mime, "audio/wav");
  EXPECT_NEAR(static_cast<double>(out.duration_ms), 2000, 50);
  ASSERT_EQ(out.waveform.size(), 64U);
  EXPECT_EQ(out.waveform.front(), 0);
  EXPECT_EQ(out.waveform[30], 0);
  EXPECT_GE(out.waveform[34], 95);
  EXPECT_GE(out.waveform.back(), 95);

  if (has_encoder("aac")) {
    const auto m4a = process(tone(dir, "song.m4a", "aac"), "song.m4a", "audio/mp4", true);
    EXPECT_EQ(m4a.kind, Kind::kVoice) << m4a.note;
    EXPECT_EQ(m4a.waveform.size(), 64U);
  }
}

TEST(ProcessAv, WhatCannotBeProbedIsAFile) {
  TempDir dir;
  // An MP4's first box and then nothing that plays.
  const std::string fake = std::string(
                               "\0\0\0\x18"
                               "ftypisom\0\0\x02\0isomiso2",
                               24) +
                           std::string(4000, '\x07');
  const auto broken = process(dir.write("broken.mp4", fake), "broken.mp4", "video/mp4", false);
  EXPECT_EQ(broken.kind, Kind::kFile);
  EXPECT_EQ(broken.mime, "video/mp4");
  EXPECT_FALSE(broken.note.empty());

  const auto path = mp4(dir, "1");
  const auto late = process(path, "clip.mp4", "video/mp4", false, {.tool_timeout = std::chrono::seconds(0)});
  EXPECT_EQ(late.kind, Kind::kFile);
  EXPECT_NE(late.note.find("timed out"), std::string::npos) << late.note;

  // Without ffprobe at hand, a video is only a file.
  const std::string old_path = std::getenv("PATH");
  ::setenv("PATH", "/nonexistent", 1);
  const auto no_tools = process(path, "clip.mp4", "video/mp4", false);
  ::setenv("PATH", old_path.c_str(), 1);
  EXPECT_EQ(no_tools.kind, Kind::kFile);
  EXPECT_NE(no_tools.note.find("did not start"), std::string::npos) << no_tools.note;

  const auto big = process(path, "clip.mp4", "video/mp4", false, {.max_pixels = 1000});
  EXPECT_EQ(big.kind, Kind::kFile);
  EXPECT_FALSE(big.poster);
}

TEST(ProcessAv, ReadsFfprobesJson) {
  const auto probe = av::parse_probe(R"({"streams": [
      {"codec_type": "audio"},
      {"codec_type": "video", "width": 1920, "height": 1080, "disposition": {"attached_pic": 1}},
      {"codec_type": "video", "width": 1920, "height": 1080, "duration": "4.5",
       "side_data_list": [{"side_data_type": "Display Matrix", "rotation": -90}]}],
      "format": {"duration": "12.345678"}})");
  ASSERT_TRUE(probe);
  EXPECT_TRUE(probe->has_video);
  EXPECT_TRUE(probe->has_audio);
  EXPECT_EQ(probe->width, 1080);
  EXPECT_EQ(probe->height, 1920);
  EXPECT_EQ(probe->duration_ms, 12346);

  const auto cover_only = av::parse_probe(R"({"streams": [{"codec_type": "audio"},
      {"codec_type": "video", "disposition": {"attached_pic": 1}}], "format": {"duration": "N/A"}})");
  ASSERT_TRUE(cover_only);
  EXPECT_FALSE(cover_only->has_video);
  EXPECT_EQ(cover_only->duration_ms, 0);

  EXPECT_FALSE(av::parse_probe("not json"));
  EXPECT_FALSE(av::parse_probe(R"({"format": {}})"));
  EXPECT_FALSE(av::parse_probe("[1, 2]"));
}

TEST(ProcessAv, WaveformSlicesAndScales) {
  EXPECT_TRUE(av::waveform_of({}, 64).empty());
  const std::vector<std::int16_t> silence(500, 0);
  EXPECT_EQ(av::waveform_of(silence, 64), std::vector<int>(64, 0));

  std::vector<std::int16_t> ramp(128);
  for (std::size_t i = 0; i < ramp.size(); ++i) ramp[i] = static_cast<std::int16_t>(i * 100);
  const auto wave = av::waveform_of(ramp, 64);
  ASSERT_EQ(wave.size(), 64U);
  EXPECT_EQ(wave.back(), 100);
  EXPECT_TRUE(std::is_sorted(wave.begin(), wave.end()));
  EXPECT_EQ(wave.front(), 1);  // 100 of 12700

  // Fewer buckets than slices: each slice takes its nearest bucket.
  const auto few = av::waveform_of({100, 200}, 4);
  EXPECT_EQ(few, (std::vector<int>{50, 50, 100, 100}));
}

}  // namespace
}  // namespace parley::media
