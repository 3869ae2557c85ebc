// Connection scenarios: many idle authenticated sockets (server memory per connection), and a
// reconnect storm (every client drops at once, messages arrive meanwhile, every client
// reconnects and resyncs with chat:history after the last seq it holds; none may miss one).
#include "http_client.hpp"
#include "scenarios.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <atomic>
#include <iostream>
#include <thread>

namespace parley::bench {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

bool is_ok_ack(const json::value& v) {
  const auto* o = v.if_object();
  const auto* status = o ? o->if_contains("status") : nullptr;
  return status && status->is_string() && status->get_string() == "ok";
}

std::vector<User> users_for(const Options& opt) {
  const int devices = std::max(1, opt.devices);
  int count = std::max(2, (opt.connections + devices - 1) / devices);
  count += count % 2;  // pairs
  return register_users(opt, count);
}

}  // namespace

int run_idle(Options opt) {
  const auto users = users_for(opt);
  // With one device per user, users 2i and 2i+1 share a chat: each has one contact, so a
  // client that declared scoped-presence hears one user's presence, not everyone's.
  if (opt.devices <= 1) {
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&] {
        for (std::size_t p = 2 * next++; p + 1 < users.size(); p = 2 * next++) open_chat(opt, users[p], users[p + 1]);
      });
    }
    for (auto& t : threads) t.join();
  }
  // Some users hide their presence: every users:update is then checked per receiving socket.
  int hidden = 0;
  for (std::size_t i = 0; i < users.size(); ++i) {
    if (static_cast<int>(i % 100) >= opt.hidden) continue;
    json::value body = json::object{{"lastSeen", "nobody"}};
    auto r = http_json(opt.target, "PATCH", "/api/v1/me/privacy", &body, users[i].token);
    if (r.status != 200) throw std::runtime_error("privacy: HTTP " + std::to_string(r.status) + " " + r.error);
    ++hidden;
  }
  Loops loops(opt.threads);
  std::vector<std::shared_ptr<SioClient>> clients(static_cast<std::size_t>(opt.connections));
  Counter connected, failed, dropped, events;
  const auto before = sample_process(opt.server_pid);
  const auto started = Clock::now();
  connect_all(
      opt, loops, opt.connections,
      [&](int i, asio::io_context& io) {
        const auto& u = users[static_cast<std::size_t>(i) % users.size()];
        SioCallbacks callbacks;
        callbacks.on_closed = [&dropped](const std::string&) { dropped.add(); };
        callbacks.on_event = [&events](std::string_view, const json::value&) { events.add(); };
        auto& c = clients[static_cast<std::size_t>(i)];
        c = SioClient::create(io, target_of(opt, static_cast<std::size_t>(i)),
                              source_address(opt, static_cast<std::size_t>(i)), u.token, std::move(callbacks));
        return c;
      },
      [&](int, const std::string& error) {
        if (error.empty()) {
          connected.add();
        } else {
          if (failed.value() < 3) std::cerr << "connect: " << error << "\n";
          failed.add();
        }
      },
      std::chrono::seconds(600));
  const double connect_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const auto after_connect = sample_process(opt.server_pid);
  std::this_thread::sleep_for(std::chrono::seconds(opt.seconds));
  const auto after_hold = sample_process(opt.server_pid);
  loops.stop();

  json::object r;
  r["connections"] = opt.connections;
  r["connected"] = connected.value();
  r["failed"] = failed.value();
  r["dropped_while_idle"] = dropped.value();
  r["users"] = users.size();
  r["users_hiding_presence"] = hidden;
  r["connect_ms"] = std::llround(connect_seconds * 1000);
  r["connects_per_s"] = per_second(connected.value(), connect_seconds);
  r["held_seconds"] = opt.seconds;
  r["events_received"] = events.value();  // connection:established and users:update, mostly
  if (!opt.target.features.empty()) {
    json::array features;
    for (const auto& f : opt.target.features) features.emplace_back(f);
    r["features"] = std::move(features);
  }
  if (before.ok && after_hold.ok && connected.value() > 0) {
    r["server_rss_before_kib"] = before.rss_kib;
    r["server_rss_kib"] = after_hold.rss_kib;
    // Bytes, so that the figure stays an integer.
    r["server_bytes_per_connection"] = (after_hold.rss_kib - before.rss_kib) * 1024 / connected.value();
    r["server_cpu_ms_connecting"] = std::llround((after_connect.cpu_seconds - before.cpu_seconds) * 1000);
    r["server_cpu_ms_idle"] = std::llround((after_hold.cpu_seconds - after_connect.cpu_seconds) * 1000);
    r["server_cpu_us_per_connect"] =
        std::llround((after_connect.cpu_seconds - before.cpu_seconds) * 1e6 / static_cast<double>(connected.value()));
  }
  report(opt, r);
  return failed.value() == 0 && dropped.value() == 0 ? 0 : 1;
}

