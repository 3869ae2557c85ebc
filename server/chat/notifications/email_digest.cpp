#include "chat/notifications/email_digest.hpp"

#include "chat/notifications/do_not_disturb.hpp"
#include "chat/notifications/notify_rules.hpp"

#include <algorithm>

namespace parley::chat {

namespace {

std::string plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string chat_names(const std::vector<DigestChat>& chats) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < chats.size() && i < 2; ++i) names.push_back(chats[i].name);
  return named_chats(names, chats.size());
}

std::string chat_url(const Digest& d, const DigestChat& c) { return d.public_url + "/chat/" + c.chat_id; }

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

mail::MailMessage digest_email(const Digest& d) {
  std::int64_t total = 0;
  for (const auto& c : d.chats) total += c.unread;
  mail::MailMessage m;
  m.to = d.to;
  m.subject = plural(total, "unread message", "unread messages") + " in " + chat_names(d.chats);
  m.headers = {{"List-Unsubscribe", "<" + d.unsubscribe_url + ">"},
               {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
               {"Auto-Submitted", "auto-generated"}};

  std::string text =
      "Hi " + d.name + ",\n\nYou have " + plural(total, "unread message", "unread messages") + " on Parley.\n";
  std::string html =
      "<!doctype html><html><body style=\"font-family: system-ui, sans-serif; color: #1f2330; line-height: 1.45\">"
      "<p>Hi " +
      html_escape(d.name) + ",</p><p>You have " + plural(total, "unread message", "unread messages") +
      " on Parley.</p>";
  for (const auto& c : d.chats) {
    const auto url = chat_url(d, c);
    text += "\n" + c.name + " (" + std::to_string(c.unread) + ")\n";
    html += "<h2 style=\"font-size: 16px; margin: 20px 0 6px\"><a href=\"" + html_escape(url) + "\">" +
            html_escape(c.name) + "</a> <span style=\"color: #6b7280; font-weight: normal\">(" +
            std::to_string(c.unread) + ")</span></h2><ul style=\"margin: 0; padding-left: 18px\">";
    for (const auto& line : c.lines) {
      const auto when = clock_time(d.time_zone, line.at);
      text += "  " + when + " " + line.sender + (line.text.empty() ? "" : ": " + line.text) + "\n";
      html += "<li><span style=\"color: #6b7280\">" + when + "</span> <strong>" + html_escape(line.sender) +
              "</strong>" + (line.text.empty() ? "" : ": " + html_escape(line.text)) + "</li>";
    }
    if (c.unread > static_cast<std::int64_t>(c.lines.size())) {
      const auto more = c.unread - static_cast<std::int64_t>(c.lines.size());
      text += "  and " + plural(more, "more", "more") + "\n";
      html += "<li style=\"color: #6b7280\">and " + std::to_string(more) + " more</li>";
    }
    text += "  Open: " + url + "\n";
    html += "</ul>";
  }
  text += "\nChange how Parley notifies you: " + d.settings_url + "\nStop these emails: " + d.unsubscribe_page + "\n";
  html += "<p style=\"margin-top: 24px; font-size: 13px; color: #6b7280\"><a href=\"" + html_escape(d.settings_url) +
          "\">Notification settings</a> · <a href=\"" + html_escape(d.unsubscribe_page) +
          "\">Stop these emails</a></p></body></html>";
  m.text = std::move(text);
  m.html = std::move(html);
  return m;
}

mail::MailMessage verification_email(const std::string& to, const std::string& name, const std::string& link,
                                     int hours) {
  mail::MailMessage m;
  m.to = to;
  m.subject = "Verify your email address for Parley";
  m.headers = {{"Auto-Submitted", "auto-generated"}};
  m.text = "Hi " + name + ",\n\nTo get emails from Parley about messages you have not read, verify this address:\n\n" +
           link + "\n\nThe link works for " + std::to_string(hours) +
           " hours. If you did not ask for it, ignore this email.\n";
  m.html = "<!doctype html><html><body style=\"font-family: system-ui, sans-serif; color: #1f2330\"><p>Hi " +
           html_escape(name) +
           ",</p><p>To get emails from Parley about messages you have not read, verify this address:</p>"
           "<p><a href=\"" +
           html_escape(link) +
           "\">Verify my address</a></p><p style=\"color: #6b7280; font-size: 13px\">The link works for " +
           std::to_string(hours) + " hours. If you did not ask for it, ignore this email.</p></body></html>";
  return m;
}

}  // namespace parley::chat
