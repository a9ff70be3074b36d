#!/usr/bin/env python3
"""Load benchmark: N RTMP publishers into one server, measured from /proc and the server's own metrics.

  loadbench.py run --server ours|nginx --publishers N --seconds S --workload F --out result.json [...]
  loadbench.py report RESULT.json... [--markdown docs/PERFORMANCE.md --command "..."]

Only the Python standard library is used, so the benchmark runs on a bare machine with ffmpeg.
"""
import argparse
import bisect
import datetime
import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NGINX_RTMP_MODULE = "/usr/lib/nginx/modules/ngx_rtmp_module.so"


# ---------------------------------------------------------------- /proc

def cpu_seconds(pid):
    """utime + stime of a process (all its threads), in seconds; None once it has gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # After the ")" of comm, field 3 (state) is index 0: utime is field 14, stime field 15.
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def kernel_cpu_seconds(pid):
    """stime alone: CPU the kernel spent on the process's behalf (system calls, TCP receive and acknowledgement)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[12]) / CLOCK_TICKS
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def children(pid):
    result = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
        if ppid == pid:
            result.append(int(entry))
    return result


def thread_cpu(pid):
    """{thread name: CPU seconds} summed over the threads of one process with that name."""
    result = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return result
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                raw = f.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw.rsplit(")", 1)[1].split()
        result[name] = result.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return result


def listening_ports(pids):
    """TCP ports in LISTEN state whose sockets belong to the given processes (so a port is surely ours)."""
    inodes = set()
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                try:
                    target = os.readlink(f"/proc/{pid}/fd/{fd}")
                except OSError:
                    continue
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except (FileNotFoundError, PermissionError):
            pass
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == "0A" and fields[9] in inodes:
                        ports.add(int(fields[1].rsplit(":", 1)[1], 16))
        except FileNotFoundError:
            pass
    return ports


def load_average():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def total_cpu(pids):
    return sum(c for c in (cpu_seconds(p) for p in pids) if c is not None)


def total_kernel_cpu(pids):
    return sum(c for c in (kernel_cpu_seconds(p) for p in pids) if c is not None)


def machine():
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    return {"nproc": os.cpu_count(), "cpu_model": model, "mem_gib": round(mem_kb / 1048576, 1),
            "kernel": os.uname().release}


