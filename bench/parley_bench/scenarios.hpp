// The benchmark scenarios. Each prints one JSON line and returns the process exit code: 0 when
// nothing was lost, duplicated or refused, 1 otherwise (the figures are printed either way).
#pragma once

#include "harness.hpp"

namespace parley::bench {

int run_throughput(Options opt);    // P pairs, W unacknowledged messages per sender
int run_latency(Options opt);       // P pairs at a fixed total rate
int run_fanout(Options opt);        // one sender, G receiving sockets of one user in a private chat
int run_group_fanout(Options opt);  // one sender, G distinct members of a group (each one socket)
int run_idle(Options opt);          // C authenticated connections held open
int run_reconnect(Options opt);     // C clients drop, reconnect and resync by after_seq
int run_typing(Options opt);        // N typists of a group of G members, typing:start every I ms

}  // namespace parley::bench
