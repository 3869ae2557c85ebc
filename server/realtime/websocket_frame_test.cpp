#include "realtime/websocket_frame.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parley::realtime::ws {
namespace {

using Kind = ReadEvent::Kind;

// A client frame: masked with a fixed key unless `masked` is false. `length_form` forces the
// 7-bit (0), 16-bit (126) or 64-bit (127) length form, which may be longer than needed.
std::string client_frame(unsigned char first, std::string_view payload, bool masked = true, int length_form = -1) {
  std::string out;
  out += static_cast<char>(first);
  const unsigned char mask_bit = masked ? 0x80 : 0x00;
  const std::uint64_t n = payload.size();
  int form = length_form;
  if (form < 0) form = n <= 125 ? 0 : n <= 0xFFFF ? 126 : 127;
  if (form == 0) {
    out += static_cast<char>(mask_bit | n);
  } else if (form == 126) {
    out += static_cast<char>(mask_bit | 126);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xFF);
  } else {
    out += static_cast<char>(mask_bit | 127);
    for (int i = 7; i >= 0; --i) out += static_cast<char>((n >> (8 * i)) & 0xFF);
  }
  const unsigned char key[4] = {0x37, 0xfa, 0x21, 0x3d};
  if (masked) out.append(reinterpret_cast<const char*>(key), 4);
  for (std::size_t i = 0; i < payload.size(); ++i) {
    out += masked ? static_cast<char>(static_cast<unsigned char>(payload[i]) ^ key[i % 4]) : payload[i];
  }
  return out;
}

std::string text(std::string_view payload) { return client_frame(0x81, payload); }

// Reads all of `bytes`, `chunk` bytes at a time, and collects the events.
std::vector<ReadEvent> read_all(FrameReader& reader, std::string_view bytes, std::size_t chunk = 0) {
  std::vector<ReadEvent> events;
  if (chunk == 0) chunk = bytes.size();
  while (!bytes.empty()) {
    std::string_view part = bytes.substr(0, chunk);
    const std::size_t part_size = part.size();
    while (!part.empty()) {
      ReadEvent event;
      const std::size_t n = reader.read(part, event);
      EXPECT_GT(n, 0u);
      part.remove_prefix(n);
      if (event.kind != Kind::kNone) events.push_back(std::move(event));
    }
    bytes.remove_prefix(part_size);
  }
  return events;
}

ReadEvent single(std::string_view bytes, std::size_t max = 1 << 20) {
  FrameReader reader(max);
  auto events = read_all(reader, bytes);
  EXPECT_EQ(events.size(), 1u);
  return events.empty() ? ReadEvent{} : events.front();
}

