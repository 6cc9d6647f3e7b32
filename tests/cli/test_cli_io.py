"""Inputs and outputs of the command: compressed, columnar and many files,
nested and several fields, JSON values kept exactly as written."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pytest

from cleantext.cli import COMPRESSION_SUFFIXES, FORMAT_NAMES, main

WS = ["--passes", "normalize-whitespace"]


def run(capsysbinary, argv: list[str]) -> tuple[int, bytes, str]:
    code = main(argv)
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8")


def _zstd_compress(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor().compress(data)


def _zstd_decompress(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdDecompressor().stream_reader(data).read()


COMPRESS = {
    ".gz": (gzip.compress, gzip.decompress),
    ".bz2": (bz2.compress, bz2.decompress),
    ".xz": (lzma.compress, lzma.decompress),
    ".zst": (_zstd_compress, _zstd_decompress),
}
RECORDS = b'{"id": 1, "text": "a  b"}\n{"id": 2, "text": "c   d"}\n'
CLEANED = b'{"id": 1, "text": "a b"}\n{"id": 2, "text": "c d"}\n'


def test_the_help_lists_what_the_library_has() -> None:
    """--help names the formats and compressions without importing them; they match the tables."""
    from cleantext.io.formats import FORMATS
    from cleantext.io.streams import COMPRESSIONS

    assert FORMAT_NAMES == tuple(FORMATS)
    assert COMPRESSION_SUFFIXES == tuple(c.suffix for c in COMPRESSIONS.values())


class TestCompression:
    @pytest.mark.parametrize("suffix", list(COMPRESS))
    def test_in_and_out(self, capsysbinary, tmp_path: Path, suffix: str) -> None:
        """crawl.jsonl.gz was read as text ("invalid JSON" on every line); now
        the suffix names the compression, in and out."""
        compress, decompress = COMPRESS[suffix]
        src = tmp_path / f"crawl.jsonl{suffix}"
        src.write_bytes(compress(RECORDS))
        target = tmp_path / f"out.jsonl{suffix}"
        code, out, err = run(capsysbinary, [*WS, str(src), "-o", str(target)])
        assert (code, out, err) == (0, b"", "")
        assert decompress(target.read_bytes()) == CLEANED

    @pytest.mark.parametrize("suffix", list(COMPRESS))
    def test_stdin_is_recognised_by_its_magic_bytes(self, capsysbinary, stdin, suffix: str) -> None:
        stdin(COMPRESS[suffix][0](RECORDS))
        assert run(capsysbinary, ["--format", "jsonl", *WS]) == (0, CLEANED, "")

    def test_compressed_text_is_text(self, capsysbinary, tmp_path: Path) -> None:
        """A .txt.gz was written to stdout as compressed garbage with exit 0."""
        src = tmp_path / "a.txt.gz"
        src.write_bytes(gzip.compress(b"one  two\n"))
        assert run(capsysbinary, [*WS, str(src)]) == (0, b"one two\n", "")

    def test_skip_no_longer_drops_a_compressed_file(self, capsysbinary, tmp_path: Path) -> None:
        """With --on-error skip, a .jsonl.gz lost every record and exited 0."""
        src = tmp_path / "crawl.jsonl.gz"
        src.write_bytes(gzip.compress(RECORDS))
        assert run(capsysbinary, ["--format", "jsonl", "--on-error", "skip", *WS, str(src)]) == (0, CLEANED, "")

    def test_a_corrupt_file_is_one_line(self, capsysbinary, tmp_path: Path) -> None:
        src = tmp_path / "crawl.jsonl.gz"
        src.write_bytes(gzip.compress(RECORDS)[:-12])
        code, _, err = run(capsysbinary, [*WS, str(src)])
        assert code == 1 and err.count("\n") == 1
        assert err.startswith(f"cleantext: {src}: cannot read: not a valid gzip file")

    def test_missing_zstandard_names_the_extra(self, capsysbinary, tmp_path: Path, monkeypatch) -> None:
        import sys

        monkeypatch.setitem(sys.modules, "zstandard", None)
        src = tmp_path / "a.jsonl.zst"
        src.write_bytes(b"(\xb5/\xfd")
        code, _, err = run(capsysbinary, [str(src)])
        assert code == 2
        assert err == ("cleantext: zstandard is needed for this; install it with: pip install 'cleantext-news[zstd]'\n")


class TestFormats:
    def test_format_from_the_extension(self, capsysbinary, tmp_path: Path) -> None:
        """crawl.jsonl used to be read as one text document."""
        src = tmp_path / "crawl.jsonl"
        src.write_bytes(RECORDS)
        assert run(capsysbinary, [*WS, str(src)]) == (0, CLEANED, "")

    def test_csv(self, capsysbinary, tmp_path: Path) -> None:
        src = tmp_path / "a.csv"
        src.write_text('id,text,note\n1,"a  b, c",x  y\n2,"multi\nline  text",z\n', encoding="utf-8")
        target = tmp_path / "b.csv"
        assert run(capsysbinary, [*WS, str(src), "-o", str(target)])[0] == 0
        assert target.read_text(encoding="utf-8") == 'id,text,note\n1,"a b, c",x  y\n2,"multi\nline text",z\n'

    def test_csv_without_the_column(self, capsysbinary, tmp_path: Path) -> None:
        src = tmp_path / "a.csv"
        src.write_text("id,body\n1,x\n", encoding="utf-8")
        assert run(capsysbinary, [str(src)]) == (1, b"", f"cleantext: {src}: no column 'text'; columns: id, body\n")

    def test_parquet(self, capsysbinary, tmp_path: Path) -> None:
        pa = pytest.importorskip("pyarrow")  # the parquet extra; the test extra installs it
        import pyarrow.parquet as pq

        table = pa.table({"id": [1, 2, 3], "text": ["a  b", None, "c   d"], "score": [0.1, 1e300, -0.0]})
        pq.write_table(table, tmp_path / "in.parquet")
        target = tmp_path / "out.parquet"
        code, _, err = run(capsysbinary, [*WS, str(tmp_path / "in.parquet"), "-o", str(target)])
        assert code == 0
        assert err == "cleantext: 1 record with a null field 'text' passed through, first at " + (
            f"{tmp_path / 'in.parquet'}:row 2\n"
        )
        got = pq.read_table(target)
        assert got.schema == table.schema
        assert got.to_pydict() == {"id": [1, 2, 3], "text": ["a b", None, "c d"], "score": [0.1, 1e300, -0.0]}

    def test_parquet_is_not_written_to_stdout(self, capsysbinary, tmp_path: Path) -> None:
        """Parquet files were written to stdout as garbage with exit 0."""
        (tmp_path / "in.parquet").write_bytes(b"PAR1")
        with pytest.raises(SystemExit) as exc:
            main([str(tmp_path / "in.parquet")])
        assert exc.value.code == 2
        assert "Parquet output needs -o FILE.parquet or --output-dir" in capsysbinary.readouterr().err.decode()

    def test_output_format_must_match(self, capsysbinary, tmp_path: Path) -> None:
        src = tmp_path / "a.jsonl"
        src.write_bytes(RECORDS)
        with pytest.raises(SystemExit) as exc:
            main([str(src), "-o", str(tmp_path / "b.csv")])
        assert exc.value.code == 2
        assert "names csv output, but the input is jsonl" in capsysbinary.readouterr().err.decode()


class TestManyFiles:
    def test_text_documents_are_never_glued(self, capsysbinary, tmp_path: Path) -> None:
        (tmp_path / "a.txt").write_text("First doc.", encoding="utf-8")
        (tmp_path / "b.txt").write_text("Second doc.", encoding="utf-8")
        code, out, _ = run(capsysbinary, [*WS, str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
        assert code == 0 and out == b"First doc.\nSecond doc.\n"

    def test_one_text_document_stays_byte_exact(self, capsysbinary, tmp_path: Path) -> None:
        (tmp_path / "a.txt").write_text("no line end", encoding="utf-8")
        assert run(capsysbinary, [*WS, str(tmp_path / "a.txt")])[1] == b"no line end"

    def test_output_dir_mirrors_a_folder(self, capsysbinary, tmp_path: Path) -> None:
        src = tmp_path / "in"
        (src / "sub").mkdir(parents=True)
        (src / "a.txt").write_text("x  y", encoding="utf-8")
        (src / "sub" / "b.jsonl.gz").write_bytes(gzip.compress(RECORDS))
        (src / ".hidden").write_text("skip me", encoding="utf-8")
        out = tmp_path / "out"
        assert run(capsysbinary, [*WS, str(src), "--output-dir", str(out)]) == (0, b"", "")
        assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == ["a.txt", "sub/b.jsonl.gz"]
        assert (out / "a.txt").read_text(encoding="utf-8") == "x y"
        assert gzip.decompress((out / "sub" / "b.jsonl.gz").read_bytes()) == CLEANED

    def test_globs(self, capsysbinary, tmp_path: Path) -> None:
        for i in range(3):
            (tmp_path / f"p{i}.jsonl").write_bytes(RECORDS)
        code, out, _ = run(capsysbinary, [*WS, str(tmp_path / "p*.jsonl")])
        assert code == 0 and out == CLEANED * 3

    def test_a_glob_that_matches_nothing(self, capsysbinary, tmp_path: Path) -> None:
        code, _, err = run(capsysbinary, [str(tmp_path / "*.jsonl")])
        assert code == 1 and err == f"cleantext: {tmp_path / '*.jsonl'}: no files match\n"

    def test_fsspec_url(self, capsysbinary) -> None:
        fsspec = pytest.importorskip("fsspec")  # the fsspec extra; the test extra installs it
        fs = fsspec.filesystem("memory")
        fs.pipe("/crawl/a.jsonl.gz", gzip.compress(RECORDS))
        fs.pipe("/crawl/b.jsonl.gz", gzip.compress(RECORDS))
        try:
            assert run(capsysbinary, [*WS, "memory://crawl/*.jsonl.gz"]) == (0, CLEANED * 2, "")
        finally:
            fs.rm("/crawl", recursive=True)

    def test_output_dir_refuses_two_inputs_with_one_name(self, capsysbinary, tmp_path: Path) -> None:
        for d in ("x", "y"):
            (tmp_path / d).mkdir()
            (tmp_path / d / "a.txt").write_text("t", encoding="utf-8")
        argv = [str(tmp_path / "x" / "a.txt"), str(tmp_path / "y" / "a.txt"), "--output-dir", str(tmp_path / "o")]
        code, _, err = run(capsysbinary, argv)
        assert code == 2 and "would both be written to" in err
        assert not (tmp_path / "o").exists()


# Values other JSON tools change: a number too large for a float, negative
# zero, trailing zeros, an integer of 5,000 digits, escapes, odd spacing.
HOSTILE = (
    '{ "id" :1e400,"neg":-0, "dec": 1.10, "big": ' + "9" * 5000 + ', "esc": "caf\\u00e9 \\ud83d\\ude00",'
    '  "meta": {"body": "x  y", "n": [1.0, -0.0, 1E5]}, "text": "keep\\u00e9  this", "z": null }'
)


class TestFields:
    def test_other_bytes_unchanged(self, capsysbinary, stdin) -> None:
        """1e400 came out as Infinity, -0 as 0, 1.10 as 1.1, and the huge integer was a traceback."""
        stdin((HOSTILE + "\n").encode())
        code, out, err = run(capsysbinary, ["--format", "jsonl", "--field", "meta.body", *WS])
        assert (code, err) == (0, "")
        assert out.decode() == HOSTILE.replace('"x  y"', '"x y"') + "\n"

    def test_several_fields_and_unchanged_escapes(self, capsysbinary, stdin) -> None:
        stdin((HOSTILE + "\n").encode())
        argv = ["--format", "jsonl", "--field", "meta.body", "--field", "text", "--field", "esc", *WS]
        code, out, _ = run(capsysbinary, argv)
        # A field the pass changed is written anew; one it left alone keeps its escapes.
        expected = HOSTILE.replace('"x  y"', '"x y"').replace('"keep\\u00e9  this"', '"keepé this"')
        assert code == 0 and out.decode() == expected + "\n"

    def test_same_output_with_workers(self, capsysbinary, stdin) -> None:
        data = "".join(HOSTILE.replace("x  y", f"x  {i}") + "\n" for i in range(300)).encode()
        outs = []
        for jobs in ("1", "2"):
            stdin(data)
            outs.append(
                run(capsysbinary, ["--format", "jsonl", "--field", "meta.body", "-j", jobs, "--block-size", "8k"])
            )
        assert outs[0] == outs[1] and outs[0][0] == 0 and outs[0][1].count(b"\n") == 300

    def test_huge_integer_under_skip_with_jobs(self, capsysbinary, stdin) -> None:
        """A 5,000-digit integer was a traceback even under --on-error skip,
        and with --jobs 2 the records before it were lost."""
        lines = [json.dumps({"text": f"a  {i}"}) for i in range(50)]
        lines.insert(25, '{"text": "b  c", "n": ' + "1" * 5000 + "}")
        stdin(("\n".join(lines) + "\n").encode())
        code, out, err = run(capsysbinary, ["--format", "jsonl", "--on-error", "skip", "-j", "2", *WS])
        assert (code, err) == (0, "")
        assert out.count(b"\n") == 51 and b"1" * 5000 in out

    def test_duplicate_keys_are_reported(self, capsysbinary, stdin) -> None:
        stdin(b'{"text": "a", "text": "b  c"}\n{"text": "d"}\n')
        code, out, err = run(capsysbinary, ["--format", "jsonl", *WS])
        assert code == 0 and out == b'{"text": "a", "text": "b c"}\n{"text": "d"}\n'
        assert err == (
            "cleantext: <stdin>:1: duplicate key 'text'; the last one counts\n"
            "cleantext: 1 record with a duplicate key, first at <stdin>:1\n"
        )

    def test_nulls_are_passed_and_summarised_in_one_line(self, capsysbinary, stdin) -> None:
        """2,500 null fields gave 2,501 lines on stderr."""
        lines = ['{"text": "a  b"}', '{"text": "c"}'] + ['{"text": null}'] * 2500
        stdin(("\n".join(lines) + "\n").encode())
        code, out, err = run(capsysbinary, ["--format", "jsonl", *WS])
        assert code == 0 and out.count(b'{"text": null}\n') == 2500
        assert err == "cleantext: 2,500 records with a null field 'text' passed through, first at <stdin>:3\n"

    def test_on_null_error(self, capsysbinary, stdin) -> None:
        stdin(b'{"text": null}\n')
        code, _, err = run(capsysbinary, ["--format", "jsonl", "--on-null", "error"])
        assert code == 1
        assert (
            err == "cleantext: <stdin>:1: field 'text' is null (--on-null error) (--on-error skip or keep to go on)\n"
        )

    @pytest.mark.parametrize(
        ("line", "message"),
        [
            ('{"meta": 3}', "field 'meta' is int, not an object"),
            ('{"meta": {}}', "the record has no field 'meta.body' (see --field)"),
            ('{"meta": {"body": ["x"]}}', "field 'meta.body' is list, not a string"),
        ],
    )
    def test_nested_problems(self, capsysbinary, stdin, line: str, message: str) -> None:
        stdin((line + "\n").encode())
        code, _, err = run(capsysbinary, ["--format", "jsonl", "--field", "meta.body"])
        assert code == 1 and err == f"cleantext: <stdin>:1: {message} (--on-error skip or keep to go on)\n"

    def test_offsets_do_not_overwrite_a_field(self, capsysbinary, stdin) -> None:
        """--offsets id silently replaced the record's id."""
        stdin(b'{"id": 7, "text": "a  b"}\n')
        code, out, err = run(
            capsysbinary, ["--format", "jsonl", "--offsets", "--offsets-field", "id", "--on-error", "keep"]
        )
        assert code == 0 and out == b'{"id": 7, "text": "a  b"}\n'
        assert "the record already has a field 'id' (--offsets-field)" in err

    def test_offsets_equals_name_still_names_the_field(self, capsysbinary, stdin) -> None:
        stdin(b'{"text": "ok"}\n')
        code, out, _ = run(capsysbinary, ["--format", "jsonl", "--offsets=map"])
        assert code == 0 and json.loads(out) == {"text": "ok", "map": [0, 0, 2]}

    def test_offsets_takes_no_value(self, capsysbinary, tmp_path: Path) -> None:
        """--offsets med.jsonl took the file name as the field name and read stdin."""
        src = tmp_path / "med.jsonl"
        src.write_bytes(b'{"text": "a  b"}\n')
        code, out, _ = run(capsysbinary, ["--offsets", str(src), *WS])
        assert code == 0 and json.loads(out) == {"text": "a b", "offsets": [0, 0, 2, 2, 3, 1]}


