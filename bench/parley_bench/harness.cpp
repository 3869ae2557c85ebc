#include "harness.hpp"

#include "http_client.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace parley::bench {

namespace asio = boost::asio;
namespace json = boost::json;

Loops::Loops(int threads) {
  for (int i = 0; i < std::max(1, threads); ++i) {
    contexts_.push_back(std::make_unique<asio::io_context>(1));
    guards_.emplace_back(contexts_.back()->get_executor());
  }
  for (auto& io : contexts_) threads_.emplace_back([&io] { io->run(); });
}

Loops::~Loops() { stop(); }

void Loops::stop() {
  if (threads_.empty()) return;
  guards_.clear();
  for (auto& io : contexts_) io->stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

std::vector<User> register_users(const Options& opt, int count) {
  static std::atomic<int> runs{0};
  const std::string run = std::to_string(now_ns()) + "-" + std::to_string(runs++);
  std::vector<User> users(static_cast<std::size_t>(count));
  std::atomic<int> next{0};
  std::mutex error_mutex;
  std::string first_error;
  auto work = [&] {
    for (int i = next++; i < count; i = next++) {
      const std::string name = "bench" + std::to_string(i);
      std::string email = name;
      email += '-';
      email += run;
      email += "@bench.parley";
      json::value body = json::object{{"email", email}, {"name", name}, {"password", "bench-password-1"}};
      auto r = http_json(opt.target, "POST", "/api/v1/auth/register", &body);
      const auto* o = r.body.if_object();
      if (r.status != 201 || !o) {
        std::lock_guard lock(error_mutex);
        if (first_error.empty()) {
          first_error = "register: HTTP " + std::to_string(r.status) + " " + r.error + " " + json::serialize(r.body);
        }
        return;
      }
      auto& u = users[static_cast<std::size_t>(i)];
      u.token = std::string(o->at("accessToken").as_string());
      u.id = std::string(o->at("user").as_object().at("id").as_string());
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) threads.emplace_back(work);
  for (auto& t : threads) t.join();
  if (!first_error.empty()) throw std::runtime_error(first_error);
  return users;
}

std::string open_chat(const Options& opt, const User& a, const User& b) {
  json::value body = json::object{{"userId", b.id}};
  auto r = http_json(opt.target, "POST", "/api/v1/chats", &body, a.token);
  const auto* o = r.body.if_object();
  if ((r.status != 201 && r.status != 200) || !o || !o->contains("id")) {
    throw std::runtime_error("create chat: HTTP " + std::to_string(r.status) + " " + r.error);
  }
  return std::string(o->at("id").as_string());
}

std::string create_group(const Options& opt, const User& owner, const std::vector<User>& members) {
  constexpr std::size_t kPerCall = 200;  // the server's bound on members added at once
  const auto ids = [&](std::size_t from, std::size_t to) {
    json::array a;
    for (std::size_t i = from; i < to; ++i) a.emplace_back(members[i].id);
    return a;
  };
  const auto first = std::min(kPerCall, members.size());
  json::value body = json::object{{"title", "bench group"}, {"memberIds", ids(0, first)}};
  auto r = http_json(opt.target, "POST", "/api/v1/groups", &body, owner.token);
  const auto* o = r.body.if_object();
  if (r.status != 201 || !o || !o->contains("id")) {
    throw std::runtime_error("create group: HTTP " + std::to_string(r.status) + " " + r.error + " " +
                             json::serialize(r.body));
  }
  std::string id(o->at("id").as_string());
  for (std::size_t from = first; from < members.size(); from += kPerCall) {
    json::value add = json::object{{"userIds", ids(from, std::min(from + kPerCall, members.size()))}};
    auto added = http_json(opt.target, "POST", "/api/v1/chats/" + id + "/members", &add, owner.token);
    if (added.status != 200) {
      throw std::runtime_error("add members: HTTP " + std::to_string(added.status) + " " + json::serialize(added.body));
    }
  }
  return id;
}

Target target_of(const Options& opt, std::size_t index) {
  Target t = opt.target;
  if (!opt.ports.empty()) t.port = opt.ports[index % opt.ports.size()];
  return t;
}

std::optional<asio::ip::address> source_address(const Options& opt, std::size_t index) {
  if (opt.sources <= 1) return std::nullopt;
  const auto n = 1 + index % static_cast<std::size_t>(opt.sources);
  return asio::ip::make_address("127.0.0." + std::to_string(n));
}

namespace {

// The state of one connect_all(): shared with the handshakes in flight, which may outlive the
// call when it times out.
struct Connecting {
  std::function<std::shared_ptr<SioClient>(int, asio::io_context&)> make;
  std::function<void(int, const std::string&)> ready;
  Loops* loops = nullptr;
  int count = 0;
  std::atomic<int> next{0};
  Counter finished;
};

// Starts the next client's handshake; each finished one starts another, so the number in
// flight stays at the number started first.
void launch(const std::shared_ptr<Connecting>& c) {
  const int i = c->next++;
  if (i >= c->count) return;
  auto& io = c->loops->at(static_cast<std::size_t>(i));
  asio::post(io, [c, i, &io] {
    c->make(i, io)->start([c, i](const std::string& error) {
      c->ready(i, error);
      c->finished.add();
      launch(c);
    });
  });
}

}  // namespace

void connect_all(const Options& opt, Loops& loops, int count,
                 const std::function<std::shared_ptr<SioClient>(int, asio::io_context&)>& make,
                 const std::function<void(int, const std::string&)>& ready, std::chrono::seconds timeout) {
  auto c = std::make_shared<Connecting>();
  c->make = make;
  c->ready = ready;
  c->loops = &loops;
  c->count = count;
  for (int k = 0; k < std::min(count, std::max(1, opt.concurrency)); ++k) launch(c);
  if (!wait_until([&] { return c->finished.value() >= count; }, timeout)) c->next = count;
}

bool is_error_ack(const json::value& ack) {
  const auto* o = ack.if_object();
  const auto* status = o ? o->if_contains("status") : nullptr;
  return !status || !status->is_string() || status->get_string() != "ok";
}

bool connect_and_join(const Options& opt, Loops& loops, const Joining& j) {
  connect_all(
      opt, loops, j.count,
      [&opt, &j](int i, asio::io_context& io) {
        auto& client = j.client_of(i);
        client =
            SioClient::create(io, target_of(opt, static_cast<std::size_t>(i)),
                              source_address(opt, static_cast<std::size_t>(i)), j.token_of(i), j.callbacks_of(i, io));
        return client;
      },
      [&j](int i, const std::string& error) {
        if (!error.empty()) {
          if (j.connect_errors->value() < 3) std::cerr << "connect: " << error << "\n";
          j.connect_errors->add();
          return;
        }
        j.client_of(i)->emit("chat:join", json::object{{"chatId", j.chat_of(i)}},
                             [joined = j.joined, errors = j.errors](const json::value& ack) {
                               if (is_error_ack(ack)) errors->add();
                               joined->add();
                             });
      });
  const auto total = static_cast<std::int64_t>(j.count);
  wait_until([&] { return j.joined->value() + j.connect_errors->value() >= total; }, std::chrono::seconds(60));
  return j.connect_errors->value() == 0 && j.joined->value() == total;
}

void Latencies::add(std::vector<double>& samples) {
  std::lock_guard lock(mutex_);
  all_.insert(all_.end(), samples.begin(), samples.end());
  samples.clear();
}

json::object Latencies::summary() {
  std::lock_guard lock(mutex_);
  json::object o;
  o["samples"] = all_.size();
  if (all_.empty()) return o;
  std::sort(all_.begin(), all_.end());
  auto at = [&](double p) {
    const auto k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(all_.size() - 1));
    return std::llround(all_[k]);
  };
  o["p50_us"] = at(50);
  o["p90_us"] = at(90);
  o["p99_us"] = at(99);
  o["p99_9_us"] = at(99.9);
  o["max_us"] = std::llround(all_.back());
  return o;
}

ProcSample sample_process(int pid) {
  ProcSample s;
  if (pid <= 0) return s;
  const std::string base = "/proc/" + std::to_string(pid);
  std::ifstream status(base + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) s.rss_kib = std::stoll(line.substr(6));
  }
  std::ifstream stat(base + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  if (close == std::string::npos) return s;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  std::int64_t utime = 0;
  std::int64_t stime = 0;
  // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
  for (int n = 3; n <= 15 && fields >> field; ++n) {
    if (n == 14) utime = std::stoll(field);
    if (n == 15) stime = std::stoll(field);
  }
  s.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  s.ok = s.rss_kib > 0;
  return s;
}

std::int64_t per_second(std::int64_t count, double seconds) {
  return seconds > 0 ? std::llround(static_cast<double>(count) / seconds) : 0;
}

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

void report(const Options& opt, const json::object& fields) {
  json::object line;
  line["scenario"] = opt.scenario;
  if (!opt.label.empty()) line["label"] = opt.label;
  for (auto& [k, v] : fields) line[k] = v;
  std::cout << json::serialize(line) << std::endl;
}

}  // namespace parley::bench
