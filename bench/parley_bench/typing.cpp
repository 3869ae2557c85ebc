// The typing scenario: one group of --group members (200 when not given), every member with
// one socket in the group's room; --typists N of them type in turns: typing:start every
// --interval-ms (3000: what the web client sends), for two intervals, then typing:stop and a
// pause of one interval, over and over, their turns spread over the cycle. Every member counts
// the `typing` events it receives and checks them (the group's id, at most N typists). The
// figures: typing events per member per second (the server sends a chat's at most twice a
// second, however many type) and the server's CPU over the measured window.
#include "scenarios.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>

namespace parley::bench {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

struct Typist {
  std::string user_id;
  std::string token;
  bool types = false;
  std::shared_ptr<SioClient> client;
  std::unique_ptr<asio::steady_timer> timer;
  int step = 0;               // of the cycle: 0 and 1 start, 2 stop (then a pause)
  std::int64_t received = 0;  // typing events in the measured window
};

struct TypingRun {
  Options opt;
  std::string chat_id;
  std::chrono::milliseconds interval{3000};
  std::atomic<bool> running{false};
  std::atomic<bool> measuring{false};
  Counter joined, connect_errors, errors, starts, stops, events, events_measured, requests_measured;
  std::vector<Typist> members;
};

void on_typing(TypingRun& run, Typist& m, const json::value& arg) {
  const auto* o = arg.if_object();
  const auto* chat = o ? o->if_contains("chatId") : nullptr;
  const auto* ids = o ? o->if_contains("userIds") : nullptr;
  if (!chat || !chat->is_string() || chat->get_string() != run.chat_id || !ids || !ids->is_array() ||
      ids->get_array().size() > static_cast<std::size_t>(run.opt.typists)) {
    run.errors.add();
    return;
  }
  run.events.add();
  if (!run.measuring.load(std::memory_order_relaxed)) return;
  run.events_measured.add();
  ++m.received;
}

void request(TypingRun& run, Typist& m, bool start) {
  const char* event = start ? "typing:start" : "typing:stop";
  (start ? run.starts : run.stops).add();
  if (run.measuring.load(std::memory_order_relaxed)) run.requests_measured.add();
  m.client->emit(event, json::object{{"chatId", run.chat_id}}, [&run](const json::value& ack) {
    if (!is_error_ack(ack)) return;
    run.errors.add();
    if (run.errors.value() <= 3) std::cerr << "typing refused: " << json::serialize(ack) << "\n";
  });
}

// One step of a typist's cycle, an interval apart: start, start again, stop (and a pause).
void step(TypingRun& run, Typist& m) {
  if (!run.running.load(std::memory_order_relaxed)) return;
  request(run, m, m.step < 2);
  m.step = (m.step + 1) % 3;
  m.timer->expires_after(run.interval);
  m.timer->async_wait([&run, &m](boost::system::error_code ec) {
    if (!ec) step(run, m);
  });
}

bool connect(TypingRun& run, Loops& loops) {
  Joining j;
  j.count = static_cast<int>(run.members.size());
  j.token_of = [&run](int i) { return run.members[static_cast<std::size_t>(i)].token; };
  j.chat_of = [&run](int) { return run.chat_id; };
  j.client_of = [&run](int i) -> std::shared_ptr<SioClient>& {
    return run.members[static_cast<std::size_t>(i)].client;
  };
  j.callbacks_of = [&run](int i, asio::io_context& io) {
    auto& m = run.members[static_cast<std::size_t>(i)];
    m.timer = std::make_unique<asio::steady_timer>(io);
    SioCallbacks callbacks;
    callbacks.on_event = [&run, &m](std::string_view event, const json::value& arg) {
      if (event == "typing") on_typing(run, m, arg);
    };
    callbacks.on_closed = [&run](const std::string&) { run.errors.add(); };
    return callbacks;
  };
  j.joined = &run.joined;
  j.connect_errors = &run.connect_errors;
  j.errors = &run.errors;
  return connect_and_join(run.opt, loops, j);
}

}  // namespace