class TestPipelineFromTheCommandLine:
    def names(self, argv: list[str]) -> tuple[str, ...]:
        from cleantext.cli import build_parser, build_pipeline

        return build_pipeline(build_parser().parse_args(argv)).names

    def test_add_in_preset_order(self) -> None:
        assert self.names(["--passes", "normalize-whitespace", "--add", "fix-encoding"]) == (
            "fix-encoding",
            "normalize-whitespace",
        )
        names = self.names(["--preset", "encoding", "--add", "strip-captions"])
        assert names == ("fix-encoding", "normalize-unicode", "normalize-whitespace", "strip-captions")

    def test_add_a_pass_no_preset_has_at_the_end(self) -> None:
        from cleantext.pipeline import Pipeline, list_presets
        from cleantext.registry import list_passes

        in_presets = {n for p in list_presets() for n in Pipeline.from_preset(p).names}
        extra = next(n for n in list_passes() if n not in in_presets and not n.startswith("textacy."))
        assert self.names(["--passes", "fix-encoding", "--add", extra]) == ("fix-encoding", extra)

    def test_set_options_by_type(self, capsysbinary, stdin) -> None:
        stdin("ﬁne".encode())
        assert (
            run(capsysbinary, ["--passes", "normalize-unicode", "--set", "normalize-unicode.form=NFKC"])[1] == b"fine"
        )

    @pytest.mark.parametrize(
        ("item", "message"),
        [
            ("normalize-unicode.form=XYZ", "--set normalize-unicode.form: expected one of NFC, NFKC"),
            ("normalize-unicode.colour=red", "pass 'normalize-unicode' has no option 'colour'; its options: form"),
            ("normalize-unicode", "expected PASS.OPTION=VALUE"),
            ("strip-captions.context=false", "'strip-captions' is not in the pipeline"),
        ],
    )
    def test_set_errors(self, capsysbinary, stdin, item: str, message: str) -> None:
        stdin(b"x")
        code, _, err = run(capsysbinary, ["--passes", "normalize-unicode", "--set", item])
        assert code == 2 and message in err and err.count("\n") == 1

    def test_toml_adds_removes_and_configures(self, capsysbinary, tmp_path: Path) -> None:
        config = tmp_path / "p.toml"
        config.write_text(
            'preset = "encoding"\nskip = ["normalize-whitespace"]\nadd = ["strip-captions"]\n'
            '[options.normalize-unicode]\nform = "NFKC"\n',
            encoding="utf-8",
        )
        assert self.names(["--config", str(config)]) == ("fix-encoding", "normalize-unicode", "strip-captions")

    def test_list_passes_verbose_shows_options(self, capsysbinary) -> None:
        code, out, _ = run(capsysbinary, ["--list-passes", "-v"])
        text = out.decode()
        assert code == 0 and "\n    form = 'NFC': " in text


