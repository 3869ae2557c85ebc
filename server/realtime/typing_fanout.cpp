#include "realtime/typing_fanout.hpp"

#include "realtime/event_table.hpp"
#include "util/random.hpp"

#include <boost/json/serialize.hpp>

#include <spdlog/spdlog.h>

#include <chrono>

namespace parley::realtime {

namespace json = boost::json;

namespace {
constexpr const char* kTopic = "typing";
}  // namespace

TypingFanout::TypingFanout(Namespace& nsp, chat::TypingService& typing, Adapter* adapter)
    : nsp_(nsp), typing_(typing), adapter_(adapter) {
  typing_.set_sink(this);
  if (adapter_) {
    typing_.set_peers(this, util::random_id());
    adapter_->on_notice(kTopic, {.notice =
                                     [&typing](std::string_view payload) {
                                       if (auto n = chat::parse_typing_notice(payload)) {
                                         typing.heard(*n);
                                       } else {
                                         spdlog::warn("typing: a notice that does not parse was ignored");
                                       }
                                     },
                                 // After a break the others may have missed notices: tell them again.
                                 .hearing =
                                     [&typing](bool hearing) {
                                       if (hearing) typing.republish();
                                     }});
  }
  clock_ = std::thread([this] { run_clock(); });
}

TypingFanout::~TypingFanout() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  clock_.join();
  typing_.set_sink(nullptr);
  if (adapter_) typing_.set_peers(nullptr, "");
}

void TypingFanout::run_clock() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(chat::TypingService::kTickMs), [this] { return stopping_; })) {
    lock.unlock();
    typing_.tick();
    lock.lock();
  }
}

// To the chat's room and, for a private chat, its participants' inboxes (as ChatGateway::to_chat).
void TypingFanout::typing_changed(const chat::TypingAudience& chat, const std::vector<std::string>& user_ids) {
  Broadcast b = nsp_.local().to(chat_room(chat.chat_id));
  for (const auto& p : chat.participants) b.to(inbox_room(p));
  json::array ids;
  ids.reserve(user_ids.size());
  for (const auto& id : user_ids) ids.emplace_back(id);
  b.emit("typing", Payload::of(json::object{{"chatId", chat.chat_id}, {"userIds", std::move(ids)}}));
}

void TypingFanout::typing_notice(const chat::TypingNotice& notice) {
  adapter_->notify(kTopic, json::serialize(chat::typing_notice_json(notice)));
}

}  // namespace parley::realtime