# ---------------------------------------------------------------- helpers

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, deadline_s, what):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {what}")


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def http_get(port, path, timeout=10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    except OSError:
        return 0, b""
    finally:
        conn.close()


def parse_prometheus(text):
    """{(name, frozenset(labels)): value} for every sample line."""
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)', line)
        if not m:
            continue
        labels = frozenset(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
        try:
            samples[(m.group(1), labels)] = float(m.group(3))
        except ValueError:
            pass
    return samples


def metric_sum(samples, name):
    values = [v for (n, _), v in samples.items() if n == name]
    return sum(values) if values else None


def histogram(samples, name):
    """Buckets summed over every label set except le: sorted [(upper bound, cumulative count)]."""
    buckets = {}
    for (n, labels), v in samples.items():
        if n != name + "_bucket":
            continue
        le = dict(labels).get("le")
        bound = float("inf") if le == "+Inf" else float(le)
        buckets[bound] = buckets.get(bound, 0.0) + v
    return sorted(buckets.items())


def histogram_delta(before, after):
    b = dict(before)
    return [(bound, count - b.get(bound, 0.0)) for bound, count in after]


def histogram_quantile(q, buckets):
    """Prometheus histogram_quantile: linear interpolation inside the bucket that holds rank q*count."""
    if not buckets or buckets[-1][1] <= 0:
        return None
    total = buckets[-1][1]
    rank = q * total
    prev_bound, prev_count = 0.0, 0.0
    for bound, count in buckets:
        if count >= rank:
            if bound == float("inf"):
                return prev_bound  # beyond the last finite bucket: the best honest answer is "> prev_bound"
            if count == prev_count:
                return bound
            return prev_bound + (bound - prev_bound) * (rank - prev_count) / (count - prev_count)
        prev_bound, prev_count = bound, count
    return None


def percentile(values, q):
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# ---------------------------------------------------------------- servers

class OurServer:
    name = "ours"
    label = "Sportall.MediaServer (CMAF, LL-HLS + DASH)"

    def __init__(self, work, seconds):
        self.work = work
        self.seconds = seconds
        self.http_port = free_port()
        self.rtmp_port = free_port()
        self.srt_port = free_port()
        self.data = os.path.join(work, "data")
        os.makedirs(self.data)
        self.proc = None

    def start(self):
        dll = os.path.join(REPO, "Sportall.MediaServer", "bin", "Release", "net10.0", "Sportall.MediaServer.dll")
        if not os.path.exists(dll):
            raise SystemExit(f"{dll} is missing: dotnet build -c Release Sportall.MediaServer")
        env = dict(os.environ,
                   Server__BindAddress="127.0.0.1",
                   Server__HttpPort=str(self.http_port),
                   Ingest__RtmpPort=str(self.rtmp_port),
                   Ingest__SrtPort=str(self.srt_port),
                   Packager__DataPath=self.data,
                   # Benchmark-only settings, both outside the steady state being measured: the playlist
                   # window covers the whole run so every packaged frame can be counted afterwards (the
                   # memory window, which sets RSS, stays at its default), and a short reconnect grace
                   # ends each stream (EXT-X-ENDLIST) soon after its publisher leaves.
                   Packager__LiveWindowSeconds=str(max(60, self.seconds + 30)),
                   Packager__ReconnectGraceSeconds="2",
                   DOTNET_CLI_TELEMETRY_OPTOUT="1")
        self.log = open(os.path.join(self.work, "server.log"), "wb")
        self.proc = subprocess.Popen(["dotnet", dll], env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     cwd=self.work, start_new_session=True)
        # Ports were picked free a moment ago; make sure this process (not another test server that
        # took one meanwhile) listens on both before trusting /healthz.
        wait_for(lambda: self.proc.poll() is not None
                 or {self.http_port, self.rtmp_port} <= listening_ports([self.proc.pid]), 60, "the server's ports")
        if self.proc.poll() is not None:
            raise SystemExit(f"the server exited ({self.proc.returncode}); see {self.work}/server.log")
        wait_for(lambda: http_get(self.http_port, "/healthz", 2)[0] == 200, 60, "the server's /healthz")

    def pids(self):
        return [self.proc.pid]

    def metrics(self):
        status, body = http_get(self.http_port, "/metrics")
        return parse_prometheus(body.decode("utf-8", "replace")) if status == 200 else {}

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


class NginxServer:
    name = "nginx"
    label = "nginx-rtmp (MPEG-TS HLS)"

    def __init__(self, work, workers, hls=True):
        self.work = work
        self.rtmp_port = free_port()
        self.http_port = None
        self.workers = workers
        # hls=False (NGINX_HLS=off): RTMP receive and live relay only, the floor under any RTMP server's cost.
        self.hls_on = hls
        self.hls = os.path.join(work, "hls")
        os.makedirs(self.hls)
        self.proc = None

    def start(self):
        if not os.path.exists(NGINX_RTMP_MODULE):
            raise SystemExit("nginx-rtmp is missing: apt-get install -y nginx libnginx-mod-rtmp")
        # worker_processes 1 by default: nginx-rtmp keeps each live stream inside one worker, and its
        # documented set-up for live/HLS is one worker (rtmp_auto_push, which relays between workers, is
        # marked experimental). With `auto` publishers spread over the workers, which only helps when the
        # one worker saturates a core; run.sh takes NGINX_WORKERS=auto to measure that too.
        # hls_cleanup off keeps every fragment, so frames written can be counted after the run.
        conf = f"""
load_module {NGINX_RTMP_MODULE};
daemon off;
master_process on;
worker_processes {self.workers};
user root;
pid {self.work}/nginx.pid;
error_log {self.work}/error.log warn;
events {{ worker_connections 1024; }}
rtmp {{
    server {{
        listen 127.0.0.1:{self.rtmp_port};
        application live {{
            live on;
            hls {"on" if self.hls_on else "off"};
            hls_path {self.hls};
            hls_fragment 2s;
            hls_playlist_length 60s;
            hls_cleanup off;
        }}
    }}
}}
"""
        path = os.path.join(self.work, "nginx.conf")
        with open(path, "w") as f:
            f.write(conf)
        self.log = open(os.path.join(self.work, "nginx.out"), "wb")
        self.proc = subprocess.Popen(["nginx", "-p", self.work, "-c", path], stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(lambda: self.proc.poll() is not None or self.rtmp_port in listening_ports(self.pids()), 30,
                 "nginx's RTMP port")
        if self.proc.poll() is not None:
            raise SystemExit(f"nginx exited ({self.proc.returncode}); see {self.work}/nginx.out")
        wait_for(lambda: len(children(self.proc.pid)) >= 1, 10, "nginx workers")

    def pids(self):
        return [self.proc.pid] + children(self.proc.pid)

    def metrics(self):
        return {}

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful: workers finish fragments and exit
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


# ---------------------------------------------------------------- publishers

class Publisher:
    def __init__(self, index, workload, url, seconds, work, debug_ts=False):
        self.index = index
        self.progress = os.path.join(work, f"progress{index}.txt")
        container = "mpegts" if url.startswith("srt:") else "flv"
        command = ["ffmpeg", "-hide_banner", "-nostdin", "-nostats",
                   "-loglevel", "info" if debug_ts else "error",
                   "-re", "-stream_loop", "-1", "-i", workload, "-t", str(seconds),
                   "-c", "copy", "-f", container, "-progress", self.progress]
        if debug_ts:
            command.append("-debug_ts")
        command.append(url)
        self.sends = []  # (monotonic time, video dts in seconds) per video packet handed to the muxer
        if debug_ts:
            self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            self.reader = threading.Thread(target=self._read_debug_ts, daemon=True)
            self.reader.start()
        else:
            self.err = open(os.path.join(work, f"ffmpeg{index}.err"), "wb")
            self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self.err)

    def _read_debug_ts(self):
        # ffmpeg 5.1 logs "muxer <- type:video pkt_pts:.. pkt_pts_time:.. pkt_dts:.. pkt_dts_time:X" just
        # before av_interleaved_write_frame, which for FLV over RTMP writes the packet to the socket as
        # soon as interleaving allows (at most one audio frame, ~21 ms, later). The line's arrival time
        # is therefore the send time or slightly before it: latencies measured against it err high.
        pattern = re.compile(rb"muxer <- type:video .*?pkt_dts_time:(-?[0-9.]+)")
        for line in self.proc.stderr:
            m = pattern.search(line)
            if m:
                self.sends.append((time.monotonic(), float(m.group(1))))

    def frames_sent(self):
        """Video frames ffmpeg wrote (the last `frame=` of its -progress output)."""
        frames = None
        try:
            with open(self.progress) as f:
                for line in f:
                    if line.startswith("frame="):
                        frames = int(line.split("=", 1)[1])
        except FileNotFoundError:
            pass
        return frames


# ---------------------------------------------------------------- LL-HLS probe (ours only)

def read_boxes(data, offset, end):
    while offset + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, offset)
        header = 8
        if size == 1:
            size = struct.unpack_from(">Q", data, offset + 8)[0]
            header = 16
        elif size == 0:
            size = end - offset
        if size < header:
            return
        yield kind.decode("latin-1"), offset + header, offset + size
        offset += size


