// Typing indicators on the wire. The typists TypingService knows of in a chat go to this
// instance's sockets in the chat's rooms as `typing {chatId, userIds}` (local broadcasts: every
// instance sends its own, from its own typists and those the others told it of); with a
// cluster adapter, this instance's typists go to the others as notices on topic "typing". It
// also keeps the service's time: tick() every TypingService::kTickMs on a thread of its own.
//
// Threading: built before serving, destroyed before the service and the adapter; the sink and
// peers calls come from any thread and only queue.
#pragma once

#include "chat/typing/typing_service.hpp"
#include "realtime/adapter.hpp"
#include "realtime/socketio_server.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace parley::realtime {

class TypingFanout final : public chat::TypingSink, public chat::TypingPeers {
 public:
  // `adapter`: the cluster's; null for a single instance.
  TypingFanout(Namespace& nsp, chat::TypingService& typing, Adapter* adapter);
  ~TypingFanout() override;
  TypingFanout(const TypingFanout&) = delete;
  TypingFanout& operator=(const TypingFanout&) = delete;

  void typing_changed(const chat::TypingAudience& chat, const std::vector<std::string>& user_ids) override;
  void typing_notice(const chat::TypingNotice& notice) override;

 private:
  void run_clock();

  Namespace& nsp_;
  chat::TypingService& typing_;
  Adapter* const adapter_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread clock_;      // last: starts after everything above is ready
};

}  // namespace parley::realtime
