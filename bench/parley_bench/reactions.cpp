// The reactions scenario: one group of --group members (100 when not given), every member with
// one socket in the group's room, one message of the owner; --reactors N of the members toggle
// their reaction on it (each its own emoji, one request in flight each, as fast as the server
// acknowledges), so every request is a change the whole group hears (message:reactions). The
// figures: reactions per second, message:reactions events per member per second, and the
// server's CPU per reaction (each reaction is one write and one broadcast to the group).
#include "scenarios.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <cmath>
#include <iostream>

namespace parley::bench {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

constexpr std::array<const char*, 8> kEmoji{"👍", "❤️", "😂", "😮", "😢", "🙏", "🔥", "🎉"};

struct Member {
  std::string user_id;
  std::string token;
  bool reacts = false;
  std::string emoji;
  std::shared_ptr<SioClient> client;
};

struct ReactionRun {
  Options opt;
  std::string chat_id;
  std::string message_id;
  std::atomic<bool> running{false};
  std::atomic<bool> measuring{false};
  Counter joined, connect_errors, errors, reactions_measured, events, events_measured;
  std::vector<Member> members;
};

void on_reactions(ReactionRun& run, const json::value& arg) {
  const auto* o = arg.if_object();
  const auto* id = o ? o->if_contains("messageId") : nullptr;
  if (!id || !id->is_string() || id->get_string() != run.message_id) {
    run.errors.add();
    return;
  }
  run.events.add();
  if (run.measuring.load(std::memory_order_relaxed)) run.events_measured.add();
}

// One toggle; the next follows its acknowledgement.
void react(ReactionRun& run, Member& m) {
  if (!run.running.load(std::memory_order_relaxed)) return;
  m.client->emit("message:react", json::object{{"messageId", run.message_id}, {"emoji", m.emoji}},
                 [&run, &m](const json::value& ack) {
                   if (is_error_ack(ack)) {
                     run.errors.add();
                     if (run.errors.value() <= 3) std::cerr << "reaction refused: " << json::serialize(ack) << "\n";
                     return;
                   }
                   if (run.measuring.load(std::memory_order_relaxed)) run.reactions_measured.add();
                   react(run, m);
                 });
}

bool connect(ReactionRun& run, Loops& loops) {
  Joining j;
  j.count = static_cast<int>(run.members.size());
  j.token_of = [&run](int i) { return run.members[static_cast<std::size_t>(i)].token; };
  j.chat_of = [&run](int) { return run.chat_id; };
  j.client_of = [&run](int i) -> std::shared_ptr<SioClient>& {
    return run.members[static_cast<std::size_t>(i)].client;
  };
  j.callbacks_of = [&run](int, asio::io_context&) {
    SioCallbacks callbacks;
    callbacks.on_event = [&run](std::string_view event, const json::value& arg) {
      if (event == "message:reactions") on_reactions(run, arg);
    };
    callbacks.on_closed = [&run](const std::string&) { run.errors.add(); };
    return callbacks;
  };
  j.joined = &run.joined;
  j.connect_errors = &run.connect_errors;
  j.errors = &run.errors;
  return connect_and_join(run.opt, loops, j);
}

// The owner's message that everyone reacts to.
bool post_message(ReactionRun& run) {
  Counter done;
  std::atomic<bool> ok{false};
  run.members[0].client->emit("message", json::object{{"chatId", run.chat_id}, {"content", "react to me"}},
                              [&run, &done, &ok](const json::value& ack) {
                                const auto* o = ack.if_object();
                                const auto* id = o ? o->if_contains("id") : nullptr;
                                if (id && id->is_string()) {
                                  run.message_id = std::string(id->get_string());
                                  ok = true;
                                }
                                done.add();
                              });
  wait_until([&] { return done.value() > 0; }, std::chrono::seconds(10));
  return ok.load();
}

}  // namespace

int run_reactions(Options opt) {
  ReactionRun run;
  run.opt = std::move(opt);
  const int members = run.opt.group_set ? run.opt.group : 100;
  if (members < 2 || run.opt.typists < 1 || run.opt.typists >= members) {
    std::cerr << "reactions wants --group >= 2 and 1 <= --typists (the reactors) < --group\n";
    return 2;
  }
  const auto users = register_users(run.opt, members);
  run.chat_id = create_group(run.opt, users[0], std::vector<User>(users.begin() + 1, users.end()));
  run.members.resize(users.size());
  for (std::size_t i = 0; i < users.size(); ++i) {
    // The reactors are the last N (the owner, first, only posts and reads).
    const bool reacts = i >= users.size() - static_cast<std::size_t>(run.opt.typists);
    run.members[i] = Member{users[i].id, users[i].token, reacts, kEmoji[i % kEmoji.size()], {}};
  }

  Loops loops(run.opt.threads);
  const auto release = [&] {
    run.running = false;
    loops.stop();
    for (auto& m : run.members) m.client.reset();  // before their io_contexts go
  };
  if (!connect(run, loops)) {
    std::cerr << "could not connect every client (" << run.connect_errors.value() << " failed)\n";
    release();
    return 1;
  }
  if (!post_message(run)) {
    std::cerr << "could not post the message\n";
    release();
    return 1;
  }
  run.running = true;
  for (std::size_t i = 0; i < run.members.size(); ++i) {
    if (run.members[i].reacts) asio::post(loops.at(i), [&run, &m = run.members[i]] { react(run, m); });
  }
  std::this_thread::sleep_for(std::chrono::seconds(run.opt.warmup));
  const auto before = sample_process(run.opt.server_pid);
  run.measuring = true;
  const auto started = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(run.opt.seconds));
  run.measuring = false;
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const auto after = sample_process(run.opt.server_pid);
  release();

  const auto n = static_cast<double>(run.members.size());
  const auto reactions = run.reactions_measured.value();
  json::object r;
  r["seconds"] = std::llround(seconds);
  r["members"] = run.members.size();
  r["reactors"] = run.opt.typists;
  r["reactions_per_s"] = per_second(reactions, seconds);
  r["events_per_member_per_s"] =
      std::round(static_cast<double>(run.events_measured.value()) / n / seconds * 100.0) / 100.0;
  r["errors"] = run.errors.value();
  if (after.ok) {
    const double cpu_ms = (after.cpu_seconds - before.cpu_seconds) * 1000.0;
    r["server_rss_kib"] = after.rss_kib;
    r["server_cpu_ms"] = std::llround(cpu_ms);
    if (reactions > 0) r["server_cpu_us_per_reaction"] = std::round(cpu_ms * 1000.0 / static_cast<double>(reactions));
  }
  report(run.opt, r);
  return run.errors.value() == 0 && reactions > 0 ? 0 : 1;
}

}  // namespace parley::bench