def find_box(data, start, end, path):
    for kind, body, box_end in read_boxes(data, start, end):
        if kind == path[0]:
            if len(path) == 1:
                return body, box_end
            return find_box(data, body, box_end, path[1:])
    return None


def mdhd_timescale(init):
    found = find_box(init, 0, len(init), ["moov", "trak", "mdia", "mdhd"])
    if not found:
        return None
    body, _ = found
    version = init[body]
    return struct.unpack_from(">I", init, body + (20 if version == 1 else 12))[0]


def fragment_decode_times(part):
    """Decode times (track ticks) of every sample of the first track run of each moof in a CMAF part."""
    times = []
    for kind, body, end in read_boxes(part, 0, len(part)):
        if kind != "moof":
            continue
        traf = find_box(part, body, end, ["traf"])
        if not traf:
            continue
        default_duration, base, runs = 0, None, []
        for k, b, e in read_boxes(part, traf[0], traf[1]):
            flags = int.from_bytes(part[b + 1:b + 4], "big")
            if k == "tfhd":
                p = b + 8
                if flags & 0x01: p += 8
                if flags & 0x02: p += 4
                if flags & 0x08: default_duration = struct.unpack_from(">I", part, p)[0]
            elif k == "tfdt":
                base = struct.unpack_from(">Q" if part[b] == 1 else ">I", part, b + 4)[0]
            elif k == "trun":
                runs.append((b, flags))
        if base is None:
            continue
        t = base
        for b, flags in runs:
            count = struct.unpack_from(">I", part, b + 4)[0]
            p = b + 8
            if flags & 0x01: p += 4
            if flags & 0x04: p += 4
            for _ in range(count):
                duration = default_duration
                if flags & 0x100:
                    duration = struct.unpack_from(">I", part, p)[0]
                p += 4 * bin(flags & 0xF00).count("1")
                times.append(t)
                t += duration
    return times


PART_LINE = re.compile(r'#EXT-X-PART:[^\n]*?URI="([^"]+)"')
PART_NAME = re.compile(r'part-(\d+)\.(\d+)\.m4s')
MAP_LINE = re.compile(r'#EXT-X-MAP:URI="([^"]+)"')


