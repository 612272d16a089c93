#!/usr/bin/env python3
"""Raw-socket HTTP/1.1 conformance client for bench/http-conformance.sh.

Sends every request of a corpus (bench/http-corpus/*.http) byte for byte to each server
given, reads until the server closes or stays silent for --silence seconds, and prints a
table of the status lines each server sent and how the connection ended. See
bench/http-corpus/README.md for the file format.

  http-conformance.py --corpus DIR --target sluice=127.0.0.1:18180 --target apache=127.0.0.1:18181
  http-conformance.py --corpus DIR --dump 121-get-body-smuggle     # print the bytes a file sends
"""
import argparse
import concurrent.futures
import json
import os
import re
import socket
import sys
import time

PAUSE = object()
# Answers meaning the request message itself could not be parsed or framed.
MESSAGE_ERRORS = {'400', '411', '413', '414', '431', '501', '505'}


def unescape(text):
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c != '\\':
            out += c.encode('utf-8')
            i += 1
            continue
        if i + 1 >= len(text):
            raise ValueError('a lone backslash at the end')
        e = text[i + 1]
        if e == 'r':
            out += b'\r'
        elif e == 'n':
            out += b'\n'
        elif e == 't':
            out += b'\t'
        elif e == '0':
            out += b'\0'
        elif e == '\\':
            out += b'\\'
        elif e == 'x':
            out.append(int(text[i + 2:i + 4], 16))
            i += 2
        else:
            raise ValueError('unknown escape \\' + e)
        i += 2
    return bytes(out)


def expand_repeats(text):
    def rep(m):
        n = int(m.group(1))
        return ''.join(m.group(2).replace('{i}', str(k + 1)) for k in range(n))
    return re.sub(r'\{\{(\d+)\*(.*?)\}\}', rep, text)


def load(path):
    """Returns (description lines, [bytes | PAUSE, ...])."""
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    notes = [l[1:].strip() for l in lines if l.startswith('#')]
    # Physical newlines are not part of the request: only escapes produce bytes.
    text = ''.join(l for l in lines if not l.startswith('#'))
    text = expand_repeats(text)
    segments = []
    for k, part in enumerate(text.split('{{pause}}')):
        if k > 0:
            segments.append(PAUSE)
        segments.append(unescape(part))
    return notes, segments


def read_available(sock, silence):
    """Reads until close, reset or `silence` seconds without bytes. Returns (bytes, end)."""
    data = bytearray()
    sock.settimeout(silence)
    while True:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return bytes(data), 'open'
        except ConnectionResetError:
            return bytes(data), 'reset'
        if not chunk:
            return bytes(data), 'close'
        data += chunk


def exchange(host, port, segments, silence, pause):
    sock = socket.create_connection((host, port), timeout=5)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    received = bytearray()
    send_error = None
    end = None
    try:
        for seg in segments:
            if seg is PAUSE:
                # Collect what the server says meanwhile (a 100 Continue, a first answer).
                data, end = read_available(sock, pause)
                received += data
                if end != 'open':
                    break
                end = None
                continue
            try:
                sock.sendall(seg)
            except (BrokenPipeError, ConnectionResetError) as e:
                send_error = type(e).__name__
                break
        if end is None:
            data, end = read_available(sock, silence)
            received += data
    finally:
        sock.close()
    return bytes(received), end, send_error


def parse_responses(data):
    """Splits the bytes received into responses: a list of (status line, code, headers)."""
    out = []
    pos = 0
    while pos < len(data):
        if not data.startswith(b'HTTP/', pos):
            snippet = data[pos:pos + 20]
            out.append(('<%d bytes without a status line: %r>' % (len(data) - pos, snippet), 'raw', {}))
            break
        head_end = data.find(b'\r\n\r\n', pos)
        if head_end < 0:
            line = data[pos:data.find(b'\r\n', pos) if b'\r\n' in data[pos:] else len(data)]
            out.append((line.decode('latin-1') + ' <incomplete head>', 'partial', {}))
            break
        head = data[pos:head_end].decode('latin-1').split('\r\n')
        status = head[0]
        parts = status.split(' ', 2)
        code = parts[1] if len(parts) > 1 else '?'
        headers = {}
        for h in head[1:]:
            if ':' in h:
                k, v = h.split(':', 1)
                headers.setdefault(k.strip().lower(), v.strip())
        out.append((status, code, headers))
        pos = head_end + 4
        try:
            n = int(code)
        except ValueError:
            n = 0
        if 100 <= n < 200 or n in (204, 304):
            continue
        if data.startswith(b'HTTP/1.', pos):
            continue  # an answer to HEAD: no content
        if 'chunked' in headers.get('transfer-encoding', '').lower():
            while True:
                eol = data.find(b'\r\n', pos)
                if eol < 0:
                    pos = len(data)
                    break
                try:
                    size = int(data[pos:eol].split(b';')[0], 16)
                except ValueError:
                    pos = len(data)
                    break
                pos = eol + 2 + size + 2
                if size == 0:
                    # trailer section: up to an empty line
                    if data.startswith(b'\r\n', eol + 2):
                        pos = eol + 4
                    else:
                        t = data.find(b'\r\n\r\n', eol + 2)
                        pos = len(data) if t < 0 else t + 4
                    break
        elif 'content-length' in headers:
            try:
                pos += int(headers['content-length'])
            except ValueError:
                pos = len(data)
        else:
            pos = len(data)  # delimited by the close
    return out


