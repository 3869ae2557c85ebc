// The steps of the PostgreSQL schema, in three files by era: schema_base.cpp (1 to 8: accounts,
// chats, messages, the outbox, the directory, shared settings, jobs, groups and their invite
// links), schema_features.cpp (9 to 24: the features built on them) and schema_composing.cpp
// (25 on: templates and what follows). Private to schema.cpp, which runs them in order; a new
// migration goes at the end of schema_composing.cpp, and one that has been released is never
// edited.
#pragma once

#include "store/postgres/postgres_store_impl.hpp"
#include "store/postgres/schema.hpp"

#include <span>

namespace parley::store::postgres {

std::span<const Migration> base_migrations();       // 1 to 8
std::span<const Migration> feature_migrations();    // 9 to 24
std::span<const Migration> composing_migrations();  // 25 on
// All, in order.
std::span<const Migration> migration_list();

}  // namespace parley::store::postgres