TEST(WebSocketFrame, HeadersUseTheShortestLengthForm) {
  const auto h0 = encode_header(Opcode::kText, 0);
  EXPECT_EQ(h0.view(), std::string_view("\x81\x00", 2));
  const auto h125 = encode_header(Opcode::kBinary, 125);
  EXPECT_EQ(h125.view(), std::string_view("\x82\x7d", 2));
  const auto h126 = encode_header(Opcode::kText, 126);
  EXPECT_EQ(h126.view(), std::string_view("\x81\x7e\x00\x7e", 4));
  const auto h65535 = encode_header(Opcode::kText, 65535);
  EXPECT_EQ(h65535.view(), std::string_view("\x81\x7e\xff\xff", 4));
  const auto h65536 = encode_header(Opcode::kText, 65536);
  EXPECT_EQ(h65536.view(), std::string_view("\x81\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10));
  const auto big = encode_header(Opcode::kBinary, 0x0102030405060708ULL);
  EXPECT_EQ(big.view(), std::string_view("\x82\x7f\x01\x02\x03\x04\x05\x06\x07\x08", 10));
  EXPECT_EQ(encode_header(Opcode::kClose, 2).view(), std::string_view("\x88\x02", 2));
  EXPECT_EQ(encode_header(Opcode::kPong, 4).view(), std::string_view("\x8a\x04", 2));
}

TEST(WebSocketFrame, ClosePayloads) {
  EXPECT_EQ(close_payload(CloseCode::kNormal), std::string("\x03\xe8", 2));
  EXPECT_EQ(close_payload(CloseCode::kTooBig), std::string("\x03\xf1", 2));
  EXPECT_EQ(close_payload(CloseCode::kNoStatus), "");
  EXPECT_TRUE(is_valid_close_code(1000));
  EXPECT_TRUE(is_valid_close_code(1014));
  EXPECT_TRUE(is_valid_close_code(4999));
  EXPECT_FALSE(is_valid_close_code(999));
  EXPECT_FALSE(is_valid_close_code(1004));
  EXPECT_FALSE(is_valid_close_code(1005));
  EXPECT_FALSE(is_valid_close_code(1006));
  EXPECT_FALSE(is_valid_close_code(1015));
  EXPECT_FALSE(is_valid_close_code(2999));
  EXPECT_FALSE(is_valid_close_code(5000));
}

TEST(WebSocketFrame, UnmasksMessagesOfEveryLengthClass) {
  for (const std::size_t size : {0u, 1u, 7u, 8u, 9u, 125u, 126u, 1000u, 65535u, 65536u, 200000u}) {
    std::string payload(size, '\0');
    for (std::size_t i = 0; i < size; ++i) payload[i] = static_cast<char>('a' + i % 26);
    const auto event = single(text(payload));
    EXPECT_EQ(event.kind, Kind::kText) << size;
    EXPECT_EQ(event.payload, payload) << size;
    const auto binary = single(client_frame(0x82, payload));
    EXPECT_EQ(binary.kind, Kind::kBinary) << size;
    EXPECT_EQ(binary.payload, payload) << size;
  }
}

TEST(WebSocketFrame, ReadsAcrossAnySplitOfTheBytes) {
  std::string bytes = text("hello") + client_frame(0x82, std::string(300, '\x01')) + client_frame(0x89, "pp") +
                      client_frame(0x81, std::string(70000, 'z'));
  for (const std::size_t chunk : {1u, 2u, 3u, 5u, 13u, 64u, 4096u}) {
    FrameReader reader(1 << 20);
    const auto events = read_all(reader, bytes, chunk);
    ASSERT_EQ(events.size(), 4u) << chunk;
    EXPECT_EQ(events[0].kind, Kind::kText);
    EXPECT_EQ(events[0].payload, "hello");
    EXPECT_EQ(events[1].kind, Kind::kBinary);
    EXPECT_EQ(events[1].payload, std::string(300, '\x01'));
    EXPECT_EQ(events[2].kind, Kind::kPing);
    EXPECT_EQ(events[2].payload, "pp");
    EXPECT_EQ(events[3].payload, std::string(70000, 'z'));
    EXPECT_TRUE(reader.idle());
  }
}

TEST(WebSocketFrame, StopsAtTheEndOfEachMessage) {
  FrameReader reader(1000);
  const std::string bytes = text("one") + text("two");
  ReadEvent event;
  const std::size_t n = reader.read(bytes, event);
  EXPECT_EQ(n, text("one").size());
  EXPECT_EQ(event.payload, "one");
  EXPECT_EQ(reader.read(std::string_view(bytes).substr(n), event), text("two").size());
  EXPECT_EQ(event.payload, "two");
}

TEST(WebSocketFrame, ReassemblesFragmentsWithControlFramesBetween) {
  const std::string bytes = client_frame(0x01, "Hel") + client_frame(0x89, "are you there") +
                            client_frame(0x00, "lo, ") + client_frame(0x8A, "") + client_frame(0x80, "wörld");
  FrameReader reader(1000);
  const auto events = read_all(reader, bytes, 3);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind, Kind::kPing);
  EXPECT_EQ(events[0].payload, "are you there");
  EXPECT_EQ(events[1].kind, Kind::kPong);
  EXPECT_EQ(events[2].kind, Kind::kText);
  EXPECT_EQ(events[2].payload, "Hello, wörld");

  // Binary fragments, one of them empty.
  const auto binary = single(client_frame(0x02, "ab") + client_frame(0x00, "") + client_frame(0x80, "cd"));
  EXPECT_EQ(binary.kind, Kind::kBinary);
  EXPECT_EQ(binary.payload, "abcd");
}

TEST(WebSocketFrame, ValidatesUtf8OverTheWholeMessage) {
  // A code point split over two fragments is fine.
  const std::string euro = "\xe2\x82\xac";
  const auto split = single(client_frame(0x01, euro.substr(0, 1)) + client_frame(0x80, euro.substr(1)));
  EXPECT_EQ(split.kind, Kind::kText);
  EXPECT_EQ(split.payload, euro);

  for (const std::string bad : {"\xc3\x28", "\xff", "a\xed\xa0\x80", "\xe2\x82", "\xf4\x90\x80\x80", "\xc0\xaf"}) {
    const auto event = single(text(bad));
    EXPECT_EQ(event.kind, Kind::kError);
    EXPECT_EQ(event.code, CloseCode::kInvalidPayload);
  }
  // Binary messages are not text.
  EXPECT_EQ(single(client_frame(0x82, "\xff\xfe")).kind, Kind::kBinary);
}

TEST(WebSocketFrame, EnforcesTheMessageLimitOnHeaders) {
  EXPECT_EQ(single(text(std::string(100, 'a')), 100).kind, Kind::kText);
  const auto over = single(text(std::string(101, 'a')), 100);
  EXPECT_EQ(over.kind, Kind::kError);
  EXPECT_EQ(over.code, CloseCode::kTooBig);

  // Fragments count together.
  const auto fragments =
      single(client_frame(0x01, std::string(60, 'a')) + client_frame(0x80, std::string(41, 'b')), 100);
  EXPECT_EQ(fragments.code, CloseCode::kTooBig);

  // A header announcing a huge frame fails before any of its payload arrives.
  FrameReader reader(1000);
  ReadEvent event;
  const std::string header("\x82\xff\x00\x00\x00\x01\x00\x00\x00\x00\x01\x02\x03\x04", 14);
  EXPECT_EQ(reader.read(header, event), header.size());
  EXPECT_EQ(event.kind, Kind::kError);
  EXPECT_EQ(event.code, CloseCode::kTooBig);
}

TEST(WebSocketFrame, RejectsProtocolViolations) {
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"unmasked client frame", client_frame(0x81, "hi", false)},
      {"reserved bit 1", client_frame(0xC1, "hi")},
      {"reserved bit 2", client_frame(0xA1, "hi")},
      {"reserved bit 3", client_frame(0x91, "hi")},
      {"opcode 3", client_frame(0x83, "hi")},
      {"opcode 7", client_frame(0x87, "hi")},
      {"opcode 0xB", client_frame(0x8B, "")},
      {"opcode 0xF", client_frame(0x8F, "")},
      {"fragmented ping", client_frame(0x09, "hi")},
      {"ping over 125 bytes", client_frame(0x89, std::string(126, 'p'))},
      {"close over 125 bytes", client_frame(0x88, "\x03\xe8" + std::string(124, 'r'))},
      {"continuation without a message", client_frame(0x80, "hi")},
      {"new message inside a fragmented one", client_frame(0x01, "a") + client_frame(0x81, "b")},
      {"16-bit length under 126", client_frame(0x81, "short", true, 126)},
      {"64-bit length under 65536", client_frame(0x81, "short", true, 127)},
      {"64-bit length with the top bit", std::string("\x82\xff\x80\x00\x00\x00\x00\x00\x00\x00\x01\x02\x03\x04", 14)},
      {"close with a one-byte payload", client_frame(0x88, "\x03")},
      {"close with code 1005", client_frame(0x88, "\x03\xed")},
      {"close with code 999", client_frame(0x88, "\x03\xe7")},
  };
  for (const auto& [what, bytes] : cases) {
    const auto event = single(bytes, 1 << 20);
    EXPECT_EQ(event.kind, Kind::kError) << what;
    EXPECT_EQ(event.code, CloseCode::kProtocolError) << what;
  }
}