class PartProbe(threading.Thread):
    """Follows one stream's video playlist with LL-HLS blocking reloads (RFC 8216bis §6.2.5.2) and notes
    when each part is first listed; the part bodies are fetched afterwards to learn their last frame."""

    def __init__(self, port, stream, stop):
        super().__init__(daemon=True)
        self.port, self.stop = port, stop
        self.base = f"/live/{stream}/video/"
        self.seen = {}  # (msn, part) -> (monotonic time first listed, uri, listed by a blocking reload)
        self.init_uri = None
        self.errors = 0
        # Parts stop being served once they leave the playlist, so a second thread fetches each one as
        # soon as it is listed (keeping the follower's blocking requests on time).
        self.bodies = {}
        self.pending = queue.Queue()
        threading.Thread(target=self._fetch, daemon=True).start()

    def _fetch(self):
        while True:
            key, uri = self.pending.get()
            status, body = http_get(self.port, self.base + uri)
            if status == 200:
                self.bodies[key] = body

    def run(self):
        conn = None
        last = None
        while not self.stop.is_set():
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
                path = self.base + "index.m3u8"
                if last is not None:
                    path += f"?_HLS_msn={last[0]}&_HLS_part={last[1] + 1}"
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read().decode("utf-8", "replace")
                now = time.monotonic()
                if response.status != 200:
                    if last is not None and response.status != 404:
                        self.errors += 1
                    time.sleep(0.05)
                    continue
                if self.init_uri is None:
                    m = MAP_LINE.search(body)
                    self.init_uri = m.group(1) if m else None
                for uri in PART_LINE.findall(body):
                    m = PART_NAME.search(uri)
                    if not m:
                        continue
                    key = (int(m.group(1)), int(m.group(2)))
                    if key not in self.seen:
                        self.seen[key] = (now, uri, last is not None)
                        self.pending.put((key, uri))
                    if last is None or key > last:
                        last = key
            except (OSError, http.client.HTTPException):
                self.errors += 1
                conn = None
                time.sleep(0.05)

    def latencies(self, sends):
        """Seconds from the send of each part's last video frame to the part being listed."""
        if not self.seen or not sends or self.init_uri is None:
            return [], "no parts or no send times"
        status, init = http_get(self.port, self.base + self.init_uri)
        timescale = mdhd_timescale(init) if status == 200 else None
        if not timescale:
            return [], "init segment unreadable"
        parts = []
        for key in sorted(self.seen):
            seen_at, uri, blocking = self.seen[key]
            body = self.bodies.get(key)
            if body is None:
                continue
            times = fragment_decode_times(body)
            if times:
                parts.append((key, seen_at, blocking, times[0] / timescale, times[-1] / timescale))
        if not parts:
            return [], "no part bodies"
        # Align the packager's decode times with ffmpeg's: the probe follows the playlist from before the
        # publisher starts, so the first part it sees holds the stream's first frame, which is ffmpeg's
        # first video packet (the packager starts its timeline at zero; ffmpeg's dts may start below).
        self.debug = {"first_parts": [(k, round(a, 4), round(b, 4)) for k, _, _, a, b in parts[:3]],
                      "first_sends": [round(d, 4) for _, d in sends[:5]], "timescale": timescale}
        first_key, _, _, first_dts, _ = parts[0]
        ffmpeg_first = sends[0][1]
        offset = first_dts - ffmpeg_first if first_key[1] == 0 else 0.0
        ordered = sorted((dts, t) for t, dts in sends)
        keys = [dts for dts, _ in ordered]
        result = []
        for key, seen_at, blocking, _, last_dts in parts:
            if not blocking:
                continue  # listed by the very first plain load: when it became servable is unknown
            # Nearest sent frame; RTMP carries milliseconds, so a match is within 1 ms or it is not one.
            target = last_dts - offset
            i = bisect.bisect_left(keys, target)
            best = min((j for j in (i - 1, i) if 0 <= j < len(keys)), key=lambda j: abs(keys[j] - target), default=None)
            if best is not None and abs(keys[best] - target) <= 0.0015:
                result.append(seen_at - ordered[best][1])
        return result, f"{len(result)} parts matched of {len(parts)} fetched (offset {offset:.3f}s)"


# ---------------------------------------------------------------- one run

