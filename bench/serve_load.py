"""Server under load: `translate serve` against the engine alone, on the same sentences. Prints a table;
it is not a test.

    python bench/serve_load.py                      # builds the Marian-base-size random model once
    python bench/serve_load.py --model /tmp/translate-bench-models/marian-base --clients 16,64

Workload: the first 400 NTREX development sentences (``../shared/data/parallel/ntrex.fa-en.fa``),
greedy decoding, CTranslate2 int8 on the machine's cores (2 here). Random weights never emit
end-of-sentence, so every batch decodes to its length limit (``--max-length-ratio`` × its longest
source + 10): a batch costs what its longest member costs, and how sentences are grouped decides the
throughput.

1. Engine alone, in this process (the server's own stages: normalization, the translation stage):
   the 400 sentences in arrival-order batches of 16 (one engine call each, one after the other: the
   most 16 clients allow), one call on all 400 (the batch CLI's shape: length-sorted), one sentence
   at a time.
2. The server, `translate serve` in a child process on 127.0.0.1: C clients (asyncio + httpx, in this
   process), each sending one sentence a request and the next when answered, until the 400 are done;
   then one client alone (latency of one sentence without load). Throughput is sentences per second;
   latency p50/p95 per request; RSS of the server process (its peak, VmHWM) under load.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data" / "parallel" / "ntrex.fa-en.fa"
MODELS = Path("/tmp/translate-bench-models")


def model_path(given: str | None) -> Path:
    if given:
        return Path(given)
    path = MODELS / "marian-base"
    if not (path / "translate-test-model.json").exists():
        from translate.testing.models import build_test_model

        print(f"building the Marian-base-size random model in {path} …", file=sys.stderr)
        build_test_model(path, arch="marian", size="marian-base", seed=0)
    return path


def engine_alone(model: Path, sentences: list[str], ratio: float, threads: int) -> dict[str, float]:
    """Seconds for the three engine shapes (after one warm-up call)."""
    from translate.config import DecodeOptions, EngineConfig
    from translate.mt import open_configured
    from translate.mt.stream import translate_stream
    from translate.text.normalize import normalize_text

    engine = open_configured(EngineConfig(model=str(model), device="cpu", threads=threads))
    decode = DecodeOptions(beam_size=1, max_length_ratio=ratio)
    texts = [normalize_text(s) for s in sentences]
    list(translate_stream(engine, texts[:16], decode, window=16))  # warm-up
    out = {}
    t0 = time.perf_counter()
    for k in range(0, len(texts), 16):
        list(translate_stream(engine, texts[k:k + 16], decode, window=16))
    out["batches of 16"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    list(translate_stream(engine, texts, decode, window=len(texts)))
    out["one call on all"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for text in texts[:40]:
        list(translate_stream(engine, [text], decode, window=1))
    out["one at a time"] = (time.perf_counter() - t0) * len(texts) / 40  # 40 sentences, scaled to all
    return out


class Server:
    def __init__(self, model: Path, ratio: float, threads: int, extra: list[str]) -> None:
        cmd = [sys.executable, "-m", "translate", "-q", "serve", "--model", str(model), "--port", "0", "--beam", "1",
               "--max-length-ratio", str(ratio), "--threads", str(threads), "--no-access-log", *extra]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.url = self.proc.stdout.readline().strip()  # type: ignore[union-attr]
        if not self.url.startswith("http://127.0.0.1:"):
            raise SystemExit(f"the server did not start: {self.url!r}")

    def rss_mb(self) -> tuple[float, float]:
        """(current, peak) resident memory of the server process, in MB."""
        fields = {}
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            fields[name] = value.strip()
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(60)


async def load(url: str, sentences: list[str], clients: int) -> tuple[float, list[float]]:
    """``clients`` closed-loop clients translating ``sentences`` one a request: (seconds, latencies)."""
    import httpx

    queue = list(reversed(sentences))
    latencies: list[float] = []

    async def client(http: httpx.AsyncClient) -> None:
        while queue:
            text = queue.pop()
            t0 = time.perf_counter()
            res = await http.post(url + "translate", json={"q": text, "source": "fa", "target": "en"})
            latencies.append(time.perf_counter() - t0)
            if res.status_code != 200:
                raise SystemExit(f"the server answered {res.status_code}: {res.text[:200]}")

    limits = httpx.Limits(max_connections=clients + 4, max_keepalive_connections=clients + 4)
    async with httpx.AsyncClient(timeout=600, limits=limits) as http:
        t0 = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        return time.perf_counter() - t0, latencies


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="a Marian model folder (default: build the Marian-base-size random model)")
    parser.add_argument("--data", default=str(DATA), help="Persian sentences, one a line")
    parser.add_argument("-n", type=int, default=400, help="sentences (the first N lines)")
    parser.add_argument("--clients", default="16,64", help="concurrent clients, comma-separated")
    parser.add_argument("--max-length-ratio", type=float, default=1.0,
                        help="decoding length limit per source token (random weights always reach it)")
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--alone", type=int, default=30, help="sentences sent by one client alone, for latency")
    parser.add_argument("--server-args", default="", help="more 'translate serve' options, space-separated")
    args = parser.parse_args()

    model = model_path(args.model)
    lines = Path(args.data).read_text(encoding="utf-8").split("\n")
    sentences = [s for s in lines if s.strip()][: args.n]
    print(f"{len(sentences)} sentences, {args.threads} threads, greedy, length ratio {args.max_length_ratio}, "
          f"model {model}", flush=True)

    alone = engine_alone(model, sentences, args.max_length_ratio, args.threads)
    rate = {name: len(sentences) / seconds for name, seconds in alone.items()}
    for name, value in rate.items():
        print(f"engine, {name:16s} {value:7.1f} sentences/s  ({len(sentences) / value:6.1f} s)", flush=True)

    server = Server(model, args.max_length_ratio, args.threads, args.server_args.split())
    try:
        asyncio.run(load(server.url, sentences[:16], 16))  # warm-up
        _, quiet = asyncio.run(load(server.url, sentences[: args.alone], 1))
        print(f"server, 1 client alone:   p50 {pct(quiet, 50) * 1000:6.0f} ms  p95 {pct(quiet, 95) * 1000:6.0f} ms",
              flush=True)
        for clients in (int(c) for c in args.clients.split(",")):
            seconds, latencies = asyncio.run(load(server.url, sentences, clients))
            now, peak = server.rss_mb()
            through = len(sentences) / seconds
            print(f"server, {clients:3d} clients: {through:7.1f} sentences/s  ({seconds:6.1f} s)  "
                  f"{through / rate['batches of 16']:.2f}x batches of 16, {through / rate['one call on all']:.2f}x one "
                  f"call on all;  latency p50 {pct(latencies, 50) * 1000:6.0f} ms  p95 {pct(latencies, 95) * 1000:6.0f} ms;"
                  f"  RSS {now:.0f} MB (peak {peak:.0f} MB)", flush=True)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
