// Message scenarios: throughput (windowed senders), latency (senders at a fixed total rate) and
// fan-out (one sender, many receiving sockets). Every sender's messages carry their send time;
// receivers measure delivery latency, check that seq only rises (no duplicates, no reordering)
// and count deliveries, so that after a drain every acknowledged message must have arrived
// exactly once at each receiving socket.
#include "scenarios.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <iostream>

namespace parley::bench {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

enum class Phase : int { kSetup, kWarmup, kMeasure, kDrain };

// One socket of the scenario. Touched only on its client's thread (after setup).
struct Member {
  std::string user_id;
  std::string token;
  std::string chat_id;
  bool sends = false;
  std::shared_ptr<SioClient> client;
  std::int64_t last_seq = 0;  // of the messages received from others
  std::vector<double> latencies_us;
  std::vector<double> ack_latencies_us;       // send -> acknowledgement (stored), this member's sends
  std::unique_ptr<asio::steady_timer> timer;  // rate mode
  Clock::time_point next_send;
};

struct Run {
  Options opt;
  bool rate_mode = false;
  Clock::duration interval{};  // rate mode: per sender
  int receivers_per_message = 1;
  // group_fanout: each message's time from its send to its last receiver.
  bool track_last = false;
  std::mutex last_mutex;
  std::unordered_map<std::int64_t, std::int64_t> receipts_of;  // sent_ns -> receivers so far
  std::vector<double> last_latencies_us;
  std::string padding;
  std::atomic<Phase> phase{Phase::kSetup};
  Counter sent, acked, delivered, errors, order_errors, in_flight, joined, connect_errors;
  Counter acked_measured, delivered_measured;
  std::vector<Member> members;