TEST(WebSocketFrame, CloseFrames) {
  const auto plain = single(client_frame(0x88, ""));
  EXPECT_EQ(plain.kind, Kind::kClose);
  EXPECT_EQ(plain.code, CloseCode::kNoStatus);

  const auto going = single(client_frame(0x88, "\x03\xe9" + std::string("bye")));
  EXPECT_EQ(going.kind, Kind::kClose);
  EXPECT_EQ(going.code, CloseCode::kGoingAway);

  const auto app = single(client_frame(0x88, "\x0f\xa0"));  // 4000
  EXPECT_EQ(static_cast<int>(app.code), 4000);

  const auto bad_reason = single(client_frame(0x88, "\x03\xe8\xff"));
  EXPECT_EQ(bad_reason.kind, Kind::kError);
  EXPECT_EQ(bad_reason.code, CloseCode::kInvalidPayload);

  // Nothing is read after a close frame.
  FrameReader reader(1000);
  const std::string bytes = client_frame(0x88, "") + text("late");
  ReadEvent event;
  EXPECT_EQ(reader.read(bytes, event), bytes.size());
  EXPECT_EQ(event.kind, Kind::kClose);
  EXPECT_EQ(reader.read(text("later"), event), text("later").size());
  EXPECT_EQ(event.kind, Kind::kNone);
}

TEST(WebSocketFrame, NothingIsReadAfterAnError) {
  FrameReader reader(1000);
  ReadEvent event;
  const std::string bad = client_frame(0x81, "x", false);
  EXPECT_EQ(reader.read(bad + text("ok"), event), bad.size() + text("ok").size());
  EXPECT_EQ(event.kind, Kind::kError);
  EXPECT_EQ(reader.read(text("ok"), event), text("ok").size());
  EXPECT_EQ(event.kind, Kind::kNone);
}

TEST(WebSocketFrame, ReleasesTheMessageOnceHandedOut) {
  FrameReader reader(1 << 20);
  const std::string big = text(std::string(100000, 'x'));
  ReadEvent event;
  // Half of it: the reader holds a partial message.
  EXPECT_EQ(reader.read(std::string_view(big).substr(0, 50000), event), 50000u);
  EXPECT_EQ(event.kind, Kind::kNone);
  EXPECT_FALSE(reader.idle());
  EXPECT_EQ(reader.read(std::string_view(big).substr(50000), event), big.size() - 50000);
  EXPECT_EQ(event.payload.size(), 100000u);
  EXPECT_TRUE(reader.idle());
}

}  // namespace
}  // namespace parley::realtime::ws