int run_typing(Options opt) {
  TypingRun run;
  run.opt = std::move(opt);
  const int members = run.opt.group_set ? run.opt.group : 200;
  if (members < 2 || run.opt.typists < 1 || run.opt.typists > members || run.opt.interval_ms < 1) {
    std::cerr << "typing wants --group >= 2, 1 <= --typists <= --group and --interval-ms >= 1\n";
    return 2;
  }
  run.interval = std::chrono::milliseconds(run.opt.interval_ms);
  const auto users = register_users(run.opt, members);
  run.chat_id = create_group(run.opt, users[0], std::vector<User>(users.begin() + 1, users.end()));
  run.members.resize(users.size());
  for (std::size_t i = 0; i < users.size(); ++i) {
    // The typists are the last N (the owner, first, only reads).
    run.members[i] = Typist{
        users[i].id, users[i].token, i >= users.size() - static_cast<std::size_t>(run.opt.typists), {}, {}, 0, 0};
  }

  Loops loops(run.opt.threads);
  const auto release = [&] {
    run.running = false;
    for (std::size_t i = 0; i < run.members.size(); ++i) {
      asio::post(loops.at(i), [&m = run.members[i]] { m.timer->cancel(); });
    }
    loops.stop();
    for (auto& m : run.members) {  // before their io_contexts go
      m.timer.reset();
      m.client.reset();
    }
  };
  if (!connect(run, loops)) {
    std::cerr << "could not connect every client (" << run.connect_errors.value() << " failed)\n";
    release();
    return 1;
  }
  run.running = true;
  // The typists' turns spread over one cycle (three intervals).
  const auto cycle = 3 * run.interval;
  int k = 0;
  for (std::size_t i = 0; i < run.members.size(); ++i) {
    auto& m = run.members[i];
    if (!m.types) continue;
    const auto offset = cycle * k++ / run.opt.typists;
    asio::post(loops.at(i), [&run, &m, offset] {
      m.timer->expires_after(offset);
      m.timer->async_wait([&run, &m](boost::system::error_code ec) {
        if (!ec) step(run, m);
      });
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(run.opt.warmup) + cycle);
  const auto before = sample_process(run.opt.server_pid);
  run.measuring = true;
  const auto started = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(run.opt.seconds));
  run.measuring = false;
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const auto after = sample_process(run.opt.server_pid);
  release();

  std::int64_t most = 0;
  for (const auto& m : run.members) most = std::max(most, m.received);
  const auto n = static_cast<double>(run.members.size());
  json::object r;
  r["seconds"] = std::llround(seconds);
  r["members"] = run.members.size();
  r["typists"] = run.opt.typists;
  r["interval_ms"] = run.opt.interval_ms;
  r["typing_requests_per_s"] = per_second(run.requests_measured.value(), seconds);
  r["typing_events_per_s"] = per_second(run.events_measured.value(), seconds);
  r["events_per_member_per_s"] =
      std::round(static_cast<double>(run.events_measured.value()) / n / seconds * 100.0) / 100.0;
  r["most_events_per_member_per_s"] = std::round(static_cast<double>(most) / seconds * 100.0) / 100.0;
  r["starts"] = run.starts.value();
  r["stops"] = run.stops.value();
  r["errors"] = run.errors.value();
  if (after.ok) {
    r["server_rss_kib"] = after.rss_kib;
    r["server_cpu_ms"] = std::llround((after.cpu_seconds - before.cpu_seconds) * 1000);
    r["server_cpu_ms_per_s"] = std::round((after.cpu_seconds - before.cpu_seconds) * 1000.0 / seconds * 10.0) / 10.0;
  }
  report(run.opt, r);
  // Typists typed all along: a member that heard nothing means the events are lost.
  return run.errors.value() == 0 && most > 0 ? 0 : 1;
}

}  // namespace parley::bench