def count_ts_video_frames(hls_dir, stream):
    files = [f for f in os.listdir(hls_dir) if re.fullmatch(re.escape(stream) + r"-(\d+)\.ts", f)]
    files.sort(key=lambda f: int(re.search(r"-(\d+)\.ts$", f).group(1)))
    if not files:
        return 0, 0
    probe = subprocess.Popen(["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets",
                              "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", "-i", "-"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    def feed():
        try:
            for name in files:
                with open(os.path.join(hls_dir, name), "rb") as f:
                    shutil.copyfileobj(f, probe.stdin)
        except BrokenPipeError:
            pass
        finally:
            probe.stdin.close()
    feeder = threading.Thread(target=feed)
    feeder.start()
    out = probe.stdout.read().decode().strip()
    probe.wait()
    feeder.join()
    return (int(out.split()[0]) if out else 0), len(files)


def run(args):
    work = tempfile.mkdtemp(prefix=f"sportall-load-{args.server}-")
    server = OurServer(work, args.seconds) if args.server == "ours" else NginxServer(work, args.nginx_workers, args.nginx_hls == "on")
    result = {"server": server.name, "label": server.label, "publishers": args.publishers,
              "seconds": args.seconds, "warmup_s": args.warmup, "workload": os.path.basename(args.workload),
              "workload_fps": args.fps, "machine": machine(), "load_before": load_average(),
              "started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
              "work": work}
    if args.server == "nginx":
        result["nginx_workers"] = args.nginx_workers
        result["nginx_hls"] = args.nginx_hls
    publishers = []
    stop_probe = threading.Event()
    probe = None
    try:
        server.start()
        time.sleep(args.idle)  # let start-up settle (JIT, first GC) before the idle sample

        def idle_rss():
            samples = []
            for _ in range(5):
                samples.append(sum(rss_kb(p) for p in server.pids()))
                time.sleep(0.2)
            return statistics.median(samples)

        result["rss_idle_cold_kb"] = idle_rss()
        if args.warm_stream > 0:
            # The cold idle sample is a server that has never packaged or served: code JIT-compiled on the first
            # stream and first playback, the runtime's and Kestrel's pools, first-use allocations all land in
            # "RSS under load" and, divided by N, read as per-stream memory. One stream published (and, for ours,
            # played by the part probe) and ended before the idle sample makes the figure the memory a stream
            # adds to a server that has served before. The same warm-up runs for both servers.
            warm = Publisher("warm", args.workload, f"rtmp://127.0.0.1:{server.rtmp_port}/live/warmup",
                             args.warm_stream, work)
            warm_stop = threading.Event()
            warm_probe = PartProbe(server.http_port, "warmup", warm_stop) if args.server == "ours" else None
            if warm_probe:
                warm_probe.start()
            warm.proc.wait(timeout=args.warm_stream + 30)
            warm_stop.set()
            # The stream ends after the reconnect grace; idle memory (pooled buffers) is let go after ~20 s.
            time.sleep(args.warm_settle)
            result["warm_stream_s"] = args.warm_stream
        result["rss_idle_kb"] = idle_rss()

        if args.server == "ours":
            probe = PartProbe(server.http_port, "bench0", stop_probe)
            probe.start()
        for i in range(args.publishers):
            if args.ingest == "srt":
                # SRT carries MPEG-TS; ffmpeg passes the stream id through verbatim.
                url = f"srt://127.0.0.1:{server.srt_port}?streamid=live/bench{i}&pkt_size=1316"
            else:
                url = f"rtmp://127.0.0.1:{server.rtmp_port}/live/bench{i}"
            publishers.append(Publisher(i, args.workload, url, args.seconds, work,
                                        debug_ts=(i == 0 and args.server == "ours")))
        started = time.monotonic()

        # Steady part: after the warm-up (connections, first GOPs, JIT) until 3 s before the publishers stop.
        window_end = started + args.seconds - 3
        time.sleep(max(0.0, started + args.warmup - time.monotonic()))
        server_pids = server.pids()
        client_pids = [p.proc.pid for p in publishers]
        t0 = time.monotonic()
        cpu0, client0 = total_cpu(server_pids), total_cpu(client_pids)
        kernel0 = total_kernel_cpu(server_pids)
        threads0 = {p: thread_cpu(p) for p in server_pids}
        metrics0 = server.metrics()
        rss, loads = [], []
        while time.monotonic() < window_end:
            rss.append(sum(rss_kb(p) for p in server.pids()))
            loads.append(load_average()[0])
            time.sleep(min(1.0, max(0.0, window_end - time.monotonic())))
        t1 = time.monotonic()
        cpu1, client1 = total_cpu(server_pids), total_cpu(client_pids)
        kernel1 = total_kernel_cpu(server_pids)
        threads = {}
        for p in server_pids:
            for name, v in thread_cpu(p).items():
                threads[name] = threads.get(name, 0.0) + v - threads0[p].get(name, 0.0)
        result["server_threads_cpu_s"] = dict(sorted(((k, round(v, 2)) for k, v in threads.items() if v > 0),
                                                     key=lambda kv: -kv[1])[:8])
        metrics1 = server.metrics()
        if args.server == "ours":
            result["metrics_scraped"] = bool(metrics0) and bool(metrics1)
        alive = sum(1 for p in publishers if p.proc.poll() is None)

        window = t1 - t0
        stream_minutes = args.publishers * window / 60
        result.update({
            "window_s": round(window, 2),
            "publishers_alive_at_window_end": alive,
            "server_cpu_s": round(cpu1 - cpu0, 2),
            "server_cpu_s_per_stream_minute": round((cpu1 - cpu0) / stream_minutes, 4),
            "server_kernel_cpu_s_per_stream_minute": round((kernel1 - kernel0) / stream_minutes, 4),
            "server_cpu_cores": round((cpu1 - cpu0) / window, 3),
            "client_cpu_s": round(client1 - client0, 2),
            "client_cpu_s_per_stream_minute": round((client1 - client0) / stream_minutes, 4),
            "client_cpu_cores": round((client1 - client0) / window, 3),
            "rss_median_kb": statistics.median(rss) if rss else None,
            "rss_max_kb": max(rss) if rss else None,
            "load1_median": statistics.median(loads) if loads else None,
        })
        if rss:
            result["rss_per_stream_mb"] = round((statistics.median(rss) - result["rss_idle_kb"]) / 1024 / args.publishers, 2)
            result["rss_max_per_stream_mb"] = round((max(rss) - result["rss_idle_kb"]) / 1024 / args.publishers, 2)
            result["rss_per_stream_cold_mb"] = round((statistics.median(rss) - result["rss_idle_cold_kb"]) / 1024 / args.publishers, 2)

        for p in publishers:
            try:
                p.proc.wait(args.seconds + 60)
            except subprocess.TimeoutExpired:
                p.proc.kill()
        exit_codes = [p.proc.returncode for p in publishers]
        result["publisher_exit_codes_nonzero"] = sum(1 for c in exit_codes if c != 0)
        sent = [p.frames_sent() for p in publishers]
        result["frames_sent"] = sum(s or 0 for s in sent)
        result["frames_sent_per_stream"] = sent

        if args.server == "ours":
            stop_probe.set()
            ours_counters(result, metrics0, metrics1, window)
            count_packaged_frames(result, server.http_port, args.publishers)
            latencies, note = probe.latencies(publishers[0].sends)
            result["outside_note"] = note + f"; probe errors {probe.errors}"
            result["outside_debug"] = getattr(probe, "debug", None)
            if latencies:
                result["outside_part_latency_p50_ms"] = round(percentile(latencies, 0.5) * 1000, 1)
                result["outside_part_latency_p99_ms"] = round(percentile(latencies, 0.99) * 1000, 1)
                result["outside_part_latency_max_ms"] = round(max(latencies) * 1000, 1)
                result["outside_parts"] = len(latencies)
        elif args.nginx_hls == "off":
            server.stop()  # nothing packaged to count
        else:
            server.stop()
            frames, fragments = 0, 0
            for i in range(args.publishers):
                f, n = count_ts_video_frames(server.hls, f"bench{i}")
                frames += f
                fragments += n
            result["frames_packaged"] = frames
            result["segments_total"] = fragments
        if result.get("frames_packaged") is not None and result["frames_sent"]:
            result["frames_packaged_pct"] = round(100.0 * result["frames_packaged"] / result["frames_sent"], 3)
    finally:
        stop_probe.set()
        for p in publishers:
            if p.proc.poll() is None:
                p.proc.kill()
                p.proc.wait()
        server.stop()
        result["server_exit_code"] = server.proc.returncode if server.proc else None
        result["load_after"] = load_average()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result, indent=2))