  bool sending() const {
    const auto p = phase.load(std::memory_order_relaxed);
    return p == Phase::kWarmup || p == Phase::kMeasure;
  }
  bool measuring() const { return phase.load(std::memory_order_relaxed) == Phase::kMeasure; }
};

// A message's acknowledgement is the message itself: refused only when it says so.
bool refused(const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return true;
  const auto* status = o->if_contains("status");
  return status && status->is_string() && status->get_string() == "error";
}

void send_one(Run& run, Member& m) {
  run.sent.add();
  run.in_flight.add();
  const auto sent_ns = now_ns();
  std::string content = std::to_string(sent_ns);
  content += ' ';
  content += run.padding;
  m.client->emit("message", json::object{{"chatId", m.chat_id}, {"content", std::move(content)}},
                 [&run, &m, sent_ns](const json::value& ack) {
                   run.in_flight.add(-1);
                   if (refused(ack)) {
                     run.errors.add();
                     if (run.errors.value() <= 3) std::cerr << "message refused: " << json::serialize(ack) << "\n";
                   } else {
                     run.acked.add();
                     if (run.measuring()) {
                       run.acked_measured.add();
                       m.ack_latencies_us.push_back(static_cast<double>(now_ns() - sent_ns) / 1000.0);
                     }
                   }
                   if (!run.rate_mode && run.sending()) send_one(run, m);
                 });
}

void on_message(Run& run, Member& m, const json::value& arg) {
  const auto* o = arg.if_object();
  if (!o) return;
  const auto* sender = o->if_contains("senderId");
  if (sender && sender->is_string() && sender->get_string() == m.user_id) return;  // own message
  const auto* seq = o->if_contains("seq");
  const auto* content = o->if_contains("content");
  if (!seq || !seq->is_int64() || !content || !content->is_string()) {
    run.errors.add();
    return;
  }
  if (seq->get_int64() <= m.last_seq) run.order_errors.add();
  m.last_seq = seq->get_int64();
  run.delivered.add();
  if (!run.measuring()) return;
  run.delivered_measured.add();
  const auto text = content->get_string();
  std::int64_t sent_ns = 0;
  std::from_chars(text.data(), text.data() + text.size(), sent_ns);
  const double latency_us = static_cast<double>(now_ns() - sent_ns) / 1000.0;
  m.latencies_us.push_back(latency_us);
  if (run.track_last) {
    std::lock_guard lock(run.last_mutex);
    if (++run.receipts_of[sent_ns] == run.receivers_per_message) {
      run.receipts_of.erase(sent_ns);
      run.last_latencies_us.push_back(latency_us);
    }
  }
}

// Rate mode: each sender sends on its own schedule, catching up when late (an open loop, so
// a slow server shows as latency instead of as a lower send rate).
void tick(Run& run, Member& m) {
  if (!run.sending()) return;
  if (run.in_flight.value() < 100000) send_one(run, m);
  m.next_send += run.interval;
  m.timer->expires_at(m.next_send);
  m.timer->async_wait([&run, &m](boost::system::error_code ec) {
    if (!ec) tick(run, m);
  });
}

void start_sending(Run& run, Member& m, std::size_t index) {
  if (!m.sends || !m.client->connected()) return;
  if (!run.rate_mode) {
    for (int i = 0; i < run.opt.window; ++i) send_one(run, m);
    return;
  }
  // Spread the senders' first sends over one interval.
  const auto senders = std::max<std::size_t>(1, run.members.size());
  m.next_send = Clock::now() + run.interval * static_cast<long>(index % senders) / static_cast<long>(senders);
  m.timer->expires_at(m.next_send);
  m.timer->async_wait([&run, &m](boost::system::error_code ec) {
    if (!ec) tick(run, m);
  });
}

// Connects every member and joins it to its chat; false when some could not.
bool connect_members(Run& run, Loops& loops) {
  Joining j;
  j.count = static_cast<int>(run.members.size());
  j.token_of = [&run](int i) { return run.members[static_cast<std::size_t>(i)].token; };
  j.chat_of = [&run](int i) { return run.members[static_cast<std::size_t>(i)].chat_id; };
  j.client_of = [&run](int i) -> std::shared_ptr<SioClient>& {
    return run.members[static_cast<std::size_t>(i)].client;
  };
  j.callbacks_of = [&run](int i, asio::io_context& io) {
    auto& m = run.members[static_cast<std::size_t>(i)];
    m.timer = std::make_unique<asio::steady_timer>(io);
    SioCallbacks callbacks;
    callbacks.on_event = [&run, &m](std::string_view event, const json::value& arg) {
      if (event == "message") on_message(run, m, arg);
    };
    callbacks.on_closed = [&run](const std::string&) { run.errors.add(); };
    return callbacks;
  };
  j.joined = &run.joined;
  j.connect_errors = &run.connect_errors;
  j.errors = &run.errors;
  return connect_and_join(run.opt, loops, j);
}

int measure(Run& run) {
  Loops loops(run.opt.threads);
  run.padding.assign(static_cast<std::size_t>(std::max(0, run.opt.size - 20)), 'x');
  const auto release_members = [&] {
    loops.stop();
    for (auto& m : run.members) {  // before their io_contexts go
      m.timer.reset();
      m.client.reset();
    }
  };
  if (!connect_members(run, loops)) {
    std::cerr << "could not connect every client (" << run.connect_errors.value() << " failed)\n";
    release_members();
    return 1;
  }
  run.phase = Phase::kWarmup;
  for (std::size_t i = 0; i < run.members.size(); ++i) {
    asio::post(loops.at(i), [&run, i] { start_sending(run, run.members[i], i); });
  }
  std::this_thread::sleep_for(std::chrono::seconds(run.opt.warmup));
  const auto before = sample_process(run.opt.server_pid);
  run.phase = Phase::kMeasure;
  const auto started = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(run.opt.seconds));
  run.phase = Phase::kDrain;
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const auto after = sample_process(run.opt.server_pid);
  // Every acknowledged message must reach each receiving socket.
  const bool drained = wait_until(
      [&] {
        return run.in_flight.value() == 0 && run.delivered.value() >= run.acked.value() * run.receivers_per_message;
      },
      std::chrono::seconds(30));
  release_members();