def run_one(name, segments, host, port, silence, pause):
    try:
        data, end, send_error = exchange(host, port, segments, silence, pause)
    except OSError as e:
        return {'error': '%s: %s' % (type(e).__name__, e), 'codes': [], 'statuses': [], 'end': 'error'}
    responses = parse_responses(data)
    codes = [c for _, c, _ in responses]
    # "Read past an error": after an answer that says the message itself was bad (so its end
    # is unknown), the server answered more, or kept the connection open to read on.
    read_past_error = False
    for k, c in enumerate(codes):
        if c in MESSAGE_ERRORS:
            read_past_error = k + 1 < len(codes) or end == 'open'
            break
    # "Silent close": the server closed after an HTTP/1.1 answer that did not say
    # "Connection: close" (a client may already be sending its next request).
    silent_close = False
    if end in ('close', 'reset') and responses:
        status, code, headers = responses[-1]
        if status.startswith('HTTP/1.1 ') and 'close' not in headers.get('connection', '').lower():
            silent_close = True
    return {'statuses': [s for s, _, _ in responses], 'codes': codes, 'end': end,
            'send_error': send_error, 'read_past_error': read_past_error,
            'silent_close': silent_close, 'bytes': len(data),
            'raw_head': data[:400].decode('latin-1')}


def cell(r):
    if r.get('error'):
        return 'ERROR ' + r['error']
    codes = ','.join(r['codes']) if r['codes'] else '(nothing)'
    s = '%s %s' % (codes, r['end'])
    if r['read_past_error']:
        s += ' !read-on'
    if r['silent_close']:
        s += ' !silent'
    if r.get('send_error'):
        s += ' (send: %s)' % r['send_error']
    return s


def same(a, b):
    closed = lambda r: r['end'] in ('close', 'reset')
    return a['codes'] == b['codes'] and closed(a) == closed(b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--corpus', required=True)
    ap.add_argument('--target', action='append', default=[], help='NAME=HOST:PORT')
    ap.add_argument('--silence', type=float, default=2.0, help='seconds without bytes that end a read')
    ap.add_argument('--pause', type=float, default=0.5, help='seconds a {{pause}} waits (and reads)')
    ap.add_argument('--only', help='regex on request names')
    ap.add_argument('--json', help='write every result here')
    ap.add_argument('--dump', help='print the bytes of one corpus file (by name) and exit')
    ap.add_argument('--parallel', type=int, default=8)
    args = ap.parse_args()

    files = sorted(f for f in os.listdir(args.corpus) if f.endswith('.http'))
    corpus = {}
    for f in files:
        name = f[:-5]
        if args.only and not re.search(args.only, name):
            continue
        corpus[name] = load(os.path.join(args.corpus, f))
    if args.dump:
        notes, segs = corpus[args.dump]
        for s in segs:
            if s is PAUSE:
                print('--- pause ---')
            else:
                print(repr(s), '(%d bytes)' % len(s))
        return 0

    targets = []
    for t in args.target:
        name, addr = t.split('=', 1)
        host, port = addr.rsplit(':', 1)
        if host != '127.0.0.1':
            sys.exit('only 127.0.0.1 is allowed as a target')
        targets.append((name, host, int(port)))

    results = {n: {} for n in corpus}
    with concurrent.futures.ThreadPoolExecutor(args.parallel) as pool:
        futures = {}
        for n, (notes, segs) in corpus.items():
            for tname, host, port in targets:
                futures[pool.submit(run_one, n, segs, host, port, args.silence, args.pause)] = (n, tname)
        for f in concurrent.futures.as_completed(futures):
            n, tname = futures[f]
            results[n][tname] = f.result()

    names = [t[0] for t in targets]
    w0 = max(len('request'), max((len(n) for n in corpus), default=0))
    cells = {n: [cell(results[n][t]) for t in names] for n in corpus}
    widths = [max([len(t)] + [len(cells[n][k]) for n in corpus]) for k, t in enumerate(names)]
    header = 'request'.ljust(w0) + ' | ' + ' | '.join(t.ljust(widths[k]) for k, t in enumerate(names))
    if len(names) == 2:
        header += ' | same?'
    print(header)
    print('-' * len(header))
    differences = []
    for n in corpus:
        line = n.ljust(w0) + ' | ' + ' | '.join(cells[n][k].ljust(widths[k]) for k in range(len(names)))
        if len(names) == 2:
            s = same(results[n][names[0]], results[n][names[1]])
            line += ' | ' + ('yes' if s else 'NO')
            if not s:
                differences.append(n)
        print(line)
    print()
    print('codes: every status code received, in order; then how the connection ended:')
    print('  close = the server closed it, reset = RST, open = still open after %.1f s of silence;' % args.silence)
    print('  !read-on = after a 400/411/413/414/431/501/505 the server answered more or kept the connection open')
    print('  !silent = the server closed after an HTTP/1.1 answer without "Connection: close"')
    if len(names) == 2:
        print()
        print('%d requests, %d differences (status codes, or closed vs. left open):' % (len(corpus), len(differences)))
        for n in differences:
            notes = corpus[n][0]
            exp = next((x for x in notes if x.startswith('expect:')), '')
            print('  %-32s %s: %-22s %s: %-22s %s' % (n, names[0], cells[n][0], names[1], cells[n][1], exp))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'targets': names, 'results': results,
                       'notes': {n: corpus[n][0] for n in corpus}}, f, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