class TestEmptyInputs:
    @pytest.mark.parametrize(("name", "content"), [("a.jsonl", b""), ("a.txt", b""), ("a.csv", b"id,text\n")])
    def test_an_empty_input_makes_an_empty_output(
        self, capsysbinary, tmp_path: Path, name: str, content: bytes
    ) -> None:
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / name).write_bytes(content)
        out = tmp_path / "out"
        assert run(capsysbinary, [str(tmp_path / "in"), "--output-dir", str(out)]) == (0, b"", "")
        assert (out / name).read_bytes() == content


class TestCutStreams:
    def test_a_zstd_file_cut_inside_a_frame_is_an_error(self, capsysbinary, tmp_path: Path) -> None:
        """zstandard's reader stops quietly at a cut: the end of the input would be lost."""
        data = _zstd_compress(RECORDS * 1000)
        src = tmp_path / "a.jsonl.zst"
        src.write_bytes(data[:-20])
        code, _, err = run(capsysbinary, [*WS, str(src)])
        assert (
            code == 1
            and err == f"cleantext: {src}: cannot read: not a valid zstd file: the stream ends inside a frame\n"
        )

    def test_several_zstd_frames(self, capsysbinary, tmp_path: Path) -> None:
        src = tmp_path / "a.jsonl.zst"
        src.write_bytes(_zstd_compress(RECORDS) + _zstd_compress(RECORDS))
        assert run(capsysbinary, [*WS, str(src)]) == (0, CLEANED * 2, "")

    def test_bzip2_letters_at_the_start_of_a_text(self, capsysbinary, stdin) -> None:
        stdin(b"BZh  is not bzip2\n")
        assert run(capsysbinary, [*WS]) == (0, b"BZh is not bzip2\n", "")

    def test_an_input_without_documents_commits_the_output(self, capsysbinary, tmp_path: Path) -> None:
        (tmp_path / "empty.csv").write_bytes(b"")
        target = tmp_path / "out.csv"
        target.write_bytes(b"old")
        assert run(capsysbinary, [str(tmp_path / "empty.csv"), "-o", str(target)]) == (0, b"", "")
        assert target.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == ["empty.csv", "out.csv"]