  Latencies latencies;
  Latencies ack_latencies;
  for (auto& m : run.members) {
    latencies.add(m.latencies_us);
    ack_latencies.add(m.ack_latencies_us);
  }
  const auto expected = run.acked.value() * run.receivers_per_message;
  const auto lost = std::max<std::int64_t>(0, expected - run.delivered.value());
  const auto extra = std::max<std::int64_t>(0, run.delivered.value() - expected);
  json::object r;
  r["seconds"] = std::llround(seconds);
  r["sockets"] = run.members.size();
  r["sent"] = run.sent.value();
  r["acknowledged"] = run.acked.value();
  r["delivered"] = run.delivered.value();
  r["acked_per_s"] = per_second(run.acked_measured.value(), seconds);
  r["delivered_per_s"] = per_second(run.delivered_measured.value(), seconds);
  r["latency"] = latencies.summary();
  r["ack_latency"] = ack_latencies.summary();
  if (run.track_last) {
    Latencies last;
    last.add(run.last_latencies_us);
    r["last_receiver_latency"] = last.summary();
  }
  r["errors"] = run.errors.value();
  r["lost"] = lost;
  r["duplicated_or_reordered"] = run.order_errors.value() + extra;
  r["drained"] = drained;
  if (after.ok) {
    r["server_rss_kib"] = after.rss_kib;
    r["server_cpu_ms"] = std::llround((after.cpu_seconds - before.cpu_seconds) * 1000);
    // Over the measured window only, like delivered_per_s: setup and drain are left out.
    if (run.delivered_measured.value() > 0) {
      r["server_cpu_us_per_delivery"] = std::round((after.cpu_seconds - before.cpu_seconds) * 1e7 /
                                                   static_cast<double>(run.delivered_measured.value())) /
                                        10.0;
    }
  }
  if (run.rate_mode)
    r["rate"] = std::llround(run.opt.rate);
  else
    r["window"] = run.opt.window;
  if (run.receivers_per_message > 1)
    r["group"] = run.receivers_per_message;
  else
    r["pairs"] = run.opt.pairs;
  report(run.opt, r);
  return run.errors.value() == 0 && lost == 0 && run.order_errors.value() == 0 && extra == 0 && drained ? 0 : 1;
}

// P pairs of users, each pair with its private chat; both users send.
void make_pairs(Run& run) {
  const auto users = register_users(run.opt, 2 * run.opt.pairs);
  std::vector<std::string> chats(static_cast<std::size_t>(run.opt.pairs));
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int p = next++; p < run.opt.pairs; p = next++) {
        const auto k = static_cast<std::size_t>(p);
        chats[k] = open_chat(run.opt, users[2 * k], users[2 * k + 1]);
      }
    });
  }
  for (auto& t : threads) t.join();
  run.members.resize(users.size());
  for (std::size_t i = 0; i < users.size(); ++i) {
    run.members[i] = Member{users[i].id, users[i].token, chats[i / 2], true, {}, 0, {}, {}, {}, {}};
  }
}

}  // namespace

int run_throughput(Options opt) {
  Run run;
  run.opt = std::move(opt);
  make_pairs(run);
  return measure(run);
}

int run_latency(Options opt) {
  Run run;
  run.opt = std::move(opt);
  run.rate_mode = true;
  make_pairs(run);
  const double per_sender = run.opt.rate / static_cast<double>(run.members.size());
  run.interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / per_sender));
  return measure(run);
}

int run_fanout(Options opt) {
  Run run;
  run.opt = std::move(opt);
  const auto users = register_users(run.opt, 2);
  const auto chat = open_chat(run.opt, users[0], users[1]);
  run.members.push_back(Member{users[0].id, users[0].token, chat, true, {}, 0, {}, {}, {}, {}});
  for (int g = 0; g < run.opt.group; ++g) {
    run.members.push_back(Member{users[1].id, users[1].token, chat, false, {}, 0, {}, {}, {}, {}});
  }
  run.receivers_per_message = run.opt.group;
  return measure(run);
}

// One group of --group members besides the sender, each a distinct user with one socket in
// the group's room; the sender sends with a window. Also reports each message's time to its
// last receiver. With --rate, the sender sends that many messages a second (an open loop)
// instead of keeping a window in flight.
int run_group_fanout(Options opt) {
  Run run;
  run.opt = std::move(opt);
  const auto users = register_users(run.opt, run.opt.group + 1);
  const std::vector<User> members(users.begin() + 1, users.end());
  const auto chat = create_group(run.opt, users[0], members);
  run.members.push_back(Member{users[0].id, users[0].token, chat, true, {}, 0, {}, {}, {}, {}});
  for (const auto& u : members) run.members.push_back(Member{u.id, u.token, chat, false, {}, 0, {}, {}, {}, {}});
  run.receivers_per_message = run.opt.group;
  run.track_last = true;
  if (run.opt.rate_set && run.opt.rate > 0) {  // one sender at --rate messages per second instead of a window
    run.rate_mode = true;
    run.interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / run.opt.rate));
  }
  return measure(run);
}

}  // namespace parley::bench