namespace {

// A reconnecting client: which seqs of its chat it holds.
struct Device {
  std::size_t pair = 0;
  std::string token;
  std::string chat_id;
  std::vector<char> have;  // have[seq] != 0 when held
  std::shared_ptr<SioClient> client;
  std::int64_t duplicates = 0;  // history returned a seq it was not asked for

  std::int64_t contiguous() const {
    std::int64_t s = 0;
    while (static_cast<std::size_t>(s + 1) < have.size() && have[static_cast<std::size_t>(s + 1)]) ++s;
    return s;
  }
  void hold(std::int64_t seq) {
    if (seq <= 0) return;
    if (have.size() <= static_cast<std::size_t>(seq)) have.resize(static_cast<std::size_t>(seq) + 1, 0);
    have[static_cast<std::size_t>(seq)] = 1;
  }
};

struct Storm {
  Options opt;
  std::vector<User> users;
  std::vector<std::string> chats;                   // per pair
  std::vector<std::shared_ptr<SioClient>> senders;  // per pair: user 2p's extra socket
  std::vector<std::int64_t> last_seq;               // per pair, written on the sender's thread
  std::vector<Device> devices;
  Counter acked, errors, joined, resynced, incomplete, connect_errors;
};

SioCallbacks device_callbacks(Device& d) {
  SioCallbacks callbacks;
  callbacks.on_event = [&d](std::string_view event, const json::value& arg) {
    if (event != "message") return;
    if (const auto* o = arg.if_object(); o && o->contains("seq") && o->at("seq").is_int64()) {
      d.hold(o->at("seq").get_int64());
    }
  };
  return callbacks;
}

// Sends `left` messages into pair p's chat, one after another.
void send_chain(Storm& s, std::size_t p, int left) {
  if (left == 0) return;
  s.senders[p]->emit("message", json::object{{"chatId", s.chats[p]}, {"content", "storm"}},
                     [&s, p, left](const json::value& ack) {
                       const auto* o = ack.if_object();
                       if (!o || !o->contains("seq")) {
                         s.errors.add();
                       } else {
                         s.last_seq[p] = std::max(s.last_seq[p], o->at("seq").as_int64());
                       }
                       s.acked.add();
                       send_chain(s, p, left - 1);
                     });
}

// Sends `count` messages into every chat; returns when all are acknowledged (false when the
// wait timed out).
bool send_round(Storm& s, Loops& loops, int count) {
  const auto target = s.acked.value() + static_cast<std::int64_t>(s.chats.size()) * count;
  for (std::size_t p = 0; p < s.chats.size(); ++p) {
    asio::post(loops.at(p), [&s, p, count] { send_chain(s, p, count); });
  }
  return wait_until([&] { return s.acked.value() >= target; }, std::chrono::seconds(60));
}

// After a reconnect: join, then page through chat:history after the highest contiguous seq.
void resync(Storm& s, Device& d);

void fetch_after(Storm& s, Device& d, std::int64_t after) {
  constexpr int kPage = 200;
  d.client->emit("chat:history", json::object{{"chatId", d.chat_id}, {"afterSeq", after}, {"limit", kPage}},
                 [&s, &d, after](const json::value& ack) {
                   const auto* o = ack.if_object();
                   const auto* list = o ? o->if_contains("messages") : nullptr;
                   if (!is_ok_ack(ack) || !list || !list->is_array()) {
                     s.errors.add();
                     s.incomplete.add();
                     return;
                   }
                   std::int64_t last = after;
                   for (const auto& m : list->get_array()) {
                     const auto seq = m.as_object().at("seq").as_int64();
                     if (seq <= after) ++d.duplicates;
                     d.hold(seq);
                     last = std::max(last, seq);
                   }
                   if (list->get_array().size() == static_cast<std::size_t>(kPage)) return fetch_after(s, d, last);
                   if (d.contiguous() >= s.last_seq[d.pair])
                     s.resynced.add();
                   else
                     s.incomplete.add();
                 });
}

void resync(Storm& s, Device& d) {
  d.client->emit("chat:join", json::object{{"chatId", d.chat_id}}, [&s, &d](const json::value& ack) {
    if (!is_ok_ack(ack)) {
      s.errors.add();
      s.incomplete.add();
      return;
    }
    fetch_after(s, d, d.contiguous());
  });
}

void connect_devices(Storm& s, Loops& loops, bool reconnecting) {
  connect_all(
      s.opt, loops, static_cast<int>(s.devices.size()),
      [&s](int i, asio::io_context& io) {
        auto& d = s.devices[static_cast<std::size_t>(i)];
        d.client = SioClient::create(io, target_of(s.opt, static_cast<std::size_t>(i)),
                                     source_address(s.opt, static_cast<std::size_t>(i)), d.token, device_callbacks(d));
        return d.client;
      },
      [&s, reconnecting](int i, const std::string& error) {
        auto& d = s.devices[static_cast<std::size_t>(i)];
        if (!error.empty()) {
          if (s.connect_errors.value() < 3) std::cerr << "connect: " << error << "\n";
          s.connect_errors.add();
          if (reconnecting) s.incomplete.add();
          return;
        }
        if (reconnecting) return resync(s, d);
        d.client->emit("chat:join", json::object{{"chatId", d.chat_id}}, [&s](const json::value& ack) {
          if (!is_ok_ack(ack)) s.errors.add();
          s.joined.add();
        });
      },
      std::chrono::seconds(600));
}

}  // namespace

