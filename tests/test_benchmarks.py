"""The benchmark scripts run on the bundled demo corpus: bench.py prints its figures, and
same_output.py says IDENTICAL against its own reference and finds a changed record."""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = str(ROOT / "src" / "aimaq" / "demo")
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench  # noqa: E402
import same_output  # noqa: E402


def test_bench_figures(capsys):
    assert bench.main([DEMO, "--json", "--jobs", "2"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["documents"] == 5 and out["ratio"] > 0 and out["peak_memory_mb"] > 0
    assert out["extract_jobs"]["jobs"] == 2 and out["extract_jobs"]["docs_per_s"] > 0


def test_same_output_finds_a_change(tmp_path, capsys):
    ref = tmp_path / "ref.jsonl"
    assert same_output.main(["write", str(ref), DEMO]) == 0
    assert same_output.main(["check", str(ref), DEMO]) == 0
    assert "IDENTICAL" in capsys.readouterr().out
    lines = ref.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["mentions"] = first["mentions"][1:]
    ref.write_text("\n".join([json.dumps(first, ensure_ascii=False, sort_keys=True), *lines[1:]]) + "\n",
                   encoding="utf-8")
    assert same_output.main(["check", str(ref), DEMO]) == 1
    out = capsys.readouterr().out
    assert f"DIFF {first['id']} mentions" in out and "1 documents differ" in out
