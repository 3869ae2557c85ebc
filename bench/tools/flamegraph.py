#!/usr/bin/env python3
"""Turns `perf script` output (call graphs) into a flame graph SVG: one box per function,
as wide as the share of samples it was on the stack for, callers below callees.
  perf script -i perf.data | bench/tools/flamegraph.py --title T > out.svg"""
import argparse
import html
import re
import sys
from collections import defaultdict


def stacks(lines):
    """Yields (thread, [frames from the root]) per sample."""
    thread, frames = None, []
    for line in lines:
        line = line.rstrip('\n')
        if not line.strip():
            if thread is not None and frames:
                yield thread, list(reversed(frames))
            thread, frames = None, []
        elif not line.startswith((' ', '\t')):
            thread = line.split()[0]
        else:
            parts = line.strip().split(None, 1)
            name = parts[1] if len(parts) > 1 else parts[0]
            name = re.sub(r'\s*\(\S*\)$', '', name)  # the DSO
            name = re.sub(r'\+0x[0-9a-f]+$', '', name)
            if len(name) > 160:
                name = name[:157] + '...'
            frames.append(name)
    if thread is not None and frames:
        yield thread, list(reversed(frames))


def tree(samples):
    root = {'n': 0, 'c': defaultdict(lambda: None)}
    def child(node, name):
        c = node['c'].get(name)
        if c is None:
            c = {'n': 0, 'c': {}}
            node['c'][name] = c
        return c
    root['c'] = {}
    for thread, frames in samples:
        node = root
        node['n'] += 1
        for f in [thread] + frames:
            node = child(node, f)
            node['n'] += 1
    return root


def color(name):
    h = sum(ord(ch) for ch in name) % 60
    if name.startswith('[k]') or 'kernel' in name or name.startswith(('__x64', 'entry_', 'do_syscall')):
        return f'rgb(230,{120 + h},{60 + h // 2})'
    if 'sqlite' in name.lower():
        return f'rgb({80 + h},{150 + h},230)'
    return f'rgb(240,{100 + h * 2},{40 + h // 3})'


def render(root, title, width=1600, row=16):
    out = []
    total = max(root['n'], 1)
    depth = [0]
    def walk(node, name, x, level):
        w = node['n'] / total * width
        if w < 1.0:
            return
        depth[0] = max(depth[0], level)
        out.append((name, x, level, w, node['n']))
        cx = x
        for cname, c in sorted(node['c'].items()):
            walk(c, cname, cx, level + 1)
            cx += c['n'] / total * width
    walk(root, 'all', 0.0, 0)
    height = (depth[0] + 3) * row
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="monospace" font-size="11">',
           f'<rect width="100%" height="100%" fill="#fdfdf8"/>',
           f'<text x="8" y="{row - 3}" font-size="13">{html.escape(title)} ({total} samples)</text>']
    for name, x, level, w, n in out:
        y = height - (level + 1) * row
        label = html.escape(name)
        svg.append(f'<g><title>{label}: {n} samples, {100 * n / total:.1f}%</title>'
                   f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 1}" fill="{color(name)}"/>')
        chars = int(w / 6.6)
        if chars >= 3:
            text = name if len(name) <= chars else name[:chars - 2] + '..'
            svg.append(f'<text x="{x + 2:.1f}" y="{y + row - 4}">{html.escape(text)}</text>')
        svg.append('</g>')
    svg.append('</svg>')
    return '\n'.join(svg)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--title', default='flame graph')
    a = p.parse_args()
    print(render(tree(stacks(sys.stdin)), a.title))


if __name__ == '__main__':
    main()
