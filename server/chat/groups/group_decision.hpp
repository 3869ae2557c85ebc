// GroupService's own parts shared by its source files: a decision's timeline lines, and
// people's names for them. Not for use outside server/chat/groups.
#pragma once

#include "chat/groups/group_service.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace parley::chat {

// What a decision adds to the edit: the timeline's lines, as (type, content, extra fields).
struct GroupService::Decision {
  struct Line {
    std::string type;
    std::string content;
    boost::json::object extra;
  };
  std::vector<Line> lines;
};

struct Names {
  store::Store& store;
  std::string of(const std::string& user_id) const {
    auto u = store.user_by_id(user_id);
    return u ? u->name : std::string("Someone");
  }
  std::string list(const std::vector<std::string>& ids) const {
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (i > 0) out += i + 1 == ids.size() ? " and " : ", ";
      out += of(ids[i]);
    }
    return out;
  }
};

}  // namespace parley::chat
