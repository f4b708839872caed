"""The review app on a large document: the first page of a 25,000-sentence document (serve time, bytes,
Chromium render time) and a click (an action's round trip, what comes back, what the browser redraws).

    python bench/review_page.py                          # this tree
    python bench/review_page.py --code /tmp/before       # another checkout (git worktree add /tmp/before HEAD)

Everything goes through the public interface, so the same script measures any version of the code:
`translate models make-test-model` (a tiny random Marian), `translate run` of one 25,000-sentence
article (random sentences of the example article's words, the news glossary, greedy, Moses output
only) plus 9 short articles, `translate review OUTDIR --no-browser`, then httpx and Debian's
Chromium (Playwright). ``--code DIR`` puts DIR first on the children's PYTHONPATH. The run is kept in
``--workdir`` and reused when its input and code match (``--rebuild`` to redo it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "raisi-putin-call.fa.txt"
GLOSSARY = ROOT / "glossaries" / "news-fa-en.tsv"
SMALL_DOCS = 9


def articles(folder: Path, sentences: int, seed: int = 0) -> None:
    """``big.txt`` of ``sentences`` random sentences (6–16 words of the example article, numbered so
    none repeats) and ``small-N.txt`` of 20 each, one paragraph per sentence."""
    words = [w.strip(".،:«»؟()") for w in re.findall(r"\S+", EXAMPLE.read_text(encoding="utf-8"))]
    words = [w for w in words if w]
    rng = random.Random(seed)

    def text(n: int, tag: str) -> str:
        return "\n\n".join(" ".join(rng.choice(words) for _ in range(rng.randint(6, 16))) + f" {tag}{i}."
                           for i in range(n)) + "\n"

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "big.txt").write_text(text(sentences, ""), encoding="utf-8")
    for k in range(SMALL_DOCS):
        (folder / f"small-{k}.txt").write_text(text(20, f"{k}-"), encoding="utf-8")


def translate(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "translate", *args], env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"translate {' '.join(args[:2])} failed:\n{done.stderr[-3000:]}")
    return done


def build(work: Path, env: dict[str, str], sentences: int, rebuild: bool) -> tuple[Path, float | None]:
    """The finished run (reused when built before for the same input and code); seconds it took, if built now."""
    model, inputs, out = work / "model", work / "in", work / "out"
    stamp = work / "built.json"
    key = {"sentences": sentences, "code": env.get("PYTHONPATH", ""), "small": SMALL_DOCS}
    if not rebuild and stamp.exists() and json.loads(stamp.read_text()) == key and (out / "run.sqlite").exists():
        return out, None
    shutil.rmtree(out, ignore_errors=True)
    if not (model / "config.json").exists():
        translate(env, "models", "make-test-model", str(model))
    articles(inputs, sentences)
    t0 = time.perf_counter()
    translate(env, "run", str(inputs), "-o", str(out), "--model", str(model), "-g", str(GLOSSARY), "--beam", "1",
              "--max-length-ratio", "0.3", "--formats", "moses", "--no-resume")
    seconds = time.perf_counter() - t0
    stamp.write_text(json.dumps(key))
    return out, seconds


def serve(out: Path, env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-m", "translate", "review", str(out), "--no-browser"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = proc.stdout.readline().strip() if proc.stdout else ""
    if not url.startswith("http"):
        proc.kill()
        raise SystemExit("translate review printed no URL")
    return proc, url


def first_page(url: str, repeat: int) -> dict[str, float]:
    """Seconds to the whole first page of the big document (median of ``repeat``), and its bytes."""
    import httpx

    times, size = [], 0
    with httpx.Client(timeout=600) as client:
        for _ in range(repeat):
            t0 = time.perf_counter()
            r = client.get(url + "&doc=big")
            body = r.content
            times.append(time.perf_counter() - t0)
            assert r.status_code == 200, r.status_code
            size = len(body)
            rows = body.count(b'<tr class="pair ')
    return {"serve_s": statistics.median(times), "serve_min_s": min(times), "bytes": size, "rows": rows}


def browser_figures(url: str, chromium: str) -> dict[str, float | int | str]:
    """Chromium: seconds from navigation to the page loaded and painted (two animation frames after the
    load event; the server's time included), then a click on the Approve of the first row not reviewed
    yet: seconds until the row shows it, the reply's bytes and what the page redrew (DOM mutations,
    document links whose counts changed)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(900_000)
        t0 = time.perf_counter()
        page.goto(url + "&doc=big", wait_until="load")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        render = time.perf_counter() - t0
        rows = page.locator("tr.pair").count()
        nodes = page.evaluate("document.getElementsByTagName('*').length")
        page.evaluate("""() => { window.__changed = 0; new MutationObserver(ms => { window.__changed += ms.length; })
            .observe(document.body, {childList: true, subtree: true, characterData: true}); }""")
        summaries = page.evaluate("Array.from(document.querySelectorAll('nav a')).map(a => a.textContent)")
        first = page.locator('tr.pair.state-machine[data-doc="big"]').first  # one not reviewed yet
        idx = first.get_attribute("data-index")
        first.click()
        t1 = time.perf_counter()
        with page.expect_response(lambda r: "api/act" in r.url) as reply:
            first.locator("button[data-act=approve]").click()
        page.wait_for_selector(f'tr.pair[data-doc="big"][data-index="{idx}"].state-approved')
        click = time.perf_counter() - t1
        reply_bytes = len(reply.value.body())
        page.wait_for_timeout(200)
        after = page.evaluate("Array.from(document.querySelectorAll('nav a')).map(a => a.textContent)")
        changed = page.evaluate("window.__changed")
        browser.close()
    return {"render_s": render, "browser_rows": rows, "dom_nodes": nodes, "click_s": click,
            "click_reply_bytes": reply_bytes, "click_mutations": changed,
            "click_nav_changed": sum(a != b for a, b in zip(summaries, after))}


