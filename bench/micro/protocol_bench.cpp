// Micro-benchmarks of the message path's encoding work: Socket.IO packet decode and encode of a
// typical `message` event, and the ChatMessage JSON a send produces.
#include "chat/wire.hpp"
#include "realtime/socketio_packet.hpp"
#include "util/ids.hpp"

#include <benchmark/benchmark.h>
#include <boost/json/serialize.hpp>

#include <string>

namespace {

using namespace parley;

const std::string kEvent =
    R"(4217["message",{"chatId":"0193a0c4-5a1e-7c2b-9d7e-3f1a2b3c4d5e","content":"See you at eight at the usual place?",)"
    R"("clientMessageId":"0193a0c4-5a1e-7c2b-9d7e-000000000001"}])";

void BM_DecodeMessageEvent(benchmark::State& state) {
  const std::string_view text = std::string_view(kEvent).substr(1);  // without the Engine.IO type
  for (auto _ : state) {
    auto r = realtime::sio::decode(text, {});
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_DecodeMessageEvent);

store::Message sample_message() {
  store::Message m;
  m.id = util::uuid_v7();
  m.chat_id = util::uuid_v7();
  m.sender_id = util::uuid_v7();
  m.content = "See you at eight at the usual place?";
  m.seq = 4711;
  m.created_at = util::now_ms();
  m.client_message_id = util::uuid_v7();
  return m;
}

void BM_EncodeMessageBroadcast(benchmark::State& state) {
  const auto m = sample_message();
  for (auto _ : state) {
    realtime::sio::Packet p;
    p.type = realtime::sio::PacketType::kEvent;
    p.data = boost::json::array{"message", chat::message_json(m)};
    p.has_data = true;
    auto text = realtime::sio::encode(p);
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_EncodeMessageBroadcast);

void BM_MessageJson(benchmark::State& state) {
  const auto m = sample_message();
  for (auto _ : state) {
    auto text = boost::json::serialize(chat::message_json(m));
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_MessageJson);

}  // namespace