int run_reconnect(Options opt) {
  Storm s;
  s.opt = std::move(opt);
  s.users = users_for(s.opt);
  const std::size_t pairs = s.users.size() / 2;
  for (std::size_t p = 0; p < pairs; ++p) s.chats.push_back(open_chat(s.opt, s.users[2 * p], s.users[2 * p + 1]));
  s.last_seq.assign(pairs, 0);
  s.senders.resize(pairs);
  for (int i = 0; i < s.opt.connections; ++i) {
    const auto u = static_cast<std::size_t>(i) % s.users.size();
    s.devices.push_back(Device{u / 2, s.users[u].token, s.chats[u / 2], {}, nullptr, 0});
  }
  Loops loops(s.opt.threads);
  Counter senders_ready;
  for (std::size_t p = 0; p < pairs; ++p) {
    asio::post(loops.at(p), [&, p] {
      s.senders[p] = SioClient::create(loops.at(p), target_of(s.opt, p), std::nullopt, s.users[2 * p].token, {});
      s.senders[p]->start([&](const std::string& error) {
        if (!error.empty()) s.connect_errors.add();
        senders_ready.add();
      });
    });
  }
  wait_until([&] { return senders_ready.value() >= static_cast<std::int64_t>(pairs); }, std::chrono::seconds(60));
  connect_devices(s, loops, false);
  const auto total = static_cast<std::int64_t>(s.devices.size());
  wait_until([&] { return s.joined.value() + s.connect_errors.value() >= total; }, std::chrono::seconds(60));
  const int per_round = 5;
  bool sent = send_round(s, loops, per_round);

  // Every client drops at once; messages arrive while they are away.
  Counter down;
  for (std::size_t i = 0; i < s.devices.size(); ++i) {
    asio::post(loops.at(i), [&, i] {
      s.devices[i].client->drop();
      down.add();
    });
  }
  wait_until([&] { return down.value() >= total; }, std::chrono::seconds(60));
  sent = send_round(s, loops, per_round) && sent;

  const auto before = sample_process(s.opt.server_pid);
  const auto started = Clock::now();
  connect_devices(s, loops, true);
  const bool finished =
      wait_until([&] { return s.resynced.value() + s.incomplete.value() >= total; }, std::chrono::seconds(120));
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const auto after = sample_process(s.opt.server_pid);
  loops.stop();
  for (auto& sender : s.senders) sender.reset();  // before their io_contexts go
  for (auto& d : s.devices) d.client.reset();

  std::int64_t duplicates = 0;
  for (const auto& d : s.devices) duplicates += d.duplicates;
  json::object r;
  r["clients"] = total;
  r["users"] = s.users.size();
  r["chats"] = pairs;
  r["messages_per_chat"] = 2 * per_round;
  r["resynced"] = s.resynced.value();
  r["incomplete"] = s.incomplete.value();
  r["resync_ms"] = std::llround(seconds * 1000);
  r["errors"] = s.errors.value() + s.connect_errors.value() + (sent ? 0 : 1);
  r["duplicated"] = duplicates;
  if (after.ok) {
    r["server_rss_kib"] = after.rss_kib;
    r["server_cpu_ms"] = std::llround((after.cpu_seconds - before.cpu_seconds) * 1000);
  }
  report(s.opt, r);
  const bool clean = finished && sent && s.resynced.value() == total && s.errors.value() == 0 &&
                     s.connect_errors.value() == 0 && duplicates == 0;
  return clean ? 0 : 1;
}

}  // namespace parley::bench