def api_click(url: str, repeat: int) -> dict[str, float | str]:
    """Approve and undo of sentence 2 of the big document over HTTP, ``repeat`` times each (the median
    round trip), and the reply's fields."""
    import httpx

    base, token = url.split("?token=")[0], url.split("?token=")[1]
    times, keys, size = [], "", 0
    with httpx.Client(timeout=600) as client:
        page = client.get(url + "&doc=big").text
        rev = re.search(r'data-index="1" data-rev="(\d+)"', page)
        current = int(rev.group(1)) if rev else None
        for k in range(2 * repeat):  # approve, undo, …: the pair ends as it began
            body: dict[str, object] = {"doc": "big", "idx": 1, "action": "approve" if k % 2 == 0 else "undo"}
            if current is not None:
                body["rev"] = current
            t0 = time.perf_counter()
            r = client.post(base + "api/act", json=body, headers={"X-Review-Token": token})
            times.append(time.perf_counter() - t0)
            assert r.status_code == 200, (r.status_code, r.text[:300])
            reply = r.json()
            current = reply.get("rev", current)
            keys, size = ",".join(sorted(reply)), len(r.content)
    return {"act_s": statistics.median(times), "act_reply_bytes": size, "act_reply_keys": keys}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentences", type=int, default=25_000)
    ap.add_argument("--code", type=Path, help="a checkout of persian-translate to measure instead of this tree")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/translate-bench-review"))
    ap.add_argument("--rebuild", action="store_true", help="run `translate run` again even if the run is there")
    ap.add_argument("--repeat", type=int, default=5, help="HTTP measurements to take the median of")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()

    code = (args.code or ROOT).resolve()
    env = {**os.environ, "PYTHONPATH": str(code)}
    work = args.workdir / code.name
    work.mkdir(parents=True, exist_ok=True)
    out, built = build(work, env, args.sentences, args.rebuild)
    head = subprocess.run(["git", "-C", str(code), "log", "-1", "--format=%h"], capture_output=True, text=True).stdout
    dirty = subprocess.run(["git", "-C", str(code), "status", "--porcelain", "--", "translate"], capture_output=True,
                           text=True).stdout.strip()
    print(f"code: {code} at {head.strip()}{' + uncommitted changes' if dirty else ''}; "
          f"{os.cpu_count()} CPUs; {args.sentences} sentences + {SMALL_DOCS} short documents")
    if built is not None:
        print(f"translate run: {built:.1f} s")
    proc, url = serve(out, env)
    try:
        figures: dict[str, object] = {}
        figures.update(first_page(url, args.repeat))
        figures.update(api_click(url, args.repeat))
        chromium = shutil.which("chromium")
        if chromium and not args.no_browser:
            figures.update(browser_figures(url, chromium))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(f"first page: {figures['serve_s']:.3f} s to serve (min {figures['serve_min_s']:.3f} s), "
          f"{figures['bytes'] / 1e6:.2f} MB, {figures['rows']} rows")
    print(f"action over HTTP: {figures['act_s'] * 1000:.0f} ms a round trip, {figures['act_reply_bytes']} bytes "
          f"({figures['act_reply_keys']})")
    if "render_s" in figures:
        print(f"Chromium: {figures['render_s']:.2f} s to load and paint ({figures['browser_rows']} rows, "
              f"{figures['dom_nodes']} elements)")
        print(f"click (Approve): {figures['click_s'] * 1000:.0f} ms until the row shows it; reply "
              f"{figures['click_reply_bytes']} bytes; {figures['click_mutations']} DOM mutations; "
              f"{figures['click_nav_changed']} document summaries changed")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
