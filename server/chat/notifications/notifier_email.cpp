// The notifier's emails (notifier.hpp): the digest of what stayed unread, its delivery with
// retries, and the verification of a person's address.
#include "chat/notifications/email_digest.hpp"
#include "chat/notifications/email_tokens.hpp"
#include "chat/notifications/notifier.hpp"
#include "chat/notifications/notify_rules.hpp"
#include "util/random.hpp"
#include "util/utf8.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <iterator>
#include <map>

namespace parley::chat {

namespace json = boost::json;

namespace {

constexpr std::int64_t kDay = 24 * 3'600'000;
// How many held messages one digest reads at most (the newest; the count covers them all).
constexpr std::size_t kDigestMessages = 200;
constexpr int kMailAttempts = 8;
constexpr int kVerifyHours = 24;

std::string field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

json::object mail_json(const mail::MailMessage& m) {
  json::array headers;
  for (const auto& [name, value] : m.headers) headers.push_back(json::array{json::string(name), json::string(value)});
  return {{"to", m.to}, {"subject", m.subject}, {"text", m.text}, {"html", m.html}, {"headers", std::move(headers)}};
}

std::optional<mail::MailMessage> mail_from(const json::object& o) {
  mail::MailMessage m;
  m.to = field(o, "to");
  m.subject = field(o, "subject");
  m.text = field(o, "text");
  m.html = field(o, "html");
  if (const auto* h = o.if_contains("headers"); h != nullptr && h->is_array()) {
    for (const auto& pair : h->get_array()) {
      if (!pair.is_array() || pair.get_array().size() != 2 || !pair.get_array()[0].is_string() ||
          !pair.get_array()[1].is_string()) {
        return std::nullopt;
      }
      m.headers.emplace_back(pair.get_array()[0].get_string(), pair.get_array()[1].get_string());
    }
  }
  if (m.to.empty()) return std::nullopt;
  return m;
}

}  // namespace

const std::string& Notifier::token_key() {
  std::call_once(key_once_, [this] {
    auto key = core_.store.shared_setting("email_token_key", util::random_id(32));
    if (key) {
      token_key_ = std::move(*key);
    } else {
      spdlog::error("notifications: the email link key cannot be read from the store; links last until a restart");
      token_key_ = util::random_id(32);
    }
  });
  return token_key_;
}

void Notifier::queue_digest(const std::string& user_id, std::int64_t at) {
  store::NewJob job;
  job.kind = std::string(kDigestJob);
  job.payload = json::serialize(json::object{{"userId", user_id}});
  job.run_at = at;
  job.max_attempts = 5;
  job.dedupe_key = "digest:" + user_id + ":" + std::to_string(at);
  if (!core_.jobs->enqueue(job)) spdlog::warn("notifications: cannot queue an email digest for {}", user_id);
}

void Notifier::queue_mail(const mail::MailMessage& message, const std::string& dedupe_key) {
  store::NewJob job;
  job.kind = std::string(kMailJob);
  job.payload = json::serialize(mail_json(message));
  job.run_at = core_.now();
  job.max_attempts = kMailAttempts;
  job.dedupe_key = dedupe_key;
  if (!core_.jobs->enqueue(job)) spdlog::warn("notifications: cannot queue an email");
}

jobs::JobOutcome Notifier::send_mail(const store::Job& job) {
  boost::system::error_code ec;
  auto v = json::parse(job.payload, ec);
  if (ec || !v.is_object()) return jobs::JobOutcome::give_up("payload is not a JSON object");
  auto message = mail_from(v.get_object());
  if (!message) return jobs::JobOutcome::give_up("payload is not an email");
  const auto result = mail_.channel->send(*message);
  switch (result.outcome) {
    case mail::MailOutcome::kSent:
      return jobs::JobOutcome::done();
    case mail::MailOutcome::kRefused:
      spdlog::warn("notifications: the mail server refused an email: {}", result.detail);
      return jobs::JobOutcome::give_up(result.detail);
    case mail::MailOutcome::kRetry:
      break;
  }
  return jobs::JobOutcome::retry(result.detail);
}

Result<void> Notifier::send_verification(const std::string& user_id) {
  if (!emails()) return fail(Errc::kInvalidInput, "This server sends no email");
  auto user = core_.store.user_by_id(user_id);
  if (!user) return fail(Errc::kNotFound, "No such user");
  const auto now = core_.now();
  const auto token =
      make_email_token(token_key(), kVerifyPurpose, EmailToken{user->id, user->email, now + kVerifyHours * 3'600'000});
  const auto link = mail_.public_url + "/verify-email?token=" + token;
  queue_mail(verification_email(user->email, user->name, link, kVerifyHours),
             "verify:" + user->id + ":" + std::to_string(now));
  return {};
}

jobs::JobOutcome Notifier::digest(const store::Job& job) {
  boost::system::error_code ec;
  auto v = json::parse(job.payload, ec);
  if (ec || !v.is_object()) return jobs::JobOutcome::give_up("payload is not a JSON object");
  const auto user_id = field(v.get_object(), "userId");
  auto user = core_.store.user_by_id(user_id);
  if (!user) {
    if (user.error() == store::Errc::kNotFound) return jobs::JobOutcome::give_up("no such user");
    return jobs::JobOutcome::retry("store unavailable");
  }
  auto document = core_.store.notify_settings(user_id);
  if (!document) return jobs::JobOutcome::retry("store unavailable");
  const auto settings = settings_from(*document);
  const auto now = core_.now();
  const std::int64_t delay = std::int64_t{settings.email_delay_minutes} * mail_.minute_ms;
  auto held = core_.store.take_held(user_id, kHeldForEmail, now - delay, kDigestMessages);
  if (!held) return jobs::JobOutcome::retry("store unavailable");
  if (held->empty() || !gets_emails(settings, user->email)) return jobs::JobOutcome::done();

  std::vector<std::string> ids;
  for (const auto& h : *held) ids.push_back(h.message_id);
  auto messages = core_.store.reply_targets(ids);
  if (!messages) return jobs::JobOutcome::retry("store unavailable");
  std::sort(messages->begin(), messages->end(), [](const auto& a, const auto& b) {
    return a.first.created_at > b.first.created_at;  // the latest first
  });

  // What is still unread, by chat (the chat with the latest first).
  std::vector<DigestChat> chats;
  std::map<std::string, std::optional<store::Chat>> known;
  for (const auto& [m, sender] : *messages) {
    if (m.deleted_at) continue;
    auto& chat = known[m.chat_id];
    if (!chat) {
      auto c = core_.store.chat_by_id(m.chat_id);
      if (!c) continue;  // gone
      chat = std::move(*c);
    }
    bool read = false;
    if (chat->group) {
      auto me = core_.store.member(m.chat_id, user_id);
      read = !me || me->read_seq >= m.seq;  // not a member any more: nothing to tell
    } else if (std::find(chat->participants.begin(), chat->participants.end(), user_id) == chat->participants.end()) {
      read = true;
    } else {
      read = m.status == store::Status::kRead;
      if (!read) {
        auto quiet = core_.store.quiet_reads(user_id, m.chat_id, m.seq, m.seq);
        read = quiet && !quiet->empty();
      }
    }
    if (read) continue;
    auto it = std::find_if(chats.begin(), chats.end(), [&](const DigestChat& c) { return c.chat_id == m.chat_id; });
    if (it == chats.end()) {
      chats.push_back(DigestChat{m.chat_id, chat_name(*chat, user_id), 0, {}});
      it = std::prev(chats.end());
    }
    ++it->unread;
    if (it->lines.size() < kDigestLinesPerChat) {
      it->lines.push_back(DigestLine{
          sender, settings.previews ? std::string(util::utf8_prefix(m.content, 200)) : std::string(), m.created_at});
    }
  }
  if (chats.empty()) return jobs::JobOutcome::done();
  for (auto& c : chats) std::reverse(c.lines.begin(), c.lines.end());  // oldest first

  Digest d;
  d.to = user->email;
  d.name = user->name;
  d.chats = std::move(chats);
  d.time_zone = settings.time_zone;
  d.public_url = mail_.public_url;
  d.settings_url = mail_.public_url + "/";
  const auto token =
      make_email_token(token_key(), kUnsubscribePurpose, EmailToken{user->id, user->email, now + 365 * kDay});
  d.unsubscribe_url = mail_.public_url + "/api/v1/email/unsubscribe?token=" + token;
  d.unsubscribe_page = mail_.public_url + "/unsubscribe?token=" + token;
  queue_mail(digest_email(d), "digest-mail:" + std::to_string(job.id));
  return jobs::JobOutcome::done();
}

}  // namespace parley::chat