def ours_counters(result, before, after, window):
    """Counters at the end of the window (the packager drops a stream's series when the stream ends)."""
    names = {
        "parts_total": "sportall_packager_parts_total",
        "segments_total": "sportall_packager_segments_total",
        "ingest_messages_total": "sportall_ingest_messages_total",
        "hub_reader_drops_total": "sportall_hub_reader_drops_total",
    }
    for key, name in names.items():
        x, y = metric_sum(before, name), metric_sum(after, name)
        result[key + "_at_window_end"] = y
        if x is not None and y is not None:
            result[key.replace("_total", "_per_s_window")] = round((y - x) / window, 2)
    name = "sportall_packager_part_publish_seconds"
    for track in ("video", "audio", None):
        def only(samples):
            return {k: v for k, v in samples.items() if track is None or ("track", track) in k[1]}
        buckets = histogram_delta(histogram(only(before), name), histogram(only(after), name))
        suffix = f"_{track}" if track else ""
        result[f"part_publish_count_window{suffix}"] = buckets[-1][1] if buckets else 0
        for q in (0.5, 0.99):
            v = histogram_quantile(q, buckets)
            result[f"part_publish_p{int(q * 100)}_ms{suffix}"] = None if v is None else round(v * 1000, 2)
        result[f"part_publish_buckets_window{suffix}"] = [["+Inf" if b == float("inf") else b, c] for b, c in buckets]


SEGMENT_LINE = re.compile(r'^(seg-\d+\.m4s)$', re.M)


