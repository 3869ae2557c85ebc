"""Turns parley-bench's JSON lines into the markdown table of the README's Performance section."""
import json
import os
import platform
import sys


def cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or 'unknown CPU'


def figure(r):
    s = r['scenario']
    lat = r.get('latency', {})
    p = lambda k: f"{lat.get(k, 0) / 1000:.2f}"
    if s == 'throughput':
        return (f"{r['delivered_per_s']:,} msg/s delivered, {r['acked_per_s']:,}/s persisted+acked",
                f"p50 {p('p50_us')} / p99 {p('p99_us')} ms", f"{r['pairs']} pairs, window {r['window']}")
    if s == 'latency':
        return (f"{r['delivered_per_s']:,} msg/s", f"p50 {p('p50_us')} / p99 {p('p99_us')} / p99.9 {p('p99_9_us')} ms",
                f"{r['pairs']} pairs at {r['rate']:g} msg/s")
    if s == 'fanout':
        return (f"{r['delivered_per_s']:,} deliveries/s ({r['acked_per_s']:,} msg/s sent)",
                f"p50 {p('p50_us')} / p99 {p('p99_us')} ms", f"{r['group']} sockets in the chat")
    if s == 'idle':
        per = r.get('server_bytes_per_connection', 0) / 1024
        features = ', '.join(r.get('features', [])) or 'no features'
        return (f"{r['connected']:,} connected, {per:.1f} KiB server RSS each, {r.get('events_received', 0):,} events",
                f"{r['connects_per_s']:,} connects/s", f"{r['connections']:,} sockets, {r['users']:,} users ({features})")
    if s == 'reconnect':
        return (f"{r['resynced']:,} of {r['clients']:,} resynced in {r['resync_ms'] / 1000:.2f} s",
                f"{r['incomplete']} incomplete", f"{r['users']:,} users, {r['messages_per_chat']} messages per chat")
    return ('', '', '')


def main(path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    print(f"Machine: {os.cpu_count()} cores, {cpu_model()}; load generator on the same machine.\n")
    print('| shape | scenario | result | latency / rate | setup | lost | errors | server CPU s | server CPU per message |')
    print('|---|---|---|---|---|---|---|---|---|')
    for r in rows:
        result, lat, setup = figure(r)
        lost = r.get('lost', r.get('incomplete', r.get('failed', 0)))
        cpu = r.get('server_cpu_ms', r.get('server_cpu_ms_connecting', 0)) / 1000
        # Server CPU per message delivered, measured by parley-bench over the sending window only
        # (setup and drain left out): stable on a noisy machine, where rates are not. For the
        # connection scenarios, CPU per connection.
        per = ''
        if 'server_cpu_us_per_delivery' in r:
            per = f"{r['server_cpu_us_per_delivery']:.1f} µs / message"
        elif 'server_cpu_us_per_connect' in r:
            per = f"{r['server_cpu_us_per_connect']} µs / connect"
        elif r.get('scenario') == 'reconnect' and r.get('clients'):
            per = f"{cpu * 1e6 / r['clients']:.0f} µs / client"
        print(f"| {r.get('label', '')} | {r['scenario']} | {result} | {lat} | {setup} | {lost} | "
              f"{r.get('errors', r.get('dropped_while_idle', 0))} | {cpu:.2f} | {per} |")


if __name__ == '__main__':
    main(sys.argv[1])