def count_packaged_frames(result, port, publishers):
    """Video samples in every segment of every stream, once each stream has ended (EXT-X-ENDLIST)."""
    frames, segments, unfinished, first_sequences = 0, 0, 0, set()
    per_stream = []  # (video samples, segments, samples in the last segment) per stream, to locate a loss
    deadline = time.monotonic() + 60
    for i in range(publishers):
        base = f"/live/bench{i}/video/"
        body = ""
        while time.monotonic() < deadline:
            status, raw = http_get(port, base + "index.m3u8")
            body = raw.decode("utf-8", "replace") if status == 200 else ""
            if "#EXT-X-ENDLIST" in body:
                break
            time.sleep(0.5)
        if "#EXT-X-ENDLIST" not in body:
            unfinished += 1
        m = re.search(r"#EXT-X-MEDIA-SEQUENCE:(\d+)", body)
        if m:
            first_sequences.add(int(m.group(1)))
        stream_frames, stream_segments, last = 0, 0, 0
        for uri in SEGMENT_LINE.findall(body):
            status, data = http_get(port, base + uri, timeout=30)
            if status == 200:
                last = len(fragment_decode_times(data))
                stream_frames += last
                stream_segments += 1
        frames += stream_frames
        segments += stream_segments
        per_stream.append((stream_frames, stream_segments, last))
    result["frames_packaged"] = frames
    result["frames_packaged_per_stream"] = per_stream
    # Access units (video + audio) the hub received per stream: tells a frame lost before the packager
    # from one lost in it.
    status, raw = http_get(port, "/metrics")
    if status == 200:
        samples = parse_prometheus(raw.decode("utf-8", "replace"))
        result["ingest_frames_per_stream"] = [
            sum(v for (name, labels), v in samples.items()
                if name == "sportall_ingest_frames_total" and ("stream", f"bench{i}") in labels)
            for i in range(publishers)]
    result["segments_counted_video"] = segments
    result["streams_without_endlist"] = unfinished
    result["first_media_sequences"] = sorted(first_sequences)  # the stream's first MSN: nothing slid out


# ---------------------------------------------------------------- report

def fmt(v, digits=2):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def report(args):
    results = [enrich(json.load(open(p))) for p in args.results]
    by_n = {}
    for r in results:
        by_n.setdefault(r["publishers"], {})[r["server"]] = r
    lines = []
    first = results[0]
    m = first["machine"]
    lines.append(f"Run {first['started']} · {m['nproc']} × {m['cpu_model']}, {m['mem_gib']} GiB, Linux {m['kernel']}")
    if args.command:
        lines.append(f"Command: `{args.command}`")
    lines.append("")
    for n, pair in sorted(by_n.items()):
        ours, nginx = pair.get("ours", {}), pair.get("nginx", {})
        window = ours.get("window_s") or nginx.get("window_s")
        lines.append(f"**{n} publishers × {first['seconds']} s** (measured over the steady window of {fmt(window, 1)} s "
                     f"after {first['warmup_s']} s warm-up; workload {first['workload']})")
        lines.append("")
        lines.append("| Figure | Sportall.MediaServer (LL-HLS + DASH, CMAF) | nginx-rtmp (HLS, MPEG-TS) | Target |")
        lines.append("|---|---|---|---|")

        def row(label, key, digits=2, target=""):
            lines.append(f"| {label} | {fmt(ours.get(key), digits)} | {fmt(nginx.get(key), digits)} | {target} |")

        row("Server CPU-s per stream-minute", "server_cpu_s_per_stream_minute", 4)
        ratio = None
        if ours.get("server_cpu_s_per_stream_minute") and nginx.get("server_cpu_s_per_stream_minute"):
            ratio = ours["server_cpu_s_per_stream_minute"] / nginx["server_cpu_s_per_stream_minute"]
        verdict = "" if ratio is None else (" (met)" if ratio <= 0.5 else " (missed)")
        lines.append(f"| CPU per stream, ours / nginx-rtmp | {fmt(ratio, 2)}{verdict} | 1 | ≤ 0.5 |")
        row("of which in the kernel (stime)", "server_kernel_cpu_s_per_stream_minute", 4)
        row("Server CPU, cores busy (avg)", "server_cpu_cores", 3)
        row("Server RSS idle, cold: never packaged or served (MB)", "rss_idle_cold_kb_mb", 1)
        row("Server RSS idle after one warm-up stream ended (MB)", "rss_idle_kb_mb", 1)
        row("Server RSS under load median / max (MB)", "rss_load_mb", 1)
        rss_target = "≤ 11.4 (2 × 4.7 MB window + 2 MB)"
        rps = ours.get("rss_per_stream_mb")
        row("RSS per stream (median − idle) / N (MB)", "rss_per_stream_mb", 2,
            rss_target + ("" if rps is None else (" (met)" if rps <= 11.4 else " (missed)")))
        row("RSS per stream at max (MB)", "rss_max_per_stream_mb", 2)
        row("RSS per stream against the cold idle (MB; one-time start-up costs counted per stream)", "rss_per_stream_cold_mb", 2)
        row("Video frames sent by the publishers", "frames_sent", 0)
        row("Video frames packaged", "frames_packaged", 0)
        pct = ours.get("frames_packaged_pct")
        row("Frames packaged / sent (%)", "frames_packaged_pct", 3,
            "100 %" + ("" if pct is None else (" (met)" if pct >= 100 else " (missed)")))
        row("Segments written (nginx: .ts files; ours: video+audio CMAF, to window end)", "segments_total", 0)
        row("Video segments counted after the run (ours)", "segments_counted_video", 0)
        row("Parts per second in the window (ours: video+audio)", "parts_per_s_window", 2)
        for track in ("video", "audio"):
            row(f"Part publish p50 (ms, server histogram, {track})", f"part_publish_p50_ms_{track}", 2)
            p99 = ours.get(f"part_publish_p99_ms_{track}")
            row(f"Part publish p99 (ms, server histogram, {track})", f"part_publish_p99_ms_{track}", 2,
                "≤ 20" + ("" if p99 is None else (" (met)" if p99 <= 20 else " (missed)")))
        row("Video part listed after its last frame was sent, p50 (ms, outside probe)", "outside_part_latency_p50_ms", 1)
        p99 = ours.get("outside_part_latency_p99_ms")
        row("… p99 (ms, outside probe)", "outside_part_latency_p99_ms", 1,
            "≤ 20" + ("" if p99 is None else (" (met)" if p99 <= 20 else " (missed)")))
        row("Hub reader drops", "hub_reader_drops_total", 0)
        row("Publisher CPU (ffmpeg -c copy), cores busy", "client_cpu_cores", 3)
        row("Publisher CPU-s per stream-minute", "client_cpu_s_per_stream_minute", 4)
        row("Publishers still running at window end", "publishers_alive_at_window_end", 0)
        row("Publishers exiting non-zero", "publisher_exit_codes_nonzero", 0)
        row("Load average (1 min) before run", "load_before_1", 2)
        row("Load average (1 min) median during window", "load1_median", 2)
        lines.append("")
        notes = [r.get("outside_note") for r in (ours,) if r.get("outside_note")]
        for note in notes:
            lines.append(f"Outside probe: {note}.")
        if nginx.get("nginx_workers") is not None:
            lines.append(f"nginx `worker_processes {nginx['nginx_workers']}`.")
        if nginx.get("nginx_hls") == "off":
            lines.append("nginx-rtmp with `hls off`: RTMP receive and live relay only, nothing packaged or written.")
        lines.append("")
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        with open(args.markdown, "a") as f:
            f.write("\n" + text + "\n")


def enrich(r):
    for k in ("rss_idle_kb", "rss_idle_cold_kb"):
        if r.get(k) is not None:
            r[k + "_mb"] = r[k] / 1024
    if r.get("rss_median_kb") is not None:
        r["rss_load_mb"] = f"{r['rss_median_kb'] / 1024:.1f} / {r['rss_max_kb'] / 1024:.1f}"
    if r.get("segments_total") is None and r.get("segments_total_at_window_end") is not None:
        r["segments_total"] = r["segments_total_at_window_end"]
    if r.get("hub_reader_drops_total") is None and r.get("hub_reader_drops_total_at_window_end") is not None:
        r["hub_reader_drops_total"] = r["hub_reader_drops_total_at_window_end"]
    if r.get("load_before"):
        r["load_before_1"] = r["load_before"][0]
    return r


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="verb", required=True)
    p = sub.add_parser("run")
    p.add_argument("--server", choices=["ours", "nginx"], required=True)
    p.add_argument("--publishers", type=int, required=True)
    p.add_argument("--seconds", type=int, required=True)
    p.add_argument("--workload", required=True)
    p.add_argument("--fps", type=float, default=30.0)
    p.add_argument("--warmup", type=float, default=10.0)
    p.add_argument("--idle", type=float, default=3.0)
    p.add_argument("--nginx-hls", choices=["on", "off"], default="on")
    p.add_argument("--warm-stream", type=float, default=12.0,
                   help="seconds of one stream published (and played) and ended before the idle RSS sample; 0: none")
    p.add_argument("--warm-settle", type=float, default=30.0,
                   help="seconds between the warm-up stream's end and the idle sample")
    p.add_argument("--nginx-workers", default="1")
    p.add_argument("--ingest", choices=["rtmp", "srt"], default="rtmp", help="publishers' protocol (ours only; nginx-rtmp takes RTMP)")
    p.add_argument("--out", required=True)
    p.add_argument("--keep", action="store_true")
    r = sub.add_parser("report")
    r.add_argument("results", nargs="+")
    r.add_argument("--markdown")
    r.add_argument("--command")
    args = parser.parse_args()
    if args.verb == "run":
        run(args)
    else:
        report(args)


if __name__ == "__main__":
    main()
